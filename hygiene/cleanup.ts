// Clean-up of what the report found: disable (reversible, the default), lock, or delete the
// unmanaged inactive keys and service IDs. Nothing changes without --yes; nothing a stack
// manages is touched unless a reason is given; a locked key is never deleted. A record of
// everything it will act on is written before the first change, and `identities enable`
// reads it to undo.
import { writeFileSync, readFileSync } from 'node:fs';
import { call } from './account';
import type { Classified, HygieneEntry } from './classify';
import { HygieneError } from './errors';
import type { IdentityService } from './identity-service';

export const ACTIONS = ['disable', 'lock', 'delete'] as const;
export type CleanupAction = (typeof ACTIONS)[number];

export interface CleanupOptions {
  readonly action: CleanupAction;
  /** without it, a dry run */
  readonly yes: boolean;
  /** act on managed inactive identities too, for this reason */
  readonly includeManaged?: string;
  readonly recordFile: string;
  readonly now: Date;
}

export interface CleanupRecord {
  readonly written_at: string;
  readonly account_id: string;
  readonly action: CleanupAction;
  readonly include_managed_reason: string | null;
  readonly items: readonly {
    readonly kind: HygieneEntry['kind'];
    readonly id: string;
    readonly name: string;
    readonly iam_id: string | null;
    readonly owner: string | null;
    readonly description: string | null;
    readonly created_at: string | null;
    readonly expires_at: string | null;
    readonly last_authn: string | null;
    readonly managed_by: readonly string[];
  }[];
}

export interface CleanupOutcome {
  /** what the action applies to */
  readonly planned: readonly HygieneEntry[];
  readonly done: readonly HygieneEntry[];
  readonly skipped: readonly { entry: HygieneEntry; reason: string }[];
  readonly failed: readonly { entry: HygieneEntry; reason: string }[];
  readonly dryRun: boolean;
}

/** what the action would touch, and what it leaves alone and why */
export function cleanupTargets(classified: Classified, options: Pick<CleanupOptions, 'action' | 'includeManaged'>): { targets: HygieneEntry[]; skipped: { entry: HygieneEntry; reason: string }[] } {
  const targets: HygieneEntry[] = [];
  const skipped: { entry: HygieneEntry; reason: string }[] = [];
  for (const entry of classified.entries) {
    const candidate = entry.classification === 'unmanaged-inactive' || (entry.classification === 'managed-inactive' && options.includeManaged !== undefined);
    if (!candidate) {
      if (entry.classification === 'managed-inactive') skipped.push({ entry, reason: `managed by ${entry.managedBy.join(', ')}: Terraform owns it (--include-managed with a reason acts on it anyway)` });
      continue;
    }
    if (entry.kind === 'trusted-profile') skipped.push({ entry, reason: 'trusted profiles have no keys to disable; remove its links or delete it in IAM once you are sure' });
    else if (entry.kind === 'service-id' && options.action === 'disable') skipped.push({ entry, reason: 'IAM cannot disable a service ID: its keys are disabled one by one (use --lock to lock it)' });
    else if (options.action === 'delete' && entry.locked) skipped.push({ entry, reason: `it is locked, and a locked ${entry.kind === 'api-key' ? 'key' : 'service ID'} is never deleted: unlock it first if you mean it` });
    else if (options.action === 'delete' && entry.kind === 'service-id' && lockedKeysOf(classified, entry).length > 0) {
      // deleting a service ID deletes its keys, the locked ones too
      skipped.push({ entry, reason: `it holds locked keys (${lockedKeysOf(classified, entry).join(', ')}), which deleting it would delete: a locked key is never deleted` });
    }
    else if (options.action === 'lock' && entry.locked) skipped.push({ entry, reason: 'already locked' });
    else targets.push(entry);
  }
  return { targets, skipped };
}

function lockedKeysOf(classified: Classified, serviceId: HygieneEntry): string[] {
  return classified.entries.filter((entry) => entry.kind === 'api-key' && entry.iamId === serviceId.iamId && entry.locked).map((entry) => entry.id);
}

/**
 * Carries out the action (or, without `yes`, only says what it would do). The record is
 * written before the first change; a failure does not stop the rest.
 */
export async function cleanUp(service: IdentityService, classified: Classified, options: CleanupOptions): Promise<CleanupOutcome> {
  const { targets, skipped } = cleanupTargets(classified, options);
  if (!options.yes || targets.length === 0) return { planned: targets, done: [], skipped, failed: [], dryRun: !options.yes };
  writeRecord(options.recordFile, recordOf(classified, targets, options));
  const done: HygieneEntry[] = [];
  const failed: { entry: HygieneEntry; reason: string }[] = [];
  for (const entry of targets) {
    try {
      await call(`${options.action} ${entry.kind} ${entry.id}`, () => act(service, options.action, entry));
      done.push(entry);
    } catch (error) {
      failed.push({ entry, reason: (error as Error).message });
    }
  }
  return { planned: targets, done, skipped, failed, dryRun: false };
}

function act(service: IdentityService, action: CleanupAction, entry: HygieneEntry): Promise<unknown> {
  const id = entry.id;
  if (entry.kind === 'api-key') {
    if (action === 'disable') return service.disableApiKey({ id });
    if (action === 'lock') return service.lockApiKey({ id });
    return service.deleteApiKey({ id });
  }
  if (action === 'lock') return service.lockServiceId({ id });
  return service.deleteServiceId({ id });
}

function recordOf(classified: Classified, targets: readonly HygieneEntry[], options: CleanupOptions): CleanupRecord {
  return {
    written_at: options.now.toISOString(),
    account_id: classified.accountId,
    action: options.action,
    include_managed_reason: options.includeManaged ?? null,
    items: targets.map((entry) => ({
      kind: entry.kind,
      id: entry.id,
      name: entry.name,
      iam_id: entry.iamId ?? null,
      owner: entry.owner ?? null,
      description: entry.description ?? null,
      created_at: entry.createdAt ?? null,
      expires_at: entry.expiresAt ?? null,
      last_authn: entry.lastAuthn ?? null,
      managed_by: entry.managedBy,
    })),
  };
}

function writeRecord(file: string, record: CleanupRecord): void {
  try {
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HygieneError(`cannot write the record ${file} (${code === 'EEXIST' ? 'it exists: give another --record' : (error as Error).message}); nothing was changed`, 2);
  }
}

export function readRecord(file: string): CleanupRecord {
  let record: CleanupRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as CleanupRecord;
  } catch (error) {
    throw new HygieneError(`cannot read the record ${file}: ${(error as Error).message}`, 2);
  }
  if (!ACTIONS.includes(record?.action) || !Array.isArray(record.items)) throw new HygieneError(`${file} is not a record written by ibm-data-guard identities report`, 2);
  return record;
}

/** Undoes a record: enables what it disabled, unlocks what it locked. A delete cannot be undone. */
export async function undo(service: IdentityService, record: CleanupRecord, yes: boolean): Promise<{ done: string[]; failed: string[]; impossible: string[] }> {
  if (record.action === 'delete') {
    return { done: [], failed: [], impossible: record.items.map((item) => `${item.kind} ${item.name} (${item.id}) was deleted; recreate it from the record's metadata (name, description, owner ${item.iam_id ?? 'unknown'})`) };
  }
  const done: string[] = [];
  const failed: string[] = [];
  if (!yes) return { done: record.items.map((item) => `${item.kind} ${item.name} (${item.id})`), failed, impossible: [] };
  for (const item of record.items) {
    const what = `${record.action === 'disable' ? 'enable' : 'unlock'} ${item.kind} ${item.id}`;
    try {
      await call(what, () =>
        record.action === 'disable' ? service.enableApiKey({ id: item.id }) : item.kind === 'api-key' ? service.unlockApiKey({ id: item.id }) : service.unlockServiceId({ id: item.id }),
      );
      done.push(`${item.kind} ${item.name} (${item.id})`);
    } catch (error) {
      failed.push((error as Error).message);
    }
  }
  return { done, failed, impossible: [] };
}
