import { show } from '../../../core/validation';
import { found, GuardrailRule } from '../../rule';


export const apiKeyCreationRestricted: GuardrailRule = {
  id: 'IBM-ACC-1',
  level: 'error',
  types: ['ibm_iam_account_settings'],
  title: 'API key creation not restricted (checkov CKV2_IBM_3)',
  finding: 'any user of the account may create API keys',
  fix: 'set restrict_create_platform_apikey = "RESTRICTED" (AccountSecurity does by default) and give the User API key creator role to those who need it',
  why: 'Unrestricted, every user can mint long-lived keys that carry all of their access and outlive their session and MFA. The setting affects user API keys; service ID keys are governed by service ID access.',
  source: 'IBM Cloud Docs, IAM: Restricting users from creating API keys (iam-restrict-api); mirrors checkov CKV2_IBM_3',
  mirrors: 'CKV2_IBM_3',
  check: (settings) => {
    const value = settings.config.restrict_create_platform_apikey;
    if (value === 'RESTRICTED') return undefined;
    return found(value === undefined ? 'restrict_create_platform_apikey is not set' : `restrict_create_platform_apikey = ${show(value)}`);
  },
};
