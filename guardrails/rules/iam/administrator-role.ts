import { found, GuardrailRule } from '../../rule';
import { hasRole, POLICY_TYPES } from './policies';

export const policyWithAdministrator: GuardrailRule = {
  id: 'IBM-IAM-2',
  level: 'error',
  types: POLICY_TYPES,
  judges: ['roles'],
  title: 'IAM policy granting Administrator',
  finding: 'the policy grants the Administrator platform role',
  fix: 'grant the service roles the identity needs (Reader, Writer, Manager); create and delete instances from the Terraform runner\'s own identity, outside this configuration',
  why: 'Administrator can change and delete the instance and assign access to it, so the identity can give itself or others any role. No application or replication needs it.',
  source: 'IBM Cloud Docs, IAM: IAM roles and actions, Cloudant section (iam-service-roles)',
  check: (policy) => (hasRole(policy, 'Administrator') ? found('roles include Administrator') : undefined),
};
