// npm run bench:identities [-- --keys 5000 --service-ids 1000]: the identity report of a large
// account against the loopback IAM Identity stand-in, run as a user runs it (the command
// line, in its own process): wall and CPU seconds and peak memory of that process. A
// benchmark, not a test: it never fails on a time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { FakeIamIdentity } from '../../test/support/fake-iam-identity';

const ROOT = path.resolve(__dirname, '..', '..');
const KEY = 'bench-reviewer-key-0001-abcdefghijklmnop';

async function main(argv: string[]): Promise<void> {
  const count = (value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError(`${value}: give a whole number`);
    return number;
  };
  const options = new Command('bench:identities').exitOverride().option('--keys <n>', 'API keys in the account', count, 5000).option('--service-ids <n>', 'service IDs in the account', count, 1000).parse(argv, { from: 'user' }).opts<{ keys: number; serviceIds: number }>();
  const fake = await new FakeIamIdentity().start();
  const work = mkdtempSync(path.join(tmpdir(), 'ibm-data-guard-bench-identities-'));
  try {
    fake.caller(KEY, 'iam-ServiceId-bench', ['report', 'list']);
    fake.readsUntilReady = 2;
    for (let n = 0; n < options.serviceIds; n++) {
      const id = `ServiceId-${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
      fake.serviceIds.set(id, { id, iam_id: `iam-${id}`, name: `app-${n}`, created_at: '2025-01-01T00:00:00Z', locked: false, lastAuthn: n % 3 === 0 ? undefined : '2026-11-30T00:00:00Z' });
    }
    for (let n = 0; n < options.keys; n++) {
      const owner = `ServiceId-${String(n % Math.max(1, options.serviceIds)).padStart(8, '0')}-0000-4000-8000-000000000000`;
      fake.keys.set(`ApiKey-${n}`, { id: `ApiKey-${n}`, name: `key-${n}`, iam_id: `iam-${owner}`, created_at: '2025-06-01T00:00:00Z', expires_at: n % 5 === 0 ? undefined : '2027-06-01T00:00+0000', locked: false, disabled: false, lastAuthn: n % 4 === 0 ? undefined : '2026-11-30T00:00:00Z' });
    }
    writeFileSync(path.join(work, 'dev.yaml'), `account: { id: ${fake.accountId}, region: us-east }\nidentities:\n  app-1: { kind: serviceId }\n`);
    const usageFile = path.join(work, 'usage.json');
    const started = process.hrtime.bigint();
    // the stand-in answers from this process, so the command runs in its own
    const result = await runAsync(process.execPath, ['--require', path.join(__dirname, 'usage.cjs'), '--import', 'tsx', path.join(ROOT, 'cli', 'main.ts'), 'identities', 'report', '--format', 'json', '--out', path.join(work, 'report.json'), '--fail-on', 'never'], {
      cwd: ROOT,
      env: { ...process.env, BENCH_USAGE_FILE: usageFile, ENVIRONMENTS_DIR: work, IAM_IDENTITY_URL: fake.url, IAM_IDENTITY_AUTH_URL: fake.url, IAM_IDENTITY_APIKEY: KEY, IDENTITY_REPORT_POLL_MS: '500' },
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`the report failed (exit ${result.status}):\n${result.stderr}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuSeconds: number; maxRssKiB: number };
    const report = JSON.parse(readFileSync(path.join(work, 'report.json'), 'utf8')) as { entries: unknown[] };
    const requests = fake.requests.length;
    process.stdout.write(
      `${options.keys} API keys, ${options.serviceIds} service IDs: ${report.entries.length} entries classified, ${requests} HTTP requests\n` +
        `identities report: wall ${wall.toFixed(2)} s, CPU ${usage.cpuSeconds.toFixed(2)} s, peak memory ${(usage.maxRssKiB / 1024).toFixed(0)} MiB (2 report reads wait 0.5 s each)\n`,
    );
  } finally {
    await fake.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function runAsync(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stderr: string }> {
  // spawn, not spawnSync: the stand-in in this process must keep answering
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (!(error instanceof CommanderError)) process.stderr.write(`bench:identities: ${(error as Error).message}\n`);
  process.exit(error instanceof CommanderError && error.exitCode === 0 ? 0 : 2);
});
