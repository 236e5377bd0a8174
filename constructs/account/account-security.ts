import { Construct } from 'constructs';
import { Annotations, Op, TerraformOutput, TerraformStack } from '../core/cdktf';
import { DataIbmIamAccountSettings, IamAccountSettings } from '../core/ibm-bindings';
import { validateAccountId } from '../core/identifiers';
import { stateOf } from '../core/tree-state';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import type { IIamIpAllowlist } from '../network/ip-allowlist';

/** The account-wide MFA settings IAM accepts, weakest first. */
export const MFA_SETTINGS = ['NONE', 'NONE_NO_ROPC', 'TOTP', 'TOTP4ALL', 'LEVEL1', 'LEVEL2', 'LEVEL3'] as const;
export type MfaSetting = (typeof MFA_SETTINGS)[number];

/** A seconds setting, or `NOT_SET` to fall back to IAM's default. */
export type SecondsSetting = number | 'NOT_SET';

export interface AccountSecurityProps {
  /** the account (32 hexadecimal characters); the plan fails if Terraform's API key belongs to another */
  readonly accountId: string;
  /**
   * The IAM IP allowlist. Required, because leaving `allowed_ip_addresses` out of the
   * settings clears any allowlist set elsewhere: say `IamIpAllowlist.NONE` to mean that.
   */
  readonly ipAllowlist: IIamIpAllowlist;
  /**
   * Only identities with the Service ID creator role on IAM Identity may create service IDs.
   * @default true
   */
  readonly restrictServiceIdCreation?: boolean;
  /**
   * Only identities with the User API key creator role may create user API keys (service ID
   * keys are governed by access to the service ID).
   * @default true
   */
  readonly restrictApiKeyCreation?: boolean;
  /**
   * Users see only the users they manage, not the whole account's list.
   * @default - the account's current setting is kept
   */
  readonly restrictUserListVisibility?: boolean;
  /**
   * MFA for the whole account. `TOTP4ALL` asks every user, federated or not, for a TOTP.
   * @default 'TOTP4ALL'
   */
  readonly mfa?: MfaSetting;
  /**
   * How long a login session may last, 900 to 86,400 seconds.
   * @default - the account's current setting is kept
   */
  readonly sessionExpirationSeconds?: SecondsSetting;
  /**
   * How long an idle login session lasts, 900 to 7,200 seconds.
   * @default - the account's current setting is kept
   */
  readonly sessionInvalidationSeconds?: SecondsSetting;
  /**
   * How many login sessions one identity may hold at once, at least 1.
   * @default - the account's current setting is kept
   */
  readonly maxSessionsPerIdentity?: SecondsSetting;
  /**
   * The lifetime of IAM access tokens, 900 to 3,600 seconds.
   * @default - the account's current setting is kept
   */
  readonly accessTokenExpirationSeconds?: SecondsSetting;
  /**
   * The lifetime of IAM refresh tokens, 900 to 2,592,000 seconds.
   * @default - the account's current setting is kept
   */
  readonly refreshTokenExpirationSeconds?: SecondsSetting;
}

// IBM's accepted ranges for the numeric settings, from the IAM Identity API.
const RANGES: readonly { readonly prop: keyof AccountSecurityProps; readonly min: number; readonly max?: number; readonly unit: string }[] = [
  { prop: 'sessionExpirationSeconds', min: 900, max: 86400, unit: 'seconds' },
  { prop: 'sessionInvalidationSeconds', min: 900, max: 7200, unit: 'seconds' },
  { prop: 'maxSessionsPerIdentity', min: 1, unit: 'sessions' },
  { prop: 'accessTokenExpirationSeconds', min: 900, max: 3600, unit: 'seconds' },
  { prop: 'refreshTokenExpirationSeconds', min: 900, max: 2592000, unit: 'seconds' },
];

/** the MFA settings that let users log in with a password alone */
export const MFA_WITHOUT_SECOND_FACTOR: readonly MfaSetting[] = ['NONE', 'NONE_NO_ROPC'];

// one settings object per account per app: two would overwrite each other on every apply
const MANAGED_ACCOUNTS_ID = 'ibm-data-guard-managed-accounts';

/**
 * The account's IAM settings (`ibm_iam_account_settings`): who may create service IDs and
 * API keys, MFA, session and token lifetimes, and the IAM IP allowlist, in one resource.
 *
 * An account has one such object. Terraform cannot create or delete it: it updates the
 * fields it is given, and `terraform destroy` leaves every setting as it is. Two of these
 * for the same account in one app are refused.
 */
export class AccountSecurity extends Construct {
  /** the Terraform resource, for escape hatches */
  public readonly resource: IamAccountSettings;
  public readonly ipAllowlist: IIamIpAllowlist;

  constructor(scope: Construct, id: string, props: AccountSecurityProps) {
    super(scope, id);
    const subject = `AccountSecurity ${this.node.path}`;
    throwIfProblems(subject, validateAccountSecurityProps(props));
    claimAccount(this, props.accountId, subject);

    this.ipAllowlist = props.ipAllowlist;
    const current = new DataIbmIamAccountSettings(this, 'current', {});
    const restriction = (restrict: boolean | undefined) => (restrict === undefined ? undefined : restrict ? 'RESTRICTED' : 'NOT_RESTRICTED');
    const seconds = (value: SecondsSetting | undefined) => (value === undefined ? undefined : String(value));
    this.resource = new IamAccountSettings(this, 'Resource', {
      restrictCreateServiceId: restriction(props.restrictServiceIdCreation ?? true),
      restrictCreatePlatformApikey: restriction(props.restrictApiKeyCreation ?? true),
      restrictUserListVisibility: restriction(props.restrictUserListVisibility),
      mfa: props.mfa ?? 'TOTP4ALL',
      sessionExpirationInSeconds: seconds(props.sessionExpirationSeconds),
      sessionInvalidationInSeconds: seconds(props.sessionInvalidationSeconds),
      maxSessionsPerIdentity: seconds(props.maxSessionsPerIdentity),
      systemAccessTokenExpirationInSeconds: seconds(props.accessTokenExpirationSeconds),
      systemRefreshTokenExpirationInSeconds: seconds(props.refreshTokenExpirationSeconds),
      // always written: left out, the provider sends an empty list and clears it
      allowedIpAddresses: props.ipAllowlist.value,
      lifecycle: {
        precondition: [
          {
            condition: Op.eq(current.accountId, props.accountId),
            errorMessage: `Terraform's API key belongs to another account than ${props.accountId}, whose settings this stack manages; run with an API key of that account`,
          },
        ],
      },
    });

    if (props.mfa && MFA_WITHOUT_SECOND_FACTOR.includes(props.mfa)) {
      Annotations.of(this).addWarning(`mfa ${props.mfa} lets users log in with a password alone; use TOTP4ALL or a LEVEL setting`);
    }
    if (props.restrictServiceIdCreation === false) Annotations.of(this).addWarning('every user may create service IDs (restrictServiceIdCreation: false)');
    if (props.restrictApiKeyCreation === false) Annotations.of(this).addWarning('every user may create API keys (restrictApiKeyCreation: false)');
  }

  /** an output at the top of the stack with the allowlist as applied, saying when a change takes full effect */
  public addIpAllowlistOutput(name = 'iam_ip_allowlist'): TerraformOutput {
    return new TerraformOutput(TerraformStack.of(this), name, { value: this.resource.allowedIpAddresses, description: IP_ALLOWLIST_OUTPUT_DESCRIPTION });
  }
}

/** the description of the allowlist output: the delay users must expect after a change */
export const IP_ALLOWLIST_OUTPUT_DESCRIPTION =
  'The IAM IP allowlist (a leading ? means monitor mode). IAM checks it when it issues a token, so tokens issued before a change stay valid for up to 60 minutes.';

function claimAccount(settings: AccountSecurity, accountId: string, subject: string): void {
  if (isUnresolved(accountId)) return;
  const claimed = stateOf(settings.node.root, MANAGED_ACCOUNTS_ID, () => new Map<string, string>());
  const owner = claimed.get(accountId);
  if (owner !== undefined) {
    throwIfProblems(subject, [
      {
        path: [],
        message: `the settings of account ${accountId} are already managed by ${owner}; an account has one settings object, and two stacks managing it would undo each other's changes: manage them in one stack only`,
      },
    ]);
  }
  claimed.set(accountId, settings.node.path);
}

/** every problem with account security props; the environment schema runs the same checks */
export function validateAccountSecurityProps(props: Omit<AccountSecurityProps, 'ipAllowlist' | 'accountId'> & { readonly accountId?: string }): Problem[] {
  const problems: Problem[] = validateAccountId(props.accountId);
  if (props.mfa !== undefined && !(MFA_SETTINGS as readonly string[]).includes(props.mfa)) {
    problems.push({ path: ['mfa'], message: `${show(props.mfa)} is not an MFA setting; use one of ${MFA_SETTINGS.join(', ')}` });
  }
  for (const { prop, min, max, unit } of RANGES) {
    const value = props[prop as keyof typeof props];
    if (value === undefined || value === 'NOT_SET' || isUnresolved(value)) continue;
    const range = max === undefined ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
      problems.push({ path: [prop], message: `${show(value)} is outside IBM's range; use ${range} (${unit}) or NOT_SET` });
    }
  }
  return problems;
}
