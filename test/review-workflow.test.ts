// The pull-request workflow cannot run here; what it calls can. Its npm scripts and files exist,
// and the plan script, run against a stand-in terraform, leaves one review per environment.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { runCommand } from './support/cli';
import { directoryWith } from './support/environment';

const ROOT = path.resolve(__dirname, '..');
type Job = { if?: string; needs?: string[]; environment?: string; concurrency?: { group: string; 'cancel-in-progress': boolean }; strategy?: { 'max-parallel'?: number; 'fail-fast'?: boolean; matrix: Record<string, unknown> }; steps: { run?: string; uses?: string; if?: string; with?: Record<string, unknown> }[] };
const WORKFLOW = parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'review.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const WORKFLOW_FILES = readdirSync(path.join(ROOT, '.github', 'workflows'));

test('every workflow file is a valid GitHub Actions workflow (action-validator)', async () => {
  const { validateWorkflow } = (await import('@action-validator/core')) as { validateWorkflow(text: string): { errors: unknown[] } };
  expect(WORKFLOW_FILES.sort()).toEqual(['identity-hygiene.yml', 'post-apply-steps.yml', 'review.yml']);
  for (const file of WORKFLOW_FILES) expect([file, validateWorkflow(readFileSync(path.join(ROOT, '.github', 'workflows', file), 'utf8')).errors]).toEqual([file, []]);
  expect(validateWorkflow('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n').errors).not.toEqual([]);
});

test('one plan and one apply job per environment, applies one at a time in order, each in its own GitHub environment', () => {
  expect(Object.keys(WORKFLOW.on)).toEqual(['pull_request', 'push']);
  const { environments, plan, apply, checks } = WORKFLOW.jobs as Record<string, Job>;
  expect([checks!.if, plan!.if, apply!.if]).toEqual(["github.event_name == 'pull_request'", "github.event_name == 'pull_request'", "github.event_name == 'push'"]);
  expect(environments!.steps.at(-1)!.run).toBe('npm run --silent ibm-data-guard -- ci environments --skip-local --github-output "$GITHUB_OUTPUT"');
  for (const job of [plan!, apply!]) {
    expect(job.needs).toEqual(['environments']);
    expect(job.strategy!.matrix).toEqual({ environment: '${{ fromJSON(needs.environments.outputs.matrix) }}' });
  }
  expect([apply!.strategy!['max-parallel'], apply!.strategy!['fail-fast']]).toEqual([1, true]);
  expect(apply!.environment).toBe('${{ matrix.environment.name }}');
  expect(apply!.concurrency).toEqual({ group: 'apply-${{ matrix.environment.name }}', 'cancel-in-progress': false });
  expect(plan!.concurrency!.group).toBe('plan-${{ matrix.environment.name }}-${{ github.event.pull_request.number }}');
  // every engine has its apply path
  expect(apply!.steps.map((step) => step.if).filter(Boolean)).toEqual([
    "matrix.environment.engine == 'local'",
    "matrix.environment.engine == 'local'",
    "matrix.environment.engine == 'hcp'",
    "matrix.environment.engine == 'schematics'",
  ]);
});

test('the Terraform version is pinned in one place, and the workflows call only what the repository has', () => {
  const all = WORKFLOW_FILES.map((file) => readFileSync(path.join(ROOT, '.github', 'workflows', file), 'utf8')).join('\n');
  expect(readFileSync(path.join(ROOT, '.terraform-version'), 'utf8').trim()).toMatch(/^1\.\d+\.\d+$/);
  expect(all).not.toMatch(/terraform_version: "?\d/);
  expect(all).not.toMatch(/TERRAFORM_VERSION: "\d/);
  const runs = Object.values(WORKFLOW.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const called = [...runs.join('\n').matchAll(/npm run (?:--silent )?([\w-]+)/g)].map((match) => match[1]!);
  expect([...new Set(called)].sort()).toEqual(['guardrails', 'ibm-data-guard', 'review', 'synth']);
  for (const name of called) expect(scripts[name]).toBeDefined();
  for (const file of runs.join('\n').match(/\.github\/scripts\/[\w.-]+/g) ?? []) expect(existsSync(path.join(ROOT, file))).toBe(true);
  expect(runs.join('\n')).toContain('apply -input=false plan.tfplan');
});

test('the plan script writes one review per environment and leaves no plan JSON behind', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'workflow-'));
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  // a stand-in terraform: `show -json` prints a plan that replaces a key whose value is a canary
  const plan = {
    format_version: '1.2',
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: 'ibm_iam_service_api_key.app',
        type: 'ibm_iam_service_api_key',
        action_reason: 'replace_by_triggers',
        change: { actions: ['create', 'delete'], before: { name: 'app', apikey: 'CANARY-never-shown' }, after: { name: 'app' }, before_sensitive: { apikey: true }, after_sensitive: {}, after_unknown: {} },
      },
    ],
  };
  writeFileSync(path.join(work, 'plan.json'), JSON.stringify(plan));
  writeFileSync(
    path.join(bin, 'terraform'),
    `#!/usr/bin/env bash\necho "$*" >> "${work}/calls"\ncase "$2" in\n  show) cat "${work}/plan.json" ;;\n  plan) touch "\${1#-chdir=}/plan.tfplan" ;;\nesac\n`,
  );
  chmodSync(path.join(bin, 'terraform'), 0o755);
  const stacks = path.join(work, 'stacks');
  for (const env of ['dev', 'prod']) mkdirSync(path.join(stacks, env), { recursive: true });
  const run = spawnSync('bash', [path.join(ROOT, '.github', 'scripts', 'plan-environments.sh'), stacks, path.join(work, 'reviews')], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    encoding: 'utf8',
  });
  expect([run.status, run.stderr]).toEqual([0, '']);
  expect(readdirSync(path.join(work, 'reviews')).sort()).toEqual(['dev.md', 'prod.md']);
  const review = readFileSync(path.join(work, 'reviews', 'prod.md'), 'utf8');
  expect(review).toContain('<!-- ibm-data-guard review: prod -->');
  expect(review).toContain('- 🟠 `ibm_iam_service_api_key.app` replaces the key');
  expect(review).not.toContain('CANARY');
  expect(readdirSync(path.join(stacks, 'prod')).sort()).toEqual(['plan.tfplan']);
  expect(readFileSync(path.join(work, 'calls'), 'utf8').split('\n').filter(Boolean).map((line) => line.replace(stacks, 'STACKS'))).toEqual([
    'init -input=false -no-color',
    'plan -input=false -no-color -lock-timeout=5m -out=plan.tfplan',
    'show -json plan.tfplan',
    'init -input=false -no-color',
    'plan -input=false -no-color -lock-timeout=5m -out=plan.tfplan',
    'show -json plan.tfplan',
  ].map((line, index) => `-chdir=STACKS/${index < 3 ? 'dev' : 'prod'}/ ${line}`));
  // a job of the matrix plans its own environment only
  const one = spawnSync('bash', [path.join(ROOT, '.github', 'scripts', 'plan-environments.sh'), stacks, path.join(work, 'one'), 'prod'], { cwd: ROOT, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
  expect([one.status, readdirSync(path.join(work, 'one'))]).toEqual([0, ['prod.md']]);
}, 60_000);

describe('ci environments', () => {
  const ACCOUNT = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east }\n';
  const S3 = 'backend: { type: s3, bucket: b, key: k, endpoint: "https://s3.us-east.cloud-object-storage.appdomain.cloud" }\n';
  const project = (files: Record<string, string>) => {
    const dir = directoryWith({ '.terraform-version': '1.11.4\n' });
    mkdirSync(path.join(dir, 'environments'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'environments', name), text);
    return dir;
  };

  test('lists the environments in apply order, production last, each with its engine, and writes the matrix for the jobs', async () => {
    const dir = project({ 'prod.yaml': `${ACCOUNT}${S3}`, 'staging.yaml': `${ACCOUNT}backend: { type: cloud, organization: acme, workspace: staging }\n`, 'reporting.yaml': `${ACCOUNT}engine: schematics\n`, 'dev.yaml': `${ACCOUNT}${S3}` });
    writeFileSync(path.join(dir, 'github-output'), '');
    const run = await runCommand(['ci', 'environments', '--github-output', 'github-output'], { cwd: dir, env: {} });
    const matrix = [
      { name: 'dev', engine: 'local', production: false },
      { name: 'reporting', engine: 'schematics', production: false },
      { name: 'staging', engine: 'hcp', production: false },
      { name: 'prod', engine: 'local', production: true },
    ];
    expect([run.status, JSON.parse(run.stdout)]).toEqual([0, matrix]);
    expect(readFileSync(path.join(dir, 'github-output'), 'utf8')).toBe(`matrix=${JSON.stringify(matrix)}\nterraform=1.11.4\n`);
  });

  test('refuses an environment with local state, saying what to configure; --skip-local skips it with the same reason', async () => {
    const dir = project({ 'dev.yaml': ACCOUNT, 'prod.yaml': `${ACCOUNT}${S3}` });
    const refused = await runCommand(['ci', 'environments'], { cwd: dir, env: {} });
    expect([refused.status, refused.stderr]).toEqual([1, `dev keeps its state in a local file, which a CI job loses when it ends (every plan would create everything); configure backend s3 (IBM Cloud Object Storage) or cloud (HCP Terraform) in ${path.join(dir, 'environments', 'dev.yaml')}, or skip it in CI with --skip-local\n`]);
    const skipped = await runCommand(['ci', 'environments', '--skip-local'], { cwd: dir, env: {} });
    expect([skipped.status, JSON.parse(skipped.stdout)]).toEqual([0, [{ name: 'prod', engine: 'local', production: true }]]);
    expect(skipped.stderr).toContain('skipped: dev keeps its state in a local file');
  });
});

describe('the review of a pull request from a fork', () => {
  test('goes to the job summary (a fork\'s token is read-only), and so does a comment GitHub refuses with 403', async () => {
    const dir = directoryWith({ 'prod.md': '<!-- ibm-data-guard review: prod -->\n### Configuration change review: `prod`\n', summary: '' });
    const summary = path.join(dir, 'summary');
    const fork = await runCommand(['review', 'comment', '--env', 'prod', '--file', 'prod.md'], { cwd: dir, env: { IS_FORK: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect([fork.status, fork.stdout]).toEqual([0, 'a pull request from a fork has a read-only token: the review of prod is in the job summary\n']);
    expect(readFileSync(summary, 'utf8')).toBe('<!-- ibm-data-guard review: prod -->\n### Configuration change review: `prod`\n\n');
    // a read-only token: GitHub answers 403 to the comment
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(request.method === 'GET' ? 200 : 403, { 'content-type': 'application/json' });
        response.end(request.method === 'GET' ? '[]' : JSON.stringify({ message: 'Resource not accessible by integration' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { GITHUB_TOKEN: 'read-only', GITHUB_REPOSITORY: 'acme/data', PR_NUMBER: '7', GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, GITHUB_STEP_SUMMARY: summary };
      const refused = await runCommand(['review', 'comment', '--env', 'prod', '--file', 'prod.md'], { cwd: dir, env });
      expect([refused.status, refused.stdout]).toEqual([0, 'GitHub refused the comment (403: the token is read-only): the review of prod is in the job summary\n']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
