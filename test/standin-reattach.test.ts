// A check starts each stand-in once, for Terraform to reattach to: the starter returns once the
// stand-in listens, a stand-in ends with the process that owns it, and a check leaves none running.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MAGIC_COOKIE } from '../verify/plugin-handshake';
import { standinBundle } from '../verify/standin-bundle';
import { TerraformCheckError, verifyStack } from '../verify/terraform';
import { ACCOUNT, Json, NOW, synthesizedSamples } from './support/terraform-samples';

const STARTER = path.join(__dirname, '..', 'verify', 'standin-start.cjs');
const STANDIN = [process.execPath, standinBundle(path.join(__dirname, '..', 'verify', 'standin-provider.ts'))];
const standinEnv = (owner: number) => ({ PATH: process.env.PATH, STANDIN_PROVIDER: 'hashicorp/time', STANDIN_OWNER_PID: String(owner), [MAGIC_COOKIE.key]: MAGIC_COOKIE.value });

// the stand-ins a process owns, by what each was started with (Linux: /proc)
function standinsOwnedBy(owner: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`STANDIN_OWNER_PID=${owner}`);
      } catch {
        return false; // ended meanwhile, or not ours to read
      }
    })
    .map(Number);
}

// a stand-in signalled to stop ends on its own schedule; its end is what is waited for
async function untilNoStandinOf(owner: number): Promise<number[]> {
  for (let left = standinsOwnedBy(owner); ; left = standinsOwnedBy(owner)) {
    if (left.length === 0) return left;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the stand-in starter', () => {
  test('prints the pid and the handshake once the stand-in listens, and leaves it running', () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'starter-')), 'standin.log');
    const started = spawnSync(process.execPath, [STARTER, log, ...STANDIN], { env: standinEnv(process.pid), encoding: 'utf8' });
    expect([started.status, started.stderr]).toEqual([0, '']);
    expect(started.stdout).toMatch(/^\d+\|1\|5\|tcp\|127\.0\.0\.1:\d+\|grpc\n$/);
    const pid = Number(started.stdout.split('|')[0]);
    expect(standinsOwnedBy(process.pid)).toContain(pid);
    process.kill(pid, 'SIGTERM');
  });

  test('a stand-in that ends before its handshake: exit 1, and where its log is', () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'starter-')), 'standin.log');
    const started = spawnSync(process.execPath, [STARTER, log, process.execPath, '-e', 'process.stderr.write("no schema\\n"); process.exit(3)'], { encoding: 'utf8' });
    expect([started.status, started.stdout, started.stderr]).toEqual([1, '', `the stand-in ended (exit 3) before its handshake; see ${log}\n`]);
    expect(readFileSync(log, 'utf8')).toBe('no schema\n');
  });

  test('a command that cannot be run: exit 1, and why', () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'starter-')), 'standin.log');
    const started = spawnSync(process.execPath, [STARTER, log, '/nonexistent/stand-in'], { encoding: 'utf8' });
    expect([started.status, started.stdout, started.stderr]).toEqual([1, '', 'the stand-in could not be started: spawn /nonexistent/stand-in ENOENT\n']);
  });

  test('without a log file and a command: the usage, exit 2', () => {
    const started = spawnSync(process.execPath, [STARTER], { encoding: 'utf8' });
    expect([started.status, started.stderr]).toEqual([2, 'usage: standin-start.cjs <log file> <command> [args...]\n']);
  });
});

test('a stand-in ends when the process that owns it does', async () => {
  const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
  const standin = spawn(STANDIN[0]!, STANDIN.slice(1), { env: standinEnv(owner.pid!), stdio: ['ignore', 'pipe', 'inherit'] });
  const ended = new Promise<number | null>((resolve) => standin.on('exit', (code) => resolve(code)));
  await new Promise((resolve) => standin.stdout!.once('data', resolve));
  owner.kill('SIGKILL');
  expect(await ended).toBe(0);
});

describe('a check through Terraform', () => {
  test('leaves no stand-in running when it passes', async () => {
    const result = verifyStack(path.join(synthesizedSamples(), 'stacks', 'dev'), { accountId: ACCOUNT, region: 'us-south', now: NOW, planOnly: true });
    expect(result.steps.map((step) => step.step)).toEqual(['init', 'validate', 'plan', 'show']);
    expect(await untilNoStandinOf(process.pid)).toEqual([]);
  });

  test('leaves no stand-in running when Terraform refuses the plan, the first step that reattaches', async () => {
    const folder = path.join(mkdtempSync(path.join(tmpdir(), 'reattach-refused-')), 'dev');
    cpSync(path.join(synthesizedSamples(), 'stacks', 'dev'), folder, { recursive: true });
    const file = path.join(folder, 'cdk.tf.json');
    const stack = JSON.parse(readFileSync(file, 'utf8')) as { resource: Json; variable?: Record<string, unknown> };
    // validate does not evaluate preconditions; plan does, and this one fails
    stack.variable = { ...stack.variable, refuse: { type: 'bool', default: true } };
    Object.values(stack.resource.ibm_cloudant!)[0]!.lifecycle = { precondition: [{ condition: '${!var.refuse}', error_message: 'refused on purpose' }] };
    writeFileSync(file, JSON.stringify(stack));
    let refused: unknown;
    try {
      verifyStack(folder, { accountId: ACCOUNT, region: 'us-south', now: NOW, planOnly: true });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(TerraformCheckError);
    expect([(refused as TerraformCheckError).step, (refused as TerraformCheckError).output]).toEqual(['plan', expect.stringContaining('refused on purpose')]);
    expect(await untilNoStandinOf(process.pid)).toEqual([]);
  });
});
