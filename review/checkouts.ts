// The two versions a synth review compares: the base ref checked out beside the repository
// (a git worktree sharing the repository's node_modules) and the working tree, each
// synthesized offline and without credentials into a folder of its own.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { ReviewInputError } from './model';

/** the base ref checked out beside the repository, synthesized with the working tree's node_modules */
export function synthesizeRef(root: string, ref: string, work: string): string {
  const tree = path.join(work, 'base');
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, stdio: 'ignore' });
  } catch {
    throw new ReviewInputError(`${ref}: not a commit of this repository; fetch it first (actions/checkout with fetch-depth: 0)`);
  }
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tree, ref], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  // the bindings follow the vendored provider schema: reuse ours when the base has the same one
  const sameBindings = ['provider-schemas', 'cdktf.json', 'tools/generate-bindings.ts'].every((file) => {
    try {
      execFileSync('git', ['diff', '--quiet', ref, '--', file], { cwd: root });
      return true;
    } catch {
      return false;
    }
  });
  if (sameBindings && existsSync(path.join(root, '.gen'))) symlinkSync(path.join(root, '.gen'), path.join(tree, '.gen'), 'dir');
  else execFileSync(process.execPath, ['--import', 'tsx', 'tools/generate-bindings.ts'], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
  return synthesize(tree, path.join(work, 'base-out'));
}

/** runs the app of a checkout (offline, no credentials) into an output folder of its own */
export function synthesize(checkout: string, outdir: string): string {
  const app = (JSON.parse(readFileSync(path.join(checkout, 'cdktf.json'), 'utf8')) as { app: string }).app.split(' ');
  // the checkout's own environments/, whatever this shell points ENVIRONMENTS_DIR at
  const { ENVIRONMENTS_DIR: _ignored, ...inherited } = process.env;
  const environment = { ...inherited, CDKTF_OUTDIR: outdir, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true', CHECKPOINT_DISABLE: '1' };
  execFileSync(app[0]!, app.slice(1), { cwd: checkout, env: environment, stdio: ['ignore', 'ignore', 'inherit'] });
  return outdir;
}
