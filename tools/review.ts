// npm run review -- plan <plan.json> [--env NAME] [--out FILE]
// npm run review -- synth --base <git ref> [--out-dir DIR]
// npm run review -- comment --env NAME --file FILE   (GitHub Actions: GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMBER)
// Thin shell over constructs/review: reads, renders Markdown, writes or posts it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { upsertComment } from '../review/github-comment';
import { renderReview, reviewMarker } from '../review/markdown';
import { parseJsonText } from '../constructs/core/json';
import { ReviewInputError } from '../review/model';
import { reviewFromPlan } from '../review/plan';
import { reviewSynthesizedApps } from '../review/synth-diff';

const ROOT = path.resolve(__dirname, '..');
const USAGE = `usage:
  npm run review -- plan <plan.json> [--env NAME] [--out FILE]
  npm run review -- synth --base <git ref> [--out-dir DIR]
  npm run review -- comment --env NAME --file FILE
`;

type Output = { readonly stdout: { write(text: string): unknown }; readonly stderr: { write(text: string): unknown } };

async function main(argv: readonly string[], io: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { env: { type: 'string' }, out: { type: 'string' }, base: { type: 'string' }, 'out-dir': { type: 'string' }, file: { type: 'string' } },
  });
  const [command, input] = positionals;
  if (command === 'plan' && input) {
    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (error) {
      throw new ReviewInputError(`${input}: cannot read the plan JSON: ${(error as Error).message}`);
    }
    // never quote the input: a plan holds secrets
    const parsed = parseJsonText(text);
    if (!parsed.ok) throw new ReviewInputError(`${input}: ${parsed.reason}; write the plan with terraform show -json plan.out > plan.json`);
    const json = parsed.value;
    const environment = values.env ?? path.basename(input).replace(/\.json$/, '');
    return emit(renderReview(reviewFromPlan(json, environment)), values.out, io);
  }
  if (command === 'synth' && values.base) {
    const work = mkdtempSync(path.join(tmpdir(), 'review-'));
    try {
      const baseOut = synthesizeRef(values.base, work);
      const headOut = synthesize(ROOT, path.join(work, 'head'));
      const comments = reviewSynthesizedApps(baseOut, headOut).map((model) => ({ environment: model.environment, text: renderReview(model) }));
      if (values['out-dir']) {
        mkdirSync(values['out-dir'], { recursive: true });
        for (const comment of comments) writeFileSync(path.join(values['out-dir'], `${comment.environment}.md`), comment.text);
      }
      io.stdout.write(comments.map((comment) => comment.text).join('\n---\n\n'));
      return 0;
    } finally {
      rmSync(work, { recursive: true, force: true });
      execFileSync('git', ['worktree', 'prune'], { cwd: ROOT });
    }
  }
  if (command === 'comment' && values.env && values.file) {
    const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repository, PR_NUMBER: pullRequest, GITHUB_API_URL: apiUrl = 'https://api.github.com' } = env;
    if (!token || !repository || !pullRequest) throw new ReviewInputError('comment needs GITHUB_TOKEN, GITHUB_REPOSITORY and PR_NUMBER in the environment');
    const body = readFileSync(values.file, 'utf8');
    const result = await upsertComment({ apiUrl, token, repository, pullRequest: Number(pullRequest) }, reviewMarker(values.env), body);
    io.stdout.write(`${result.action} ${result.url}\n`);
    return 0;
  }
  io.stderr.write(USAGE);
  return 2;
}

function emit(text: string, file: string | undefined, io: Output): number {
  if (file) writeFileSync(file, text);
  else io.stdout.write(text);
  return 0;
}

/** the base ref checked out beside the repository, synthesized with the working tree's node_modules */
function synthesizeRef(ref: string, work: string): string {
  const tree = path.join(work, 'base');
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    throw new ReviewInputError(`${ref}: not a commit of this repository; fetch it first (actions/checkout with fetch-depth: 0)`);
  }
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tree, ref], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  // the bindings follow the vendored provider schema: reuse ours when the base has the same one
  const sameBindings = ['provider-schemas', 'cdktf.json', 'tools/generate-bindings.ts'].every((file) => {
    try {
      execFileSync('git', ['diff', '--quiet', ref, '--', file], { cwd: ROOT });
      return true;
    } catch {
      return false;
    }
  });
  if (sameBindings && existsSync(path.join(ROOT, '.gen'))) symlinkSync(path.join(ROOT, '.gen'), path.join(tree, '.gen'), 'dir');
  else execFileSync(process.execPath, ['--import', 'tsx', 'tools/generate-bindings.ts'], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
  return synthesize(tree, path.join(work, 'base-out'));
}

/** runs the app of a checkout (offline, no credentials) into an output folder of its own */
function synthesize(checkout: string, outdir: string): string {
  const app = (JSON.parse(readFileSync(path.join(checkout, 'cdktf.json'), 'utf8')) as { app: string }).app.split(' ');
  // the checkout's own environments/, whatever this shell points ENVIRONMENTS_DIR at
  const { ENVIRONMENTS_DIR: _ignored, ...inherited } = process.env;
  const environment = { ...inherited, CDKTF_OUTDIR: outdir, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true', CHECKPOINT_DISABLE: '1' };
  execFileSync(app[0]!, app.slice(1), { cwd: checkout, env: environment, stdio: ['ignore', 'ignore', 'inherit'] });
  return outdir;
}

/** the command as a shell runs it: the exit code, input errors printed without a stack trace */
export async function runReview(argv: readonly string[], io: Output = process, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await main(argv, io, env);
  } catch (error) {
    if (!(error instanceof ReviewInputError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return 2;
  }
}

if (require.main === module) {
  void runReview(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
