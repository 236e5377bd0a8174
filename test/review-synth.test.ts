// The review before a plan: synthesized stacks of two versions compared, per stack; and the
// pull-request comment kept to one per environment, against a loopback GitHub API.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderReview, reviewFromSynthesized, reviewMarker, reviewSynthesizedApps, upsertComment } from '../review';

const ROOT = path.resolve(__dirname, '..');
const meta = (path: string) => ({ '//': { metadata: { path, uniqueId: path.replace(/\//g, '_') } } });
const stack = (roles: string[], extra: Record<string, unknown> = {}, metaPath = 'dev/app/policy') => ({
  '//': { metadata: { stackName: 'dev', version: '0.21.0' } },
  terraform: { backend: { local: { path: '../../../terraform.dev.tfstate' } } },
  resource: {
    ibm_iam_service_policy: { app_policy: { ...meta(metaPath), iam_id: '${ibm_iam_service_id.app.iam_id}', roles, resources: { service: 'cloudantnosqldb', resource_instance_id: '${ibm_cloudant.orders.guid}' } } },
    ...extra,
  },
  output: { guid: { value: '${ibm_cloudant.orders.guid}' } },
});

describe('the synth review', () => {
  test('cdktf metadata alone is no change', () => {
    const model = reviewFromSynthesized(stack(['Reader']), stack(['Reader'], {}, 'dev/renamed/policy'), 'dev');
    expect(model.changes.map((change) => change.action)).toEqual(['no-op', 'no-op']);
    expect(renderReview(model)).toContain('**No changes** to the synthesized configuration.');
  });

  test('names what is added, removed and changed, with the same security flags as a plan', () => {
    const base = stack(['Reader'], { ibm_cloudant_database: { old: { db: 'old' } } });
    const head = { ...stack(['Reader', 'Manager'], { ibm_cbr_zone: { office: { name: 'office', addresses: [{ type: 'subnet', value: '0.0.0.0/0' }] } } }), terraform: { backend: { s3: { bucket: 'state' } } } };
    const model = reviewFromSynthesized(base, head, 'dev');
    expect(model.changes.filter((change) => change.action !== 'no-op').map((change) => [change.address, change.action])).toEqual([
      ['ibm_cbr_zone.office', 'create'],
      ['ibm_cloudant_database.old', 'delete'],
      ['ibm_iam_service_policy.app_policy', 'update'],
      ['terraform', 'update'],
    ]);
    const text = renderReview(model);
    expect(text).toContain('### Configuration change review: `dev`\n\n**1 to create · 2 to update · 1 to delete**');
    expect(text).toContain('- 🔴 `ibm_iam_service_policy.app_policy` grants Manager');
    expect(text).toContain('- 🔴 `ibm_cbr_zone.office` 🔴 opens the zone too wide: 0.0.0.0/0 is every IPv4 address');
    expect(text).toContain('| `backend.local.path` | `"../../../terraform.dev.tfstate"` | — |\n| `backend.s3.bucket` | — | `"state"` |');
  });

  test('reads two cdktf.out folders, a stack on one side only included, with the head\'s guardrail annotations', () => {
    const write = (out: string, name: string, json: unknown) => {
      mkdirSync(path.join(out, 'stacks', name), { recursive: true });
      writeFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
    };
    const base = mkdtempSync(path.join(tmpdir(), 'base-'));
    const head = mkdtempSync(path.join(tmpdir(), 'head-'));
    write(base, 'dev', stack(['Reader']));
    write(head, 'dev', stack(['Reader']));
    write(head, 'prod', stack(['Reader']));
    writeFileSync(
      path.join(head, 'manifest.json'),
      JSON.stringify({ stacks: { prod: { annotations: [{ level: '@cdktf/warn', constructPath: 'prod/app', message: 'IBM-IAM-4 ibm_iam_service_policy.app_policy: deprecated' }] } } }),
    );
    const models = reviewSynthesizedApps(base, head);
    expect(models.map((model) => [model.environment, model.changes.filter((change) => change.action === 'create').length, model.notes])).toEqual([
      ['dev', 0, []],
      ['prod', 2, ['⚠️ warning `prod/app`: IBM-IAM-4 ibm_iam_service_policy.app_policy: deprecated']],
    ]);
  });

  // in a clone of the last commit, so the test never touches this working tree
  test('npm run review -- synth --base HEAD compares the working tree with the commit', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'review-repo-'));
    const repo = path.join(work, 'repo');
    spawnSync('git', ['clone', '-q', ROOT, repo]);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    symlinkSync(path.join(ROOT, '.gen'), path.join(repo, '.gen'), 'dir');
    const dev = path.join(repo, 'environments', 'dev.yaml');
    writeFileSync(dev, readFileSync(dev, 'utf8').replace('roles: reader }', 'roles: [reader, writer] }'));
    const out = path.join(work, 'reviews');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'review', 'synth', '--base', 'HEAD', '--out-dir', out], { cwd: repo, encoding: 'utf8' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const review = readFileSync(path.join(out, 'dev.md'), 'utf8');
    expect(review.startsWith(`${reviewMarker('dev')}\n### Configuration change review: \`dev\`\n\n**1 to update**`)).toBe(true);
    expect(review).toMatch(/- 🟠 `ibm_iam_service_policy\.identity-orders-app_cloudant-orders-db-audit-log_[0-9A-F]{8}` grants Writer/);
    expect(readFileSync(path.join(out, 'prod.md'), 'utf8')).toContain('**No changes** to the synthesized configuration.');
    expect(spawnSync('git', ['worktree', 'list'], { cwd: repo, encoding: 'utf8' }).stdout.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});

test('a base that is not a commit exits 2 with what to do', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'review', 'synth', '--base', 'no-such-ref'], { cwd: ROOT, encoding: 'utf8' });
  expect([run.status, run.stdout, run.stderr]).toEqual([2, '', 'no-such-ref: not a commit of this repository; fetch it first (actions/checkout with fetch-depth: 0)\n']);
});

describe('the pull-request comment', () => {
  // a loopback GitHub API holding one pull request's comments
  async function fakeGitHub(initial: { id: number; body: string }[]) {
    const comments = [...initial];
    const calls: string[] = [];
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const url = new URL(request.url!, 'http://localhost');
        calls.push(`${request.method} ${url.pathname}${url.search} ${request.headers.authorization}`);
        const reply = (status: number, body: unknown): void => {
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        };
        if (request.method === 'GET' && url.pathname === '/repos/acme/data/issues/7/comments') {
          const page = Number(url.searchParams.get('page'));
          return reply(200, comments.slice((page - 1) * 100, page * 100));
        }
        if (request.method === 'POST' && url.pathname === '/repos/acme/data/issues/7/comments') {
          const created = { id: 1000 + comments.length, body: (JSON.parse(text) as { body: string }).body };
          comments.push(created);
          return reply(201, { ...created, html_url: `https://github.example/acme/data/pull/7#issuecomment-${created.id}` });
        }
        const edit = /^\/repos\/acme\/data\/issues\/comments\/(\d+)$/.exec(url.pathname);
        if (request.method === 'PATCH' && edit) {
          const comment = comments.find((each) => each.id === Number(edit[1]))!;
          comment.body = (JSON.parse(text) as { body: string }).body;
          return reply(200, { ...comment, html_url: `https://github.example/acme/data/pull/7#issuecomment-${comment.id}` });
        }
        reply(404, { message: 'Not Found' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'test-token', repository: 'acme/data', pullRequest: 7 };
    return { comments, calls, target, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  test('creates the environment\'s comment once, then edits it in place, even past the first page', async () => {
    const others = Array.from({ length: 100 }, (_, index) => ({ id: index + 1, body: `chatter ${index}` }));
    const github = await fakeGitHub(others);
    try {
      const marker = reviewMarker('prod');
      expect(await upsertComment(github.target, marker, `${marker}\nfirst`)).toEqual({ action: 'created', id: 1100, url: 'https://github.example/acme/data/pull/7#issuecomment-1100' });
      expect(await upsertComment(github.target, marker, `${marker}\nsecond`)).toEqual({ action: 'updated', id: 1100, url: 'https://github.example/acme/data/pull/7#issuecomment-1100' });
      expect(await upsertComment(github.target, reviewMarker('dev'), `${reviewMarker('dev')}\ndev`)).toMatchObject({ action: 'created', id: 1101 });
      expect(github.comments.filter((comment) => comment.body.startsWith('<!--')).map((comment) => comment.body)).toEqual([`${marker}\nsecond`, `${reviewMarker('dev')}\ndev`]);
      expect(github.calls.slice(0, 4)).toEqual([
        'GET /repos/acme/data/issues/7/comments?per_page=100&page=1 Bearer test-token',
        'GET /repos/acme/data/issues/7/comments?per_page=100&page=2 Bearer test-token',
        'POST /repos/acme/data/issues/7/comments Bearer test-token',
        'GET /repos/acme/data/issues/7/comments?per_page=100&page=1 Bearer test-token',
      ]);
      await expect(upsertComment({ ...github.target, repository: 'acme/other' }, marker, `${marker}\nx`)).rejects.toThrow('GET /repos/acme/other/issues/7/comments?per_page=100&page=1: GitHub answered 404 Not Found');
      await expect(upsertComment(github.target, marker, 'no marker')).rejects.toThrow('the comment body must start with its marker, or it cannot be found again');
    } finally {
      await github.close();
    }
  });
});
