// One classification per identity and key of the account, and per managed one missing from
// it, from what IAM reports and what the stacks own.
import type { AccountInventory, ReportEntry } from './account';
import type { EnvironmentOwnership, ManagedIdentity } from './managed';

/** most urgent first: the order the report sorts by */
export const CLASSIFICATIONS = ['unmanaged-inactive', 'expired', 'managed-inactive', 'drift', 'no-expiry', 'locked-cannot-rotate', 'disabled', 'active'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** what a classification asks for: `action` (someone should act), `warning` (look), `ok` */
export type Level = 'action' | 'warning' | 'ok';

export const MEANING: Readonly<Record<Classification, { level: Level; text: string }>> = {
  'unmanaged-inactive': { level: 'action', text: 'no stack manages it and it has not authenticated in the window: a candidate to disable' },
  expired: { level: 'action', text: 'the key has expired (IAM deletes expired keys 90 days later)' },
  'managed-inactive': { level: 'warning', text: 'a stack manages it but it has not authenticated in the window: the application may be gone, or a rotated key never reached its consumer; look, never act' },
  drift: { level: 'warning', text: 'a stack manages it but it is not in the account: not deployed yet, or deleted outside Terraform' },
  'no-expiry': { level: 'warning', text: 'the key never expires' },
  'locked-cannot-rotate': { level: 'warning', text: 'the key is locked, and a stack rotates it: Terraform cannot delete a locked key when it rotates' },
  disabled: { level: 'ok', text: 'the key is disabled (IAM refuses it until it is enabled again)' },
  active: { level: 'ok', text: 'authenticated in the window, or created in it' },
};

export type EntryKind = 'api-key' | 'service-id' | 'trusted-profile';

export interface HygieneEntry {
  readonly kind: EntryKind;
  readonly id: string;
  readonly name: string;
  readonly classification: Classification;
  readonly level: Level;
  /** the environments whose stacks manage it */
  readonly managedBy: readonly string[];
  /** for a key: the service ID (or user) it belongs to */
  readonly owner?: string;
  readonly iamId?: string;
  /** the last authentication IAM reports; undefined: never (in the report) or within the window (not in it) */
  readonly lastAuthn?: string;
  readonly inReport: boolean;
  readonly createdAt?: string;
  readonly ageDays?: number;
  readonly expiresAt?: string;
  readonly locked?: boolean;
  readonly disabled?: boolean;
  readonly description?: string;
}

export interface Classified {
  readonly accountId: string;
  readonly days: number;
  readonly reference: string;
  readonly windowStart: string;
  readonly entries: readonly HygieneEntry[];
}

const DAY_MS = 86_400_000;

export function classify(inventory: AccountInventory, ownership: readonly EnvironmentOwnership[], now: Date, days: number): Classified {
  const windowStart = new Date(inventory.report.report_start_time || now.getTime() - days * DAY_MS);
  const owners = ownership.filter((each) => each.accountId === inventory.accountId);
  const inReport = (list: readonly ReportEntry[]) => new Map(list.map((entry) => [entry.id, entry]));
  const reported = { 'api-key': inReport(inventory.report.apikeys), 'service-id': inReport(inventory.report.serviceids), 'trusted-profile': inReport(inventory.report.profiles) };
  const serviceIdNames = new Map(inventory.serviceIds.map((each) => [each.iam_id, each.name]));
  const matched = new Set<ManagedIdentity>();

  // the environments that manage an account entity: by real ID where outputs were read, else by name
  const managersOf = (kind: EntryKind, id: string, name: string) => {
    const found = owners.flatMap((environment) => environment.identities.filter((identity) => identity.kind === kind && (environment.fromOutputs ? identity.id === id : identity.name === name)));
    found.forEach((identity) => matched.add(identity));
    return [...new Set(found.map((identity) => identity.environment))].sort();
  };

  const entry = (kind: EntryKind, base: { id: string; name: string; created_at?: string; iam_id?: string; description?: string }, extra: Partial<HygieneEntry> & { keyState?: { expiresAt?: string; locked: boolean; disabled?: boolean } }): HygieneEntry => {
    const managedBy = managersOf(kind, base.id, base.name);
    const report = reported[kind].get(base.id);
    const created = base.created_at ? new Date(base.created_at) : undefined;
    // in the report: no authentication in the window; made within the window, it is new rather than idle
    const inactive = report !== undefined && (created === undefined || created < windowStart);
    const key = extra.keyState;
    const classification: Classification =
      key?.disabled ? 'disabled'
      : key?.expiresAt && new Date(key.expiresAt) < now ? 'expired'
      : inactive ? (managedBy.length > 0 ? 'managed-inactive' : 'unmanaged-inactive')
      : key && !key.expiresAt ? 'no-expiry'
      : key?.locked && managedBy.length > 0 ? 'locked-cannot-rotate'
      : 'active';
    return {
      kind,
      id: base.id,
      name: base.name,
      classification,
      level: MEANING[classification].level,
      managedBy,
      owner: extra.owner,
      iamId: base.iam_id,
      lastAuthn: report?.last_authn,
      inReport: report !== undefined,
      createdAt: base.created_at,
      ageDays: created ? Math.floor((now.getTime() - created.getTime()) / DAY_MS) : undefined,
      expiresAt: key?.expiresAt,
      locked: key?.locked ?? extra.locked,
      disabled: key?.disabled,
      description: base.description,
    };
  };

  const entries: HygieneEntry[] = [
    ...inventory.apiKeys.map((key) => entry('api-key', key, { owner: serviceIdNames.get(key.iam_id) ?? key.iam_id, keyState: { expiresAt: key.expires_at, locked: key.locked, disabled: key.disabled } })),
    ...inventory.serviceIds.map((serviceId) => entry('service-id', serviceId, { locked: serviceId.locked })),
    ...inventory.profiles.map((profile) => entry('trusted-profile', profile, {})),
  ];
  // what the stacks own and the account does not have
  for (const environment of owners) {
    for (const identity of environment.identities) {
      if (matched.has(identity)) continue;
      entries.push({
        kind: identity.kind,
        id: identity.id ?? '',
        name: identity.name ?? identity.construct,
        classification: 'drift',
        level: 'warning',
        managedBy: [environment.environment],
        inReport: false,
      });
    }
  }
  entries.sort((a, b) => CLASSIFICATIONS.indexOf(a.classification) - CLASSIFICATIONS.indexOf(b.classification) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { accountId: inventory.accountId, days, reference: inventory.report.reference, windowStart: windowStart.toISOString(), entries };
}
