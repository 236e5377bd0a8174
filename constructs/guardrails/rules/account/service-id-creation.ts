import { show } from '../../../core/validation';
import { found, GuardrailRule } from '../../rule';


export const serviceIdCreationRestricted: GuardrailRule = {
  id: 'IBM-ACC-3',
  level: 'error',
  types: ['ibm_iam_account_settings'],
  title: 'Service ID creation not restricted (checkov CKV2_IBM_5)',
  finding: 'any user of the account may create service IDs',
  fix: 'set restrict_create_service_id = "RESTRICTED" (AccountSecurity does by default) and give the Service ID creator role to the Terraform runner',
  why: 'Service IDs are identities that need no person: unrestricted, any user can make one, give it the access they hold, and hand out its keys outside every review.',
  source: 'IBM Cloud Docs, IAM: Restricting users from creating service IDs (iam-restrict-service-id); mirrors checkov CKV2_IBM_5',
  mirrors: 'CKV2_IBM_5',
  check: (settings) => {
    const value = settings.config.restrict_create_service_id;
    if (value === 'RESTRICTED') return undefined;
    return found(value === undefined ? 'restrict_create_service_id is not set' : `restrict_create_service_id = ${show(value)}`);
  },
};
