// The app command exactly as `cdktf synth` runs it (cdktf.json "app"), in a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const APP_COMMAND = (JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app.split(' ');

function runApp(environmentsDir: string, env: NodeJS.ProcessEnv = {}) {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'out-')), 'cdktf.out');
  const [command, ...args] = APP_COMMAND as [string, ...string[]];
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, ENVIRONMENTS_DIR: environmentsDir, CDKTF_OUTDIR: outdir, ...env },
    encoding: 'utf8',
  });
  return { ...result, outdir };
}

describe('the app command', () => {
  test('writes one stack per environment file', () => {
    const run = runApp(path.join(ROOT, 'environments'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(path.join(run.outdir, 'stacks')).sort()).toEqual(['dev', 'prod', 'reporting', 'staging']);
  });

  test('needs no Terraform on the machine: HCP Terraform and Schematics plan where they run (staging is on HCP Terraform)', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'bin-'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const run = runApp(path.join(ROOT, 'environments'), { PATH: bin });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const staging = JSON.parse(readFileSync(path.join(run.outdir, 'stacks', 'staging', 'cdk.tf.json'), 'utf8')) as { terraform: { cloud: unknown } };
    expect(staging.terraform.cloud).toEqual({ organization: 'acme-data', workspaces: { name: 'data-staging' } });
  });

  test('npm run synth (the README\'s command) runs the app itself: each problem once, then how many in how many files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'envs-'));
    writeFileSync(path.join(dir, 'dev.yaml'), 'acount: {}\n');
    const outdir = path.join(dir, 'cdktf.out');
    const run = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: ROOT, env: { ...process.env, ENVIRONMENTS_DIR: dir, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect([run.status, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe(
      [
        `${dir}/dev.yaml:1:1: account: required, but missing; add a mapping (key: value pairs)`,
        `${dir}/dev.yaml:1:1: acount: unknown key "acount"; did you mean "account"? allowed keys here: account, production, backend, engine, hcpAgentRunsNode, tags, cloudant, db2, identities, replications, network, accountSecurity, guardrails`,
        '2 problems in 1 file: no stack was synthesized; fix them and run again',
        '',
      ].join('\n'),
    );
    const good = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: ROOT, env: { ...process.env, ENVIRONMENTS_DIR: path.join(ROOT, 'environments'), CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect([good.status, good.stderr, good.stdout]).toEqual([0, '', `synthesized dev, prod, reporting, staging into ${path.join(outdir, 'stacks')}\n`]);
    // an output folder under the current one is named relative to it, as cdktf.out/stacks is
    const inside = path.join('node_modules', '.cache', 'ibm-data-guard', `synth-test-${process.pid}`);
    try {
      const run = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: ROOT, env: { ...process.env, ENVIRONMENTS_DIR: path.join(ROOT, 'environments'), CDKTF_OUTDIR: inside }, encoding: 'utf8' });
      expect([run.status, run.stdout]).toEqual([0, `synthesized dev, prod, reporting, staging into ${path.join(inside, 'stacks')}\n`]);
    } finally {
      rmSync(path.join(ROOT, inside), { recursive: true, force: true });
    }
  });

  test('bad files exit 1 with every problem, no stack trace, and no stack written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'envs-'));
    writeFileSync(path.join(dir, 'prod.yaml'), 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east }\ncloudant:\n  orders: { plan: gen3 }\n');
    writeFileSync(path.join(dir, 'dev.yaml'), 'acount: {}\n');
    const run = runApp(dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe([
      `${dir}/dev.yaml:1:1: account: required, but missing; add a mapping (key: value pairs)`,
      `${dir}/dev.yaml:1:1: acount: unknown key "acount"; did you mean "account"? allowed keys here: account, production, backend, engine, hcpAgentRunsNode, tags, cloudant, db2, identities, replications, network, accountSecurity, guardrails`,
      `${dir}/prod.yaml:3:19: cloudant.orders.plan: "gen3" is not allowed; use one of lite, standard, standard-gen2`,
      '3 problems in 2 files: no stack was synthesized; fix them and run again',
      '',
    ].join('\n'));
    expect(existsSync(run.outdir)).toBe(false);
  });
});

describe('the app command and the guardrails', () => {
  const RISKY = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east }\ncloudant:\n  scratch: { plan: standard, preventDestroy: false }\n';

  test('run by itself, an error finding exits 1 with the findings and no stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'envs-'));
    writeFileSync(path.join(dir, 'prod.yaml'), RISKY);
    const run = runApp(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^Encountered Annotations with level "ERROR":\n\[prod\/cloudant-scratch\/Resource\] IBM-CLD-3 ibm_cloudant\.cloudant-scratch_[0-9A-F]{8}: a production Cloudant instance or database can be destroyed by a plan: no lifecycle\.prevent_destroy = true\. Fix: .*\nfix the findings above, or suppress them with a reason \(docs\/guardrails\.md\)\n$/,
    );
  });

  test('under cdktf synth (which collects annotations itself), the stack is written and the CLI reports the error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'envs-'));
    writeFileSync(path.join(dir, 'prod.yaml'), RISKY);
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'out-')), 'cdktf.out');
    const [command, ...args] = APP_COMMAND as [string, ...string[]];
    const run = spawnSync(command, args, {
      cwd: ROOT,
      env: { ...process.env, ENVIRONMENTS_DIR: dir, CDKTF_OUTDIR: outdir, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' },
      encoding: 'utf8',
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: { prod: { annotations: { level: string; message: string }[] } } };
    expect(manifest.stacks.prod.annotations.map((annotation) => [annotation.level, annotation.message.split(':')[0]])).toEqual([['@cdktf/error', 'IBM-CLD-3 ibm_cloudant.cloudant-scratch_08B17806']]);
  });
});
