import { MFA_WITHOUT_SECOND_FACTOR } from '../../../constructs/account/account-security';
import { show } from '../../../constructs/core/validation';
import { found, GuardrailRule } from '../../rule';

const WITHOUT_MFA: readonly string[] = MFA_WITHOUT_SECOND_FACTOR;

export const accountMfa: GuardrailRule = {
  id: 'IBM-ACC-2',
  level: 'error',
  types: ['ibm_iam_account_settings'],
  judges: ['mfa'],
  title: 'Account without MFA (checkov CKV2_IBM_4)',
  finding: 'the account does not require multifactor authentication',
  fix: 'set mfa to TOTP, TOTP4ALL or LEVEL1 to LEVEL3 (AccountSecurity uses TOTP4ALL by default)',
  why: 'Without MFA a phished password is enough to sign in with all of a user\'s access, including the access that manages these data services. NONE_NO_ROPC only stops the password grant; it is still no MFA.',
  source: 'provider docs r/iam_account_settings (mfa: NONE, NONE_NO_ROPC, TOTP, TOTP4ALL, LEVEL1 to LEVEL3); mirrors checkov CKV2_IBM_4, which accepts NONE_NO_ROPC',
  mirrors: 'CKV2_IBM_4',
  check: (settings) => {
    const value = settings.config.mfa;
    if (value === undefined) return found('mfa is not set');
    return typeof value === 'string' && WITHOUT_MFA.includes(value) ? found(`mfa = ${show(value)}`) : undefined;
  },
};
