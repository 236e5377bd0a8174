// The identity-hygiene workflow cannot run here; what it calls can. Its triggers, its
// permissions, that it only reads (no clean-up flag anywhere), that the commands it calls
// exist, and the issue command against a loopback GitHub API: created once, then edited.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runCommand } from './support/cli';
import { directoryWith } from './support/environment';
import { REPORT_MARKER } from '../hygiene';

const ROOT = path.resolve(__dirname, '..');
const WORKFLOW = parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'identity-hygiene.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: { run?: string; uses?: string; env?: Record<string, string> }[] }>;
};

test('weekly and on demand, reading only, with a reviewer key; it calls commands the repository has', () => {
  expect(WORKFLOW.on).toEqual({ schedule: [{ cron: '17 6 * * 1' }], workflow_dispatch: null });
  expect(WORKFLOW.permissions).toEqual({ contents: 'read', issues: 'write' });
  const steps = Object.values(WORKFLOW.jobs).flatMap((job) => job.steps);
  const runs = steps.map((step) => step.run ?? '').join('\n');
  expect(runs).not.toMatch(/--disable|--lock|--delete|--yes|identities enable/);
  expect([...runs.matchAll(/ibm-data-guard -- identities (\w+)/g)].map((match) => match[1])).toEqual(['report', 'issue']);
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts['ibm-data-guard']).toBe('tsx cli/main.ts');
  expect(steps.find((step) => step.run?.includes('identities report'))!.env).toEqual({ IAM_IDENTITY_APIKEY: '${{ secrets.IAM_IDENTITY_REVIEWER_APIKEY }}' });
  expect(steps.find((step) => step.uses?.startsWith('actions/upload-artifact'))).toBeDefined();
});

test('identities issue creates the issue once, then edits it in place', async () => {
  const issues: { number: number; body: string; title: string; labels: string[] }[] = [{ number: 3, body: 'an unrelated issue', title: 'x', labels: ['identity-hygiene'] }];
  const calls: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      calls.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      const url = new URL(request.url ?? '/', 'http://github.test');
      const send = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      if (request.method === 'GET' && url.pathname === '/repos/acme/data/issues') return send(200, issues.filter((issue) => issue.labels.includes(url.searchParams.get('labels') ?? '')));
      if (request.method === 'POST' && url.pathname === '/repos/acme/data/issues') {
        const payload = JSON.parse(text) as { title: string; body: string; labels: string[] };
        issues.push({ number: 9, ...payload });
        return send(201, { number: 9, html_url: 'https://github.example/acme/data/issues/9' });
      }
      const edit = /^\/repos\/acme\/data\/issues\/(\d+)$/.exec(url.pathname);
      if (request.method === 'PATCH' && edit) {
        Object.assign(issues.find((issue) => issue.number === Number(edit[1]))!, JSON.parse(text));
        return send(200, { number: Number(edit[1]), html_url: `https://github.example/acme/data/issues/${edit[1]}` });
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const dir = directoryWith({ 'report.md': '## Identity hygiene: first\n' });
    const env = { GITHUB_TOKEN: 'gh-test-token', GITHUB_REPOSITORY: 'acme/data', GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    const first = await runCommand(['identities', 'issue', '--file', 'report.md'], { cwd: dir, env });
    expect([first.status, first.stdout]).toEqual([0, 'created issue #9: https://github.example/acme/data/issues/9\n']);
    writeFileSync(path.join(dir, 'report.md'), '## Identity hygiene: second\n');
    const second = await runCommand(['identities', 'issue', '--file', 'report.md'], { cwd: dir, env });
    expect([second.status, second.stdout]).toEqual([0, 'updated issue #9: https://github.example/acme/data/issues/9\n']);
    expect(issues.map((issue) => [issue.number, issue.body])).toEqual([[3, 'an unrelated issue'], [9, `${REPORT_MARKER}\n## Identity hygiene: second\n`]]);
    expect(calls[1]).toBe('POST /repos/acme/data/issues Bearer gh-test-token');
    const missing = await runCommand(['identities', 'issue', '--file', 'report.md'], { cwd: dir, env: {} });
    expect([missing.status, missing.stderr]).toEqual([2, 'issue needs GITHUB_TOKEN and GITHUB_REPOSITORY in the environment\n']);
    // a repository the token may not write issues in: GitHub answers 404, and the message says which permission
    const refused = await runCommand(['identities', 'issue', '--file', 'report.md'], { cwd: dir, env: { ...env, GITHUB_REPOSITORY: 'acme/other' } });
    expect([refused.status, refused.stderr]).toEqual([2, 'GET /repos/acme/other/issues?state=open&labels=identity-hygiene&per_page=100&page=1: GitHub answered 404 Not Found (the workflow needs permissions: issues: write)\n']);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the post-apply workflow runs apply-steps for the environment it is given, with the deployer key, and undoes them on request', () => {
  const workflow = parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'post-apply-steps.yml'), 'utf8')) as {
    on: { workflow_dispatch: { inputs: Record<string, { required?: boolean; type?: string }> } };
    jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
  };
  expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual(['environment', 'destroy']);
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const run = steps.find((step) => step.run?.includes('apply-steps'))!;
  expect(run.run).toBe('npm run --silent ibm-data-guard -- apply-steps "${{ inputs.environment }}" --outputs "$RUNNER_TEMP/outputs.json" ${{ inputs.destroy && \'--destroy\' || \'\' }}');
  expect(run.env).toEqual({ IBMCLOUD_API_KEY: '${{ secrets.IBMCLOUD_API_KEY }}' });
  expect(steps.map((step) => step.run ?? '').join('\n')).toContain('output -json > "$RUNNER_TEMP/outputs.json"');
});
