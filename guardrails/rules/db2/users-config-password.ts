import { found, GuardrailRule } from '../../rule';
import { blocks } from '../values';

export const db2UsersConfigPassword: GuardrailRule = {
  id: 'IBM-DB2-2',
  level: 'error',
  types: ['ibm_db2'],
  title: 'Password in Db2 users_config',
  finding: 'a Db2 user password is written in users_config, which the provider keeps unmarked in plans and state',
  fix: 'remove the password: map a service ID to an IAM user (Db2Instance.grantAccess), which authenticates with its API key and has no password',
  why: 'No Db2 attribute of provider 2.5.0 is sensitive: the password is printed in every plan, stored in clear in state, and shown by anything that renders them. A password user also bypasses IAM: no key expiry, no CBR, no IAM audit trail.',
  source: 'provider v2.5.0 ibm/service/db2/resource_ibm_db2_instance.go (users_config.password is a plain Optional string); IBM Cloud Docs, Db2 SaaS: IAM (db2-saas iam)',
  check: (element) => {
    // which users, never what the password is
    const withPassword = blocks(element.config.users_config)
      .map((user, index) => ({ user, index }))
      .filter(({ user }) => user.password !== undefined && user.password !== null && user.password !== '');
    return withPassword.length > 0 ? found(`users_config ${withPassword.map(({ user, index }) => (typeof user.id === 'string' ? `user ${user.id}` : `entry ${index}`)).join(', ')} set${withPassword.length === 1 ? 's' : ''} a password`) : undefined;
  },
};
