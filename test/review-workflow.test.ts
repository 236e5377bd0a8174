// The pull-request workflow cannot run here; what it calls can. Its npm scripts and files exist,
// and the plan script, run against a stand-in terraform, leaves one review per environment.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const WORKFLOW = parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'review.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, { if: string; steps: { run?: string; uses?: string }[] }>;
};

test('the workflow plans on pull requests, applies on merge, and calls only what the repository has', () => {
  expect(Object.keys(WORKFLOW.on)).toEqual(['pull_request', 'push']);
  expect(Object.entries(WORKFLOW.jobs).map(([name, job]) => [name, job.if])).toEqual([
    ['plan', "github.event_name == 'pull_request'"],
    ['apply', "github.event_name == 'push'"],
  ]);
  const runs = Object.values(WORKFLOW.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const called = [...runs.join('\n').matchAll(/npm run (?:--silent )?([\w-]+)/g)].map((match) => match[1]!);
  expect([...new Set(called)].sort()).toEqual(['guardrails', 'review', 'synth']);
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
}, 60_000);
