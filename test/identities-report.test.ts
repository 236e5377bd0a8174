// ibm-data-guard identities report / enable, through IBM's Node SDK, against a loopback IAM
// Identity API (test/support/fake-iam-identity): a seeded account with every
// classification, asserted per identity, in all four formats; the clean-up and its undo;
// paging; a report that never finishes; partial failure; permissions; no key printed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeIamIdentity } from './support/fake-iam-identity';
import { directoryWith } from './support/environment';
import { CommandRun, runCommand } from './support/cli';
import { identityReport } from '../hygiene';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const REVIEWER_KEY = 'reviewer-canary-key-0001-abcdefghijklmnop';
const ADMIN_KEY = 'admin-canary-key-0002-abcdefghijklmnop';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sid = (n: number) => `ServiceId-${uuid(n)}`;
const iam = (n: number) => `iam-${sid(n)}`;

const PROD = `account: { id: ${ACCOUNT}, region: us-east }
backend: { type: local }
identities:
  orders-app:
    kind: serviceId
    keys:
      app: { rotationDays: 30 }
      batch: { rotationDays: 30 }
  reporting:
    kind: serviceId
    keys:
      jobs: { rotationDays: 60 }
  ghost:
    kind: serviceId
  orders-api:
    kind: trustedProfile
    kubernetesServiceAccounts:
      - { clusterCrn: "crn:v1:bluemix:public:containers-kubernetes:us-east:a/${ACCOUNT}:c0ffee0123456789abcd::", namespace: orders, serviceAccount: api }
`;

let fake: FakeIamIdentity;
let dir: string;

/** an account with one of each classification; now is 2026-12-01, so a 30-day window starts 2026-11-01 */
function seed(): void {
  const serviceId = (n: number, name: string, lastAuthn?: string, created = '2025-01-01T00:00:00Z') => fake.serviceIds.set(sid(n), { id: sid(n), iam_id: iam(n), name, created_at: created, locked: false, lastAuthn });
  const key = (id: string, name: string, owner: number, extra: Partial<Parameters<typeof fake.keys.set>[1]> = {}) =>
    fake.keys.set(id, { id, name, iam_id: iam(owner), created_at: '2025-06-01T00:00:00Z', expires_at: '2027-06-01T00:00+0000', locked: false, disabled: false, ...extra });
  serviceId(1, 'orders-app-prod', '2026-11-30T10:00:00Z');
  key('ApiKey-app', 'orders-app-prod-app', 1, { lastAuthn: '2026-11-30T10:00:00Z' });
  key('ApiKey-batch', 'orders-app-prod-batch', 1, { lastAuthn: '2026-11-29T10:00:00Z', locked: true });
  serviceId(2, 'reporting-prod', '2026-09-01T00:00:00Z');
  key('ApiKey-jobs', 'reporting-prod-jobs', 2);
  fake.profiles.set('Profile-api', { id: 'Profile-api', iam_id: 'iam-Profile-api', name: 'orders-api-prod', created_at: '2025-01-01T00:00:00Z', lastAuthn: '2026-11-30T00:00:00Z' });
  serviceId(3, 'legacy-batch', '2026-08-15T00:00:00Z');
  key('ApiKey-legacy1', 'legacy-batch-key1', 3, { expires_at: undefined });
  key('ApiKey-legacy2', 'legacy-batch-key2', 3, { locked: true, lastAuthn: '2026-03-01T00:00:00Z' });
  serviceId(4, 'ci-deployer', '2026-11-30T00:00:00Z');
  key('ApiKey-ci', 'ci-deployer-key', 4, { expires_at: undefined, lastAuthn: '2026-11-30T00:00:00Z' });
  key('ApiKey-expired', 'old-expired', 4, { expires_at: '2026-10-01T00:00+0000' });
  key('ApiKey-new', 'fresh-key', 4, { created_at: '2026-11-25T00:00:00Z' });
  key('ApiKey-off', 'switched-off', 3, { disabled: true });
}

beforeEach(async () => {
  fake = await new FakeIamIdentity().start();
  fake.caller(REVIEWER_KEY, 'iam-ServiceId-reviewer', ['report', 'list']);
  fake.caller(ADMIN_KEY, 'iam-ServiceId-admin', ['report', 'list', 'manage', 'delete']);
  fake.readsUntilReady = 2;
  dir = directoryWith({});
  writeFileSync(path.join(dir, 'prod.yaml'), PROD);
});

afterEach(async () => {
  await fake.stop();
});

async function identities(args: string[], key = REVIEWER_KEY, env: Record<string, string> = {}): Promise<CommandRun> {
  const result = await runCommand(['identities', ...args], {
    cwd: dir,
    env: { IAM_IDENTITY_URL: fake.url, IAM_IDENTITY_AUTH_URL: fake.url, IAM_IDENTITY_APIKEY: key, ENVIRONMENTS_DIR: dir, IDENTITY_REPORT_POLL_MS: '0', ...env },
  });
  for (const secret of [REVIEWER_KEY, ADMIN_KEY, ...fake.tokens]) expect(result.stdout + result.stderr).not.toContain(secret);
  return result;
}

type JsonReport = { account_id: string; report_reference: string; window_days: number; summary: Record<string, number>; entries: { kind: string; name: string; id: string | null; classification: string; level: string; managed_by: string[]; last_authn: string | null }[] };
const byName = (report: JsonReport) => Object.fromEntries(report.entries.map((entry) => [`${entry.kind} ${entry.name}`, [entry.classification, entry.managed_by.join(',')]]));

describe('identities report', () => {
  test('a clean account: every identity active and managed, exit 0', async () => {
    fake.serviceIds.set(sid(1), { id: sid(1), iam_id: iam(1), name: 'orders-app-prod', created_at: '2025-01-01T00:00:00Z', locked: false, lastAuthn: '2026-11-30T00:00:00Z' });
    writeFileSync(path.join(dir, 'prod.yaml'), `account: { id: ${ACCOUNT}, region: us-east }\nidentities:\n  orders-app: { kind: serviceId }\n`);
    const result = await identities(['report', '--format', 'json']);
    expect(result.status).toBe(0);
    expect(byName(JSON.parse(result.stdout) as JsonReport)).toEqual({ 'service-id orders-app-prod': ['active', 'prod'] });
    expect(result.stderr).toContain('waiting for IAM to build the inactivity report report-1 (1 check, ');
    // one IAM report, two forms: JSON for programs and Markdown for an issue
    const both = await identities(['report', '--format', 'json', '--out', 'report.json', '--markdown', 'report.md']);
    expect([both.status, both.stdout]).toEqual([0, '']);
    expect((JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport).report_reference).toBe('report-2');
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toContain(`## Identity hygiene: account \`${ACCOUNT}\`\n\nInactive means no authentication in 30 days (IAM report \`report-2\`, 2026-12-01). 1 active.\n`);
  });

  test('an account with every classification, each identity and key exactly; exit 1 for the ones to act on', async () => {
    seed();
    const result = await identities(['report', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(byName(report)).toEqual({
      'api-key legacy-batch-key1': ['unmanaged-inactive', ''],
      'api-key legacy-batch-key2': ['unmanaged-inactive', ''],
      'service-id legacy-batch': ['unmanaged-inactive', ''],
      'api-key old-expired': ['expired', ''],
      'api-key reporting-prod-jobs': ['managed-inactive', 'prod'],
      'service-id reporting-prod': ['managed-inactive', 'prod'],
      'service-id ghost-prod': ['drift', 'prod'],
      'api-key ci-deployer-key': ['no-expiry', ''],
      'api-key orders-app-prod-batch': ['locked-cannot-rotate', 'prod'],
      'api-key switched-off': ['disabled', ''],
      'api-key fresh-key': ['active', ''],
      'api-key orders-app-prod-app': ['active', 'prod'],
      'service-id ci-deployer': ['active', ''],
      'service-id orders-app-prod': ['active', 'prod'],
      'trusted-profile orders-api-prod': ['active', 'prod'],
    });
    expect(report.entries.map((entry) => entry.classification)).toEqual([
      'unmanaged-inactive', 'unmanaged-inactive', 'unmanaged-inactive', 'expired', 'managed-inactive', 'managed-inactive', 'drift', 'no-expiry', 'locked-cannot-rotate', 'disabled', 'active', 'active', 'active', 'active', 'active',
    ]);
    expect(report.summary).toEqual({ 'unmanaged-inactive': 3, expired: 1, 'managed-inactive': 2, drift: 1, 'no-expiry': 1, 'locked-cannot-rotate': 1, disabled: 1, active: 5 });
    expect(report.entries.find((entry) => entry.name === 'legacy-batch')!.last_authn).toBe('2026-08-15T00:00:00Z');
    // IAM was asked for 30 days, in hours
    expect(fake.requests.find((r) => r.method === 'POST' && r.path.includes('/report'))!.path).toBe(`/v1/activity/accounts/${ACCOUNT}/report?type=inactive&duration=720`);
  });

  test('the table, Markdown and CSV say the same', async () => {
    seed();
    const table = await identities(['report']);
    expect(table.stdout.split('\n')[0]).toBe(
      `account ${ACCOUNT}, inactive = no authentication in 30 days (report report-1): 3 unmanaged-inactive, 1 expired, 2 managed-inactive, 1 drift, 1 no-expiry, 1 locked-cannot-rotate, 1 disabled, 5 active`,
    );
    expect(table.stdout).toMatch(/\nCLASSIFICATION +KIND +NAME +ID +MANAGED BY +LAST AUTHENTICATION +AGE +EXPIRES +STATE\n/);
    expect(table.stdout).toMatch(/\nunmanaged-inactive +api-key +legacy-batch-key1 \(legacy-batch\) +ApiKey-legacy1 +- +never +548 d +never +-\n/);
    expect(table.stdout).not.toContain('\u001b[');
    const markdown = await identities(['report', '--format', 'markdown']);
    expect(markdown.stdout).toContain(`## Identity hygiene: account \`${ACCOUNT}\`\n`);
    expect(markdown.stdout).toContain('- **managed-inactive**: a stack manages it but it has not authenticated in the window: the application may be gone, or a rotated key never reached its consumer; look, never act\n');
    expect(markdown.stdout).toContain('| managed-inactive | api-key | reporting-prod-jobs (reporting-prod) | `ApiKey-jobs` | prod | never | 548 d | 2027-06-01 | - |\n');
    const csv = await identities(['report', '--format', 'csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('classification,kind,name,id,managed_by,last_authentication,age,expires,state');
    expect(lines).toHaveLength(16);
    expect(lines).toContain('locked-cannot-rotate,api-key,orders-app-prod-batch (orders-app-prod),ApiKey-batch,prod,within 30 d,548 d,2027-06-01,locked');
  });

  test('real IDs from the outputs decide: a same-named identity of another ID is not ours, and ours is drift', async () => {
    seed();
    const outputs = {
      managed_identities: {
        sensitive: false,
        value: {
          'prod/identity-orders-app': { kind: 'service-id', name: 'orders-app-prod', id: sid(1), iam_id: iam(1) },
          'prod/identity-orders-app/key-app': { kind: 'api-key', name: 'orders-app-prod-app', id: 'ApiKey-app', iam_id: iam(1) },
          'prod/identity-orders-app/key-batch': { kind: 'api-key', name: 'orders-app-prod-batch', id: 'ApiKey-batch', iam_id: iam(1) },
          'prod/identity-reporting': { kind: 'service-id', name: 'reporting-prod', id: sid(99), iam_id: iam(99) },
          'prod/identity-reporting/key-jobs': { kind: 'api-key', name: 'reporting-prod-jobs', id: 'ApiKey-jobs', iam_id: iam(99) },
          'prod/identity-ghost': { kind: 'service-id', name: 'ghost-prod', id: sid(98), iam_id: iam(98) },
          'prod/identity-orders-api': { kind: 'trusted-profile', name: 'orders-api-prod', id: 'Profile-api', iam_id: 'iam-Profile-api' },
        },
      },
    };
    writeFileSync(path.join(dir, 'prod-outputs.json'), JSON.stringify(outputs));
    const result = await identities(['report', '--format', 'json', '--outputs', 'prod=prod-outputs.json']);
    const entries = (JSON.parse(result.stdout) as JsonReport).entries;
    const reporting = entries.filter((entry) => entry.name === 'reporting-prod').map((entry) => [entry.id, entry.classification, entry.managed_by.join(',')]);
    expect(reporting).toEqual([[sid(2), 'unmanaged-inactive', ''], [sid(99), 'drift', 'prod']]);
    expect((JSON.parse(result.stdout) as JsonReport).entries.filter((entry) => entry.classification === 'drift').map((entry) => entry.id)).toEqual([sid(98), sid(99)]);
  });

  test('reads every page: 260 more keys come in three pages of 100', async () => {
    seed();
    for (let n = 0; n < 260; n++) fake.keys.set(`ApiKey-bulk-${n}`, { id: `ApiKey-bulk-${n}`, name: `bulk-${n}`, iam_id: iam(4), created_at: '2026-11-20T00:00:00Z', expires_at: '2027-01-01T00:00+0000', locked: false, disabled: false, lastAuthn: '2026-11-30T00:00:00Z' });
    const result = await identities(['report', '--format', 'json']);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.entries.filter((entry) => entry.kind === 'api-key')).toHaveLength(269);
    expect(fake.requests.filter((r) => r.path.startsWith('/v1/apikeys?')).map((r) => new URL(r.path, fake.url).searchParams.get('pagetoken'))).toEqual([null, '100', '200']);
    expect(result.stderr).toContain('listing API keys: 100 so far\nlisting API keys: 200 so far\n');
  });

  test('a report that never finishes: a clear timeout, exit 2 (the library, with a clock that moves only when it waits)', async () => {
    fake.readsUntilReady = 1_000_000;
    let clock = Date.UTC(2026, 11, 1);
    const progress: string[] = [];
    await expect(
      identityReport({
        env: { IAM_IDENTITY_URL: fake.url, IAM_IDENTITY_AUTH_URL: fake.url, IAM_IDENTITY_APIKEY: REVIEWER_KEY },
        days: 30,
        environmentsDir: dir,
        outputs: new Map(),
        format: 'json',
        colour: false,
        failOn: 'action',
        maxWaitMs: 60_000,
        pollMs: 5_000,
        waiting: { now: () => clock, sleep: async (ms) => void (clock += ms) },
        progress: (line) => progress.push(line),
      }),
    ).rejects.toThrow('the inactivity report report-1 was not ready after 60 s (IAM answers 204 while it builds it); run again later, or wait longer with --wait');
    expect(progress).toHaveLength(12);
    expect(progress[11]).toBe('waiting for IAM to build the inactivity report report-1 (12 checks, 55 s)');
  });

  test('a key without the report role: exit 2, naming the role on iam-identity', async () => {
    fake.caller('viewer-canary-key-0003-abcdefghijkl', 'iam-ServiceId-viewer', ['list']);
    const result = await identities(['report'], 'viewer-canary-key-0003-abcdefghijkl');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^creating the inactivity report: IAM refused it \(403: .*\); the key needs Service Configuration Reader \(or Administrator\) on the IAM Identity Service \(iam-identity\)\n$/);
  });

  test('429 with Retry-After is waited out by the SDK, then the report goes on', async () => {
    seed();
    fake.inject('GET', /^\/v1\/serviceids\/?$/, { kind: 'status', status: 429, retryAfter: '1' });
    const result = await identities(['report', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(fake.requests.filter((r) => /^\/v1\/serviceids\/?\?/.test(r.path)).map((r) => r.status)).toEqual([429, 200]);
  });

  test('a report IAM no longer has (404), a key IAM does not know, and a 503 that passes', async () => {
    fake.inject('GET', /\/report\/report-1$/, { kind: 'status', status: 404 });
    const gone = await identities(['report']);
    expect(gone.status).toBe(2);
    expect(gone.stderr.trim().split('\n').pop()).toBe('reading the inactivity report: IAM no longer has it (404: injected); IAM keeps only the latest report and deletes older ones when a new one is made: run again');
    const unknownKey = await identities(['report'], 'not-a-key-iam-knows-0123456789');
    expect(unknownKey.status).toBe(2);
    expect(unknownKey.stderr.trim().split('\n').pop()).toMatch(/^creating the inactivity report: .*Provided API key could not be found/);
    seed();
    fake.inject('GET', /^\/v1\/profiles$/, { kind: 'status', status: 503 });
    const retried = await identities(['report', '--format', 'json']);
    expect(retried.status).toBe(1);
    expect(fake.requests.filter((r) => r.path.startsWith('/v1/profiles')).map((r) => r.status)).toEqual([503, 200]);
  });

  test('a poll interval that is not a whole number of milliseconds: exit 2, naming the variable and the value', async () => {
    const result = await identities(['report'], REVIEWER_KEY, { IDENTITY_REPORT_POLL_MS: '2s' });
    expect([result.status, result.stderr]).toEqual([2, 'IDENTITY_REPORT_POLL_MS="2s" is not a whole number of milliseconds\n']);
    expect(fake.requests).toEqual([]);
  });

  test('bad arguments and files are named with the fix, exit 2, before IAM is asked', async () => {
    writeFileSync(path.join(dir, 'not-json.json'), 'account: yes');
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ orders_url: { value: 'https://x' } }));
    writeFileSync(path.join(dir, 'not-a-record.json'), JSON.stringify({ action: 'shred', items: [] }));
    const cases: [string[], unknown][] = [
      [['report', '--account', 'ACC-1'], "error: option '--account <id>' argument 'ACC-1' is invalid. ACC-1 is not an account ID: 32 lowercase hexadecimal characters (ibmcloud target shows it)"],
      [['report', '--days', '0'], "error: option '--days <n>' argument '0' is invalid. 0: give a whole number from 1 to 365"],
      [['report', '--outputs', 'prod-outputs.json'], "error: option '--outputs <environment=file>' argument 'prod-outputs.json' is invalid. prod-outputs.json: write <environment>=<file>, such as prod=prod-outputs.json"],
      [['report', '--outputs', 'prod=not-json.json'], expect.stringMatching(/^error: option '--outputs <environment=file>' argument 'prod=not-json\.json' is invalid\. cannot read not-json\.json as JSON \(.+\); write it with terraform output -json > not-json\.json$/)],
      [['report', '--outputs', 'qa=plan.json'], `outputs were given for qa, which is not an environment of ${dir} (prod)`],
      [['report', '--outputs', 'prod=plan.json'], 'the outputs of prod hold no managed_identities output; apply the stack first (it adds the output), or leave its outputs out to match by name'],
      [['report', '--disable', '--delete'], 'choose one of --disable, --delete'],
      [['report', '--yes'], '--yes, --include-managed and --record go with --disable, --lock or --delete'],
      [['enable', '--record', 'not-a-record.json'], `${path.join(dir, 'not-a-record.json')} is not a record written by ibm-data-guard identities report`],
      [['enable', '--record', 'missing.json'], `cannot read the record ${path.join(dir, 'missing.json')}: ENOENT: no such file or directory, open '${path.join(dir, 'missing.json')}'`],
    ];
    const seen: [string[], number, unknown][] = [];
    // commander follows an argument error with the command's help: the first line is the message
    for (const [args] of cases) seen.push([args, ...(await identities(args).then((result) => [result.status, result.stderr.split('\n')[0]!] as const))]);
    expect(seen).toEqual(cases.map(([args, message]) => [args, 2, message]));
    expect(fake.requests).toEqual([]);
  });

  test('no key anywhere: exit 2, naming the variables', async () => {
    const result = await identities(['report'], '', { IAM_IDENTITY_APIKEY: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('no API key: set IAM_IDENTITY_APIKEY (or IBMCLOUD_API_KEY) to a key with Service Configuration Reader on the IAM Identity Service (iam-identity); IAM_IDENTITY_URL and IAM_IDENTITY_AUTH_URL point it at another endpoint\n');
  });
});

describe('clean-up', () => {
  beforeEach(seed);

  test('a dry run says what it would disable and changes nothing', async () => {
    const result = await identities(['report', '--disable'], ADMIN_KEY);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      [
        'left alone: service-id legacy-batch (ServiceId-00000000-0000-4000-8000-000000000003): IAM cannot disable a service ID: its keys are disabled one by one (use --lock to lock it)',
        'left alone: api-key reporting-prod-jobs (ApiKey-jobs): managed by prod: Terraform owns it (--include-managed with a reason acts on it anyway)',
        'left alone: service-id reporting-prod (ServiceId-00000000-0000-4000-8000-000000000002): managed by prod: Terraform owns it (--include-managed with a reason acts on it anyway)',
        'would be disabled: api-key legacy-batch-key1 (ApiKey-legacy1)',
        'would be disabled: api-key legacy-batch-key2 (ApiKey-legacy2)',
        'dry run: nothing changed. Run again with --yes to disable these 2 (a record is written first).',
      ].join('\n'),
    );
    expect([...fake.keys.values()].filter((key) => key.disabled).map((key) => key.id)).toEqual(['ApiKey-off']);
    expect(fake.requests.filter((r) => r.method !== 'GET' && r.path !== '/identity/token' && !r.path.includes('/report'))).toEqual([]);
  });

  test('--disable --yes disables exactly the unmanaged inactive keys, writes the record first, says how to undo; enable undoes it', async () => {
    const result = await identities(['report', '--disable', '--yes', '--record', 'cleanup.json'], ADMIN_KEY);
    expect(result.status).toBe(1);
    expect([...fake.keys.values()].filter((key) => key.disabled).map((key) => key.id).sort()).toEqual(['ApiKey-legacy1', 'ApiKey-legacy2', 'ApiKey-off']);
    const record = JSON.parse(readFileSync(path.join(dir, 'cleanup.json'), 'utf8')) as { action: string; account_id: string; items: { id: string; name: string; iam_id: string }[] };
    expect([record.action, record.account_id, record.items.map((item) => [item.id, item.name, item.iam_id])]).toEqual(['disable', ACCOUNT, [['ApiKey-legacy1', 'legacy-batch-key1', iam(3)], ['ApiKey-legacy2', 'legacy-batch-key2', iam(3)]]]);
    expect(result.stderr).toContain(`disabled: api-key legacy-batch-key1 (ApiKey-legacy1)\ndisabled: api-key legacy-batch-key2 (ApiKey-legacy2)\nrecord of what was acted on: ${path.join(dir, 'cleanup.json')}\nto undo: ibm-data-guard identities enable --record ${path.join(dir, 'cleanup.json')} --yes\n`);
    const enable = await identities(['enable', '--record', 'cleanup.json', '--yes'], ADMIN_KEY);
    expect([enable.status, enable.stdout]).toEqual([0, 'enabled: api-key legacy-batch-key1 (ApiKey-legacy1)\nenabled: api-key legacy-batch-key2 (ApiKey-legacy2)\n']);
    expect([...fake.keys.values()].filter((key) => key.disabled).map((key) => key.id)).toEqual(['ApiKey-off']);
  });

  test('--delete never deletes a locked key, and a partial failure goes on with the rest and exits 1', async () => {
    fake.inject('DELETE', /^\/v1\/apikeys\/ApiKey-legacy1$/, { kind: 'status', status: 404 });
    const result = await identities(['report', '--delete', '--yes', '--record', 'delete.json'], ADMIN_KEY);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('left alone: api-key legacy-batch-key2 (ApiKey-legacy2): it is locked, and a locked key is never deleted: unlock it first if you mean it\n');
    expect(result.stderr).toMatch(/FAILED: api-key legacy-batch-key1 \(ApiKey-legacy1\): delete api-key ApiKey-legacy1: not found \(404: .*\)/);
    expect(result.stderr).toContain('left alone: service-id legacy-batch (ServiceId-00000000-0000-4000-8000-000000000003): it holds locked keys (ApiKey-legacy2), which deleting it would delete: a locked key is never deleted\n');
    expect(result.stderr).toContain('a delete cannot be undone: the record holds what is needed to recreate each one (name, description, owner)\n1 of 1 failed; the rest were deleted\n');
    expect(fake.keys.has('ApiKey-legacy2')).toBe(true);
    expect(fake.serviceIds.has(sid(3))).toBe(true);
  });

  test('managed identities are left alone unless a reason is given; a record that exists is never overwritten', async () => {
    writeFileSync(path.join(dir, 'taken.json'), '{}');
    const taken = await identities(['report', '--lock', '--yes', '--record', 'taken.json'], ADMIN_KEY);
    expect([taken.status, taken.stderr.trim().split('\n').pop()]).toEqual([2, `cannot write the record ${path.join(dir, 'taken.json')} (it exists: give another --record); nothing was changed`]);
    expect([...fake.keys.values()].filter((key) => key.locked).map((key) => key.id).sort()).toEqual(['ApiKey-batch', 'ApiKey-legacy2']);
    const shortReason = await identities(['report', '--lock', '--include-managed', 'because'], ADMIN_KEY);
    expect([shortReason.status, shortReason.stderr]).toEqual([2, '--include-managed needs a reason of at least 10 characters: why Terraform-managed identities may be changed behind its back\n']);
    const result = await identities(['report', '--lock', '--yes', '--include-managed', 'reporting was retired in ticket OPS-42', '--record', 'lock.json'], ADMIN_KEY);
    expect(result.status).toBe(1);
    expect(fake.keys.get('ApiKey-jobs')!.locked).toBe(true);
    expect(fake.serviceIds.get(sid(2))!.locked).toBe(true);
    expect(existsSync(path.join(dir, 'lock.json'))).toBe(true);
  });
});
