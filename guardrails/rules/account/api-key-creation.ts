import type { GuardrailRule } from '../../rule';
import { requireRestricted } from './restricted-setting';

export const apiKeyCreationRestricted: GuardrailRule = {
  id: 'IBM-ACC-1',
  level: 'error',
  types: ['ibm_iam_account_settings'],
  judges: ['restrict_create_platform_apikey'],
  title: 'API key creation not restricted (checkov CKV2_IBM_3)',
  finding: 'any user of the account may create API keys',
  fix: 'set restrict_create_platform_apikey = "RESTRICTED" (AccountSecurity does by default) and give the User API key creator role to those who need it',
  why: 'Unrestricted, every user can mint long-lived keys that carry all of their access and outlive their session and MFA. The setting affects user API keys; service ID keys are governed by service ID access.',
  source: 'IBM Cloud Docs, IAM: Restricting users from creating API keys (iam-restrict-api); mirrors checkov CKV2_IBM_3',
  mirrors: 'CKV2_IBM_3',
  check: requireRestricted('restrict_create_platform_apikey'),
};
