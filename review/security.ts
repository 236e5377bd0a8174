// The changes that weaken protection, named for the reviewer: roles granted, policies widened,
// network restrictions relaxed, account restrictions lifted, credentials changed or replaced.
import { isJsonObject } from '../constructs/core/json';
import { MFA_WITHOUT_SECOND_FACTOR } from '../constructs/account/account-security';
import { POLICY_TYPES } from '../constructs/core/provider-facts';
import { tooWideText } from '../constructs/network/ip';
import { blocks, stringsOf } from '../constructs/core/terraform-json';
import { describeDb2Grant, Db2Grant } from '../constructs/db2/privileges';
import type { ReviewedChange } from './model';

export interface SecurityFlag {
  /** high: a reviewer must agree to it explicitly; medium: worth a look */
  readonly severity: 'high' | 'medium';
  readonly address: string;
  readonly message: string;
}

const field = (side: unknown, name: string): unknown => (isJsonObject(side) ? side[name] : undefined);

// resources whose replacement hands out a new credential
const CREDENTIAL_TYPES = ['ibm_iam_service_api_key', 'ibm_iam_api_key', 'ibm_resource_key', 'ibm_sm_iam_credentials_secret'];
const POWERFUL_ROLES = ['manager', 'administrator'];

export function securityFlags(change: ReviewedChange): SecurityFlag[] {
  const flags: SecurityFlag[] = [];
  const flag = (severity: SecurityFlag['severity'], message: string) => flags.push({ severity, address: change.address, message });
  const { before, after } = change;
  const exists = after !== undefined && after !== null && change.action !== 'delete' && change.action !== 'forget';

  if (POLICY_TYPES.includes(change.type) && exists) {
    const old = stringsOf(field(before, 'roles'));
    for (const role of stringsOf(field(after, 'roles')).filter((each) => !old.includes(each))) {
      const powerful = POWERFUL_ROLES.some((each) => role.toLowerCase().endsWith(each));
      flag(powerful ? 'high' : 'medium', `grants ${role}${change.action === 'create' ? ' (new policy)' : ''}`);
    }
    if (before !== undefined && before !== null) {
      const from = policyScope(before);
      const to = policyScope(after);
      if (to.level > from.level) flag('high', `widens the policy from ${from.label} to ${to.label}`);
    }
  }

  if (change.type === 'ibm_cbr_rule') {
    const was = field(before, 'enforcement_mode') ?? (before ? 'enabled' : undefined);
    const now = field(after, 'enforcement_mode') ?? 'enabled';
    if (change.action === 'delete') flag('high', 'removes a network rule: what it protected is reachable from any network');
    else if (was === 'enabled' && now !== 'enabled') flag('high', `turns network rule enforcement from enabled to ${String(now)}`);
  }

  if ((change.type === 'ibm_cbr_zone' || change.type === 'ibm_cbr_zone_addresses') && exists) {
    const old = zoneAddresses(before).map((each) => each.text);
    const added = zoneAddresses(after).filter((each) => !old.includes(each.text));
    // a new zone's addresses are all new: only the ones that open it too wide are worth a flag
    const newZone = change.action === 'create' && change.type === 'ibm_cbr_zone';
    const others: string[] = [];
    for (const address of added) {
      const wide = typeof address.value === 'string' ? tooWideText(address.value) : undefined;
      if (wide) flag('high', `🔴 opens the zone too wide: ${wide}`);
      else others.push(address.text);
    }
    if (!newZone && others.length > 0) flag('medium', `admits more addresses: ${others.join(', ')}`);
  }

  if (change.type === 'ibm_iam_account_settings' && exists) {
    for (const setting of ['restrict_create_service_id', 'restrict_create_platform_apikey']) {
      const was = field(before, setting);
      const now = field(after, setting);
      if (was === 'RESTRICTED' && now !== 'RESTRICTED') flag('high', `lifts ${setting}: ${String(was)} → ${String(now)}`);
    }
    const mfaWas = field(before, 'mfa');
    const mfaNow = field(after, 'mfa');
    if (typeof mfaNow === 'string' && (MFA_WITHOUT_SECOND_FACTOR as readonly string[]).includes(mfaNow) && mfaWas !== mfaNow && !(MFA_WITHOUT_SECOND_FACTOR as readonly string[]).includes(String(mfaWas))) flag('high', `turns MFA off: ${String(mfaWas)} → ${mfaNow}`);
    const listWas = String(field(before, 'allowed_ip_addresses') ?? '');
    const listNow = String(field(after, 'allowed_ip_addresses') ?? '');
    if (listWas.trim() !== '' && listNow.trim() === '') flag('high', 'clears the IAM IP allowlist: tokens can be made from any address');
    else if (listNow.startsWith('?') && !listWas.startsWith('?')) flag('high', 'puts the IAM IP allowlist in monitor mode: other addresses are logged, not refused');
    const entriesWas = allowlistEntries(listWas);
    const addedEntries = allowlistEntries(listNow).filter((each) => !entriesWas.includes(each));
    if (before !== undefined && before !== null && addedEntries.length > 0) flag('medium', `adds to the IAM IP allowlist: ${addedEntries.join(', ')}`);
  }

  for (const [type, setting] of [['ibm_cloudant', 'legacy_credentials'], ['ibm_iam_service_api_key', 'store_value'], ['ibm_iam_api_key', 'store_value']] as const) {
    if (change.type !== type || !exists) continue;
    const was = field(before, setting);
    const now = field(after, setting);
    if (before !== undefined && before !== null ? was !== now : now === true) flag('high', `changes ${setting}: ${String(was)} → ${String(now)}`);
  }

  if (change.type === 'terraform_data' && exists) {
    const was = db2Step(before);
    const now = db2Step(after);
    if (now?.role !== undefined && now.role !== was?.role) {
      if (now.role === 'bluadmin') flag('high', `🔴 makes Db2 user ${now.userId} bluadmin: it administers the whole database`);
      else if (was === undefined) flag('medium', `creates Db2 user ${now.userId} (${now.role}), mapped to a service ID`);
    }
    if (now?.grants !== undefined) {
      const old = new Set((was?.grants ?? []).map((grant) => describeDb2Grant(grant)));
      const added = now.grants.map((grant) => describeDb2Grant(grant)).filter((each) => !old.has(each));
      if (added.length > 0) flag(added.some((each) => /every table of schema/.test(each)) ? 'high' : 'medium', `grants Db2 user ${now.userId}: ${added.join(', ')}`);
    }
  }

  if (CREDENTIAL_TYPES.includes(change.type) && change.action === 'replace') {
    flag('medium', 'replaces the key: its consumers (replication documents, applications, secrets) must pick up the new one');
  }
  return flags;
}

/** the Db2 user step a terraform_data stands for (Db2User writes these literals into triggers_replace) */
function db2Step(side: unknown): { userId: string; role?: string; grants?: Db2Grant[] } | undefined {
  const triggers = field(side, 'triggers_replace');
  const userId = field(triggers, 'db2_user_id');
  if (typeof userId !== 'string') return undefined;
  const role = field(triggers, 'db2_role');
  const grants = field(triggers, 'db2_grants');
  let parsed: Db2Grant[] | undefined;
  try {
    parsed = typeof grants === 'string' ? (JSON.parse(grants) as Db2Grant[]) : undefined;
  } catch {
    parsed = undefined;
  }
  return { userId, role: typeof role === 'string' ? role : undefined, grants: Array.isArray(parsed) ? parsed : undefined };
}

/** how far a policy reaches: one database, one instance, a service, or everything */
function policyScope(policy: unknown): { level: number; label: string } {
  if (field(policy, 'account_management') === true) return { level: 3, label: 'account management' };
  const resources = blocks(field(policy, 'resources'))[0];
  const attributes = Object.fromEntries(blocks(field(policy, 'resource_attributes')).map((each) => [String(each.name), each.value]));
  const get = (block: string, attribute: string) => field(resources, block) ?? attributes[attribute];
  if (get('service_type', 'serviceType') !== undefined) return { level: 3, label: 'every IAM-enabled service' };
  if (get('resource_type', 'resourceType') === 'database' && get('resource', 'resource') !== undefined) return { level: 0, label: 'one database' };
  if (get('resource_instance_id', 'serviceInstance') !== undefined) return { level: 1, label: 'the whole instance' };
  if (get('service', 'serviceName') !== undefined) return { level: 2, label: `every instance of ${String(get('service', 'serviceName'))}` };
  return { level: 3, label: 'every IAM-enabled service' };
}

function zoneAddresses(zone: unknown): { readonly value: unknown; readonly text: string }[] {
  return blocks(field(zone, 'addresses')).map((address) => {
    const value = address.value === undefined || address.value === null ? JSON.stringify(address.ref ?? null) : String(address.value);
    return { value: address.value, text: `${String(address.type)} ${value}` };
  });
}

function allowlistEntries(list: string): string[] {
  return list
    .replace(/^\?/, '')
    .split(',')
    .map((each) => each.trim())
    .filter((each) => each !== '');
}
