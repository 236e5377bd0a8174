// The one command line: every subcommand explains itself, refuses what it does not know
// with the usage and exit 2, and never prints a stack trace.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCommand } from './support/cli';

async function cli(args: string[], cwd = mkdtempSync(path.join(tmpdir(), 'cli-'))) {
  return { ...(await runCommand(args, { cwd })), cwd };
}

const COMMANDS = [
  ['guardrails'],
  ['review'],
  ['review', 'plan'],
  ['review', 'synth'],
  ['review', 'comment'],
  ['conformance'],
  ['schema'],
  ['catalogue'],
  ['migrate-security'],
  ['replication-status'],
  ['verify'],
];

describe('ibm-data-guard', () => {
  test('--help lists every command', async () => {
    const run = await cli(['--help']);
    expect(run.status).toBe(0);
    for (const name of ['guardrails', 'review', 'conformance', 'schema', 'catalogue', 'migrate-security', 'replication-status', 'verify']) expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  test.each(COMMANDS)('%s %s --help shows the usage, and exit codes', async (...command) => {
    const words = command.filter(Boolean);
    const run = await cli([...words, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Usage: ibm-data-guard ${words.join(' ')} [options]`);
    expect(run.stdout).toMatch(/Exit codes: 0 /);
    if (words.length > 1 || !['review'].includes(words[0]!)) expect(run.stdout).toContain('Examples:\n  $ ibm-data-guard ');
    expect(run.stderr).toBe('');
  });

  // what each command requires, so the unknown option is the only mistake
  const REQUIRED: Record<string, string[]> = {
    'review synth': ['--base', 'HEAD'],
    'review comment': ['--env', 'prod', '--file', 'prod.md'],
    'migrate-security': ['security.json', '--instance', 'orders', '--database', 'orders'],
    verify: ['dev'],
  };

  test.each(COMMANDS)('%s %s with an unknown option exits 2 with the usage', async (...command) => {
    const words = command.filter(Boolean);
    const run = await cli([...words, ...(REQUIRED[words.join(' ')] ?? []), '--no-such-option']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown option '--no-such-option'\n/);
    expect(run.stderr).toContain(`Usage: ibm-data-guard ${words.join(' ')} [options]`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unknown command exits 2 and suggests the nearest', async () => {
    const run = await cli(['guardrail', 'cdktf.out']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'guardrail'\n(Did you mean guardrails?)");
  });

  test('--help does nothing else: schema writes no file, conformance reads no folder named --help', async () => {
    const schema = await cli(['schema', '--help']);
    expect(readdirSync(schema.cwd)).toEqual([]);
    const conformance = await cli(['conformance', '--help']);
    expect([conformance.status, conformance.stderr]).toEqual([0, '']);
  });

  test('a missing argument or a required option exits 2 with the usage', async () => {
    expect(await cli(['migrate-security', 'security.json'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: required option '--instance <key>' not specified\n/) });
    expect(await cli(['review', 'synth'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: required option '--base <ref>' not specified\n/) });
  });

  test('schema and catalogue write where they are told, relative to the working directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
    expect(await cli(['schema', '--out', 'env.schema.json'], dir)).toMatchObject({ status: 0, stdout: 'wrote env.schema.json\n' });
    expect(await cli(['catalogue', '--out', 'rules.md'], dir)).toMatchObject({ status: 0, stdout: 'wrote rules.md\n' });
    expect(readdirSync(dir).sort()).toEqual(['env.schema.json', 'rules.md']);
  });

  test('a failure of the input prints its reason, no stack trace, with the documented code', async () => {
    const run = await cli(['conformance', 'no-such-out']);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const missing = await cli(['migrate-security', 'missing.json', '--instance', 'orders', '--database', 'orders']);
    expect(missing).toMatchObject({ status: 1, stderr: 'missing.json: cannot be read (ENOENT)\n' });
  });
});
