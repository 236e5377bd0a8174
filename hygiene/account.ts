// What IAM knows about an account's identities: the inactivity report (created, then read
// until IAM has built it) and every API key, service ID and trusted profile (all pages).
import type { Waiting } from '../sdk/waiting';
import { HygieneError } from './errors';
import type { IdentityService } from './identity-service';

export interface ReportEntry {
  readonly id: string;
  readonly name?: string;
  /** absent when the identity never authenticated (as far as IAM keeps it) */
  readonly last_authn?: string;
}

export interface InactivityReport {
  readonly reference: string;
  readonly report_duration: string;
  readonly report_start_time: string;
  readonly report_end_time: string;
  readonly apikeys: readonly ReportEntry[];
  readonly serviceids: readonly ReportEntry[];
  readonly profiles: readonly ReportEntry[];
}

export interface AccountKey {
  readonly id: string;
  readonly name: string;
  readonly iam_id: string;
  readonly created_at?: string;
  readonly expires_at?: string;
  readonly locked: boolean;
  readonly disabled?: boolean;
  readonly description?: string;
}

export interface AccountServiceId {
  readonly id: string;
  readonly iam_id: string;
  readonly name: string;
  readonly created_at?: string;
  readonly locked: boolean;
  readonly description?: string;
}

export interface AccountProfile {
  readonly id: string;
  readonly iam_id: string;
  readonly name: string;
  readonly created_at?: string;
}

export interface AccountInventory {
  readonly accountId: string;
  readonly report: InactivityReport;
  readonly apiKeys: readonly AccountKey[];
  readonly serviceIds: readonly AccountServiceId[];
  readonly profiles: readonly AccountProfile[];
}

export interface ReadOptions {
  readonly accountId: string;
  /** the inactivity window; IAM takes it in hours */
  readonly days: number;
  /** how long to wait for the report */
  readonly maxWaitMs: number;
  readonly pollMs: number;
  readonly waiting: Waiting;
  /** progress lines, while the report is built and the lists are read */
  readonly progress: (line: string) => void;
}

const PAGE_SIZE = 100;

/** the report and the three lists of one account */
export async function readAccount(service: IdentityService, options: ReadOptions): Promise<AccountInventory> {
  const report = await inactivityReport(service, options);
  const apiKeys = await allPages('API keys', options, (pagetoken) => service.listApiKeys({ accountId: options.accountId, scope: 'account', pagesize: PAGE_SIZE, pagetoken }), (page) => page.apikeys);
  const serviceIds = await allPages('service IDs', options, (pagetoken) => service.listServiceIds({ accountId: options.accountId, pagesize: PAGE_SIZE, pagetoken }), (page) => page.serviceids);
  const profiles = await allPages('trusted profiles', options, (pagetoken) => service.listProfiles({ accountId: options.accountId, pagesize: PAGE_SIZE, pagetoken }), (page) => page.profiles);
  return { accountId: options.accountId, report, apiKeys: apiKeys as AccountKey[], serviceIds: serviceIds as AccountServiceId[], profiles: profiles as AccountProfile[] };
}

async function inactivityReport(service: IdentityService, options: ReadOptions): Promise<InactivityReport> {
  const hours = String(options.days * 24);
  const created = await call('creating the inactivity report', () => service.createReport({ accountId: options.accountId, type: 'inactive', duration: hours }));
  const reference = created.result.reference;
  const started = options.waiting.now();
  for (let reads = 1; ; reads++) {
    const response = await call('reading the inactivity report', () => service.getReport({ accountId: options.accountId, reference }));
    if (response.status === 200 && response.result && typeof response.result === 'object') {
      const result = response.result as unknown as InactivityReport;
      return { ...result, apikeys: result.apikeys ?? [], serviceids: result.serviceids ?? [], profiles: result.profiles ?? [] };
    }
    const waited = options.waiting.now() - started;
    if (waited >= options.maxWaitMs) {
      throw new HygieneError(`the inactivity report ${reference} was not ready after ${Math.round(waited / 1000)} s (IAM answers 204 while it builds it); run again later, or wait longer with --wait`, 2);
    }
    options.progress(`waiting for IAM to build the inactivity report ${reference} (${reads} ${reads === 1 ? 'check' : 'checks'}, ${Math.round(waited / 1000)} s)`);
    await options.waiting.sleep(options.pollMs);
  }
}

async function allPages<P, T>(what: string, options: ReadOptions, read: (pagetoken: string | undefined) => Promise<{ result: P }>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  let pagetoken: string | undefined;
  for (;;) {
    const page = (await call(`listing ${what}`, () => read(pagetoken))).result as P & { next?: string };
    all.push(...(items(page) ?? []));
    // IAM's next is a link; its pagetoken is the cursor (the Node SDK has no pager for it)
    const next = page.next ? new URL(page.next, 'https://iam.invalid').searchParams.get('pagetoken') : null;
    if (!next) return all;
    pagetoken = next;
    options.progress(`listing ${what}: ${all.length} so far`);
  }
}

// the role each action needs on iam-identity (IBM's roles table, B.2 of the research notes)
const NEEDED_ROLE: Readonly<Record<string, string>> = {
  'creating the inactivity report': 'Service Configuration Reader (or Administrator)',
  'reading the inactivity report': 'Service Configuration Reader (or Administrator)',
  'listing API keys': 'API key reviewer, Operator, Editor or Administrator (listing the whole account)',
  'listing service IDs': 'Viewer, Operator, Editor or Administrator',
  'listing trusted profiles': 'Viewer, Operator, Editor or Administrator',
};

/** one SDK call, its failures put in words: what was refused, and the role that would allow it */
export async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw describeSdkError(what, error, NEEDED_ROLE[what]);
  }
}

export function describeSdkError(what: string, error: unknown, role: string | undefined): HygieneError {
  const status = (error as { status?: number }).status;
  const message = (error as Error).message ?? String(error);
  if (status === 403) return new HygieneError(`${what}: IAM refused it (403: ${message}); the key needs ${role ?? 'a role that allows it'} on the IAM Identity Service (iam-identity)`, 2);
  if (status === 401) return new HygieneError(`${what}: IAM refused the key (401: ${message}); check IAM_IDENTITY_APIKEY (or IBMCLOUD_API_KEY)`, 2);
  if (status === 404 && what === 'reading the inactivity report') return new HygieneError(`${what}: IAM no longer has it (404: ${message}); IAM keeps only the latest report and deletes older ones when a new one is made: run again`, 2);
  if (status === 404) return new HygieneError(`${what}: not found (404: ${message}); check the account ID`, 2);
  return new HygieneError(`${what}: ${status ? `HTTP ${status}: ` : ''}${message}`, 2);
}
