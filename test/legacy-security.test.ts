// Migration from legacy _security documents to identities YAML.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LegacySecurityError, migrateLegacySecurity, parseEnvironmentFile } from '../environment';
import { resourcesOf, synthJson } from './support/synth';
import { directoryWith, stackFrom } from './support/environment';
import { runCommand } from './support/cli';

const OPTIONS = { instance: 'orders', database: 'orders', source: 'security.json' };
const BASE = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east, endpoints: public-and-private }\ncloudant:\n  orders:\n    plan: standard-gen2\n    databases: { orders: {} }\n';

describe('migrating a legacy _security document', () => {
  test('Cloudant format: one service ID per principal with the nearest role sets, warnings for what is not exact', () => {
    const result = migrateLegacySecurity(
      { _id: '_security', cloudant: { nobody: ['_reader'], 'apikey-v2-abc': ['_reader', '_replicator'], 'orders-svc': ['_reader', '_writer'], writer_only: ['_writer'], 'Admin.User': ['_admin', '_design', '_shards'] } },
      OPTIONS,
    );
    expect(result.warnings).toEqual([
      '"nobody" (anonymous access) with _reader: IAM has no anonymous access; dropped, so unauthenticated clients lose access',
      'writer_only: _writer → writer: IAM Writer also reads; legacy _writer without _reader could write but not read',
      'Admin.User: _admin → manager: Manager on the database, which also writes design documents and _security; the identity gets allowManager',
      'Admin.User: legacy role "_shards" has no IAM equivalent; dropped',
    ]);
    expect(result.yaml.split('\n').slice(0, 6)).toEqual([
      '# generated from security.json (database orders) by npm run migrate-security; review before use',
      ...result.warnings.map((warning) => `# warning: ${warning}`),
      'identities:',
    ]);
    // the output is a valid identities section, and synthesizes to database-scoped grants
    const json = synthJson(stackFrom(BASE + result.yaml));
    const policies = Object.values(resourcesOf(json, 'ibm_iam_service_policy'));
    expect(policies.map((policy) => [policy.description, policy.roles]).sort()).toEqual([
      ['Manager on database "orders" of Cloudant instance cloudant-orders (ibm-data-guard)', ['Manager']],
      ['Reader + Checkpointer on database "orders" of Cloudant instance cloudant-orders (ibm-data-guard)', ['Reader', 'Checkpointer']],
      ['Writer on database "orders" of Cloudant instance cloudant-orders (ibm-data-guard)', ['Writer']],
      ['Writer on database "orders" of Cloudant instance cloudant-orders (ibm-data-guard)', ['Writer']],
    ]);
    expect(Object.values(resourcesOf(json, 'ibm_iam_service_id')).map((id) => id.name).sort()).toEqual(['admin-user-dev', 'apikey-v2-abc-dev', 'orders-svc-dev', 'writer_only-dev']);
    expect(Object.values(resourcesOf(json, 'ibm_iam_service_api_key'))).toHaveLength(4);
  });

  test('CouchDB format: members write, admins manage, role groups are a warning', () => {
    const result = migrateLegacySecurity({ admins: { names: ['dba'], roles: ['ops'] }, members: { names: ['app'], roles: [] } }, OPTIONS);
    expect(result.warnings).toEqual([
      'admins.roles "ops": CouchDB role groups have no IAM equivalent; put their users in an access group (kind: accessGroup) instead',
      'dba: _admin → manager: Manager on the database, which also writes design documents and _security; the identity gets allowManager',
    ]);
    expect(result.yaml).toContain('  app:\n    kind: serviceId\n');
    expect(result.yaml).toContain('    allowManager: true\n');
  });

  test('refuses what is not a _security document', () => {
    expect(() => migrateLegacySecurity([], OPTIONS)).toThrow(new LegacySecurityError('security.json', 'is not a _security document; expected a JSON object such as {"cloudant": {"<api key>": ["_reader"]}}'));
    expect(() => migrateLegacySecurity({ ok: true }, OPTIONS)).toThrow('security.json: holds none of cloudant, members, admins; is this the output of GET /<database>/_security?');
    expect(() => migrateLegacySecurity({ cloudant: { k: '_reader' } }, OPTIONS)).toThrow('security.json: cloudant.k: expected a list of role names such as ["_reader", "_writer"]');
  });

  test('the command prints YAML on stdout and warnings on stderr, and exits 1 without a stack trace on bad input', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sec-'));
    const good = path.join(dir, 'security.json');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(good, JSON.stringify({ cloudant: { svc: ['_writer'] } }));
    writeFileSync(bad, '{ not json');
    const run = (args: string[]) => {
      try {
        const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'migrate-security', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return { code: 0, stdout, stderr: '' };
      } catch (error) {
        const failed = error as { status: number; stdout: string; stderr: string };
        return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
      }
    };
    const ok = run([good, '--instance', 'orders', '--database', 'orders']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('identities:\n  svc:\n');
    const failed = run([bad, '--instance', 'orders', '--database', 'orders']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(`${bad}: is not valid JSON (line 1, column 3); save the output of GET /orders/_security\n`);
    expect(run([good]).code).toBe(2);
  });
});

describe('migrate-security --into', () => {
  const PROD = `# yaml-language-server: $schema=../schemas/environment.schema.json
# Production
account: { id: 0123456789abcdef0123456789abcdef, region: us-east }
cloudant:
  orders: { plan: standard-gen2, databases: { orders: {} } }
identities:
  # the orders service
  orders-app:
    kind: serviceId
network: {}
`;
  const SECURITY = JSON.stringify({ cloudant: { 'apikey-reporting': ['_reader'], 'apikey-legacy-writer': ['_writer'] } });

  test("merges the identities into the file's own section, keeping comments and order, and the file still loads", async () => {
    const dir = directoryWith({ 'prod.yaml': PROD, 'security.json': SECURITY });
    const run = await runCommand(['migrate-security', 'security.json', '--instance', 'orders', '--database', 'orders', '--into', 'prod.yaml'], { cwd: dir });
    expect([run.status, run.stdout]).toEqual([0, 'added to prod.yaml: apikey-reporting, apikey-legacy-writer\n']);
    const merged = readFileSync(path.join(dir, 'prod.yaml'), 'utf8');
    expect(merged.startsWith('# yaml-language-server: $schema=../schemas/environment.schema.json\n# Production\n')).toBe(true);
    expect(merged).toContain('identities:\n  # the orders service\n  orders-app:\n    kind: serviceId\n  # generated from security.json (database orders) by npm run migrate-security; review before use\n');
    expect(merged.indexOf('apikey-reporting:')).toBeLessThan(merged.indexOf('network:'));
    expect(merged.match(/^identities:/gm)).toHaveLength(1);
    const loaded = parseEnvironmentFile('prod.yaml', Buffer.from(merged));
    expect('environment' in loaded && Object.keys(loaded.environment.settings.identities!)).toEqual(['orders-app', 'apikey-reporting', 'apikey-legacy-writer']);
  });

  test('refuses an identity the file already has, and writes nothing', async () => {
    const dir = directoryWith({ 'prod.yaml': PROD.replace('orders-app:', 'apikey-reporting:'), 'security.json': SECURITY });
    const before = readFileSync(path.join(dir, 'prod.yaml'), 'utf8');
    const run = await runCommand(['migrate-security', 'security.json', '--instance', 'orders', '--database', 'orders', '--into', 'prod.yaml'], { cwd: dir });
    expect([run.status, run.stderr.trim().split('\n').pop()]).toEqual([1, 'prod.yaml: already has identities apikey-reporting; rename them there, or print the migration to standard output (without --into) and merge by hand']);
    expect(readFileSync(path.join(dir, 'prod.yaml'), 'utf8')).toBe(before);
  });

  test('a file without an identities section gets one at the end', async () => {
    const dir = directoryWith({ 'dev.yaml': 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east }\ncloudant:\n  orders: { plan: standard-gen2, databases: { orders: {} } }\n', 'security.json': SECURITY });
    const run = await runCommand(['migrate-security', 'security.json', '--instance', 'orders', '--database', 'orders', '--into', 'dev.yaml'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(dir, 'dev.yaml'), 'utf8')).toMatch(/\nidentities:\n {2}# generated from security\.json/);
  });
});
