import { found, GuardrailRule } from '../../rule';
import { blocks } from '../values';

export const db2UsersConfig: GuardrailRule = {
  id: 'IBM-DB2-1',
  level: 'error',
  types: ['ibm_db2'],
  title: 'Db2 users written through users_config',
  finding: 'the Db2 instance declares users in users_config, whose failures the provider swallows',
  fix: 'remove users_config and map identities to Db2 users with Db2Instance.grantAccess (identities.<key>.db2 in the environment file), which fails the apply when a user is not there as declared',
  why: 'Provider 2.5.0 logs every users_config error and returns success, never reads users back (no drift), never deletes a removed user, and keeps each password unmarked in plan and state. An apply can succeed with no user created.',
  source: 'provider v2.5.0 ibm/service/db2/resource_ibm_db2_instance.go (userConfigValidation always returns nil; Read does not read users_config; no Sensitive attribute)',
  check: (element) => {
    const users = blocks(element.config.users_config);
    return users.length > 0 ? found(`users_config lists ${users.length} user${users.length === 1 ? '' : 's'}`) : undefined;
  },
};
