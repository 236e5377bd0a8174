import type { GuardrailRule } from '../../rule';
import { requireRestricted } from './restricted-setting';

export const serviceIdCreationRestricted: GuardrailRule = {
  id: 'IBM-ACC-3',
  level: 'error',
  types: ['ibm_iam_account_settings'],
  judges: ['restrict_create_service_id'],
  title: 'Service ID creation not restricted (checkov CKV2_IBM_5)',
  finding: 'any user of the account may create service IDs',
  fix: 'set restrict_create_service_id = "RESTRICTED" (AccountSecurity does by default) and give the Service ID creator role to the Terraform runner',
  why: 'Service IDs are identities that need no person: unrestricted, any user can make one, give it the access they hold, and hand out its keys outside every review.',
  source: 'IBM Cloud Docs, IAM: Restricting users from creating service IDs (iam-restrict-service-id); mirrors checkov CKV2_IBM_5',
  mirrors: 'CKV2_IBM_5',
  check: requireRestricted('restrict_create_service_id'),
};
