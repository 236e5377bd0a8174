// The launcher's bundle cache: built once, rebuilt whenever a file it was built from changes,
// the peer dependencies left out, and a source that does not build reported as a message.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundled, bundledSync } = require('../launch/bundle-cache.cjs') as typeof import('../launch/bundle-cache.cjs');

const ROOT = path.resolve(__dirname, '..');

/** a checkout of its own: an entry, a module in a folder of its own, and a peer dependency */
function checkout(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bundle-cache-'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'sample', peerDependencies: { 'shared-peer': '1.0.0' } }));
  mkdirSync(path.join(root, 'node_modules', 'shared-peer'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'shared-peer', 'index.js'), 'module.exports = { instance: {} };\n');
  mkdirSync(path.join(root, 'lib'));
  writeFileSync(path.join(root, 'lib', 'where.ts'), 'export const folder: string = __dirname;\nexport const file: string = __filename;\n');
  writeFileSync(path.join(root, 'lib', 'greeting.ts'), "export const greeting = 'hello';\n");
  writeFileSync(
    path.join(root, 'entry.ts'),
    "import * as peer from 'shared-peer';\nimport { greeting } from './lib/greeting';\nimport { file, folder } from './lib/where';\nexport const result = { greeting, folder, file, peer: peer.instance };\n",
  );
  return root;
}

type Result = { greeting: string; folder: string; file: string; peer: object };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const run = (file: string) => (require(file) as { result: Result }).result;
const options = (root: string) => ({ entry: path.join(root, 'entry.ts'), root, name: 'sample' });
const cached = (root: string) => readdirSync(path.join(root, 'node_modules', '.cache', 'ibm-data-guard')).sort();

describe('the bundle cache', () => {
  test('builds once, then finds the bundle current; each module keeps its own folder; the peer dependency is the one copy', async () => {
    const root = checkout();
    const first = await bundled(options(root));
    expect(first.built).toBe(true);
    expect(path.dirname(first.file)).toBe(path.join(root, 'node_modules', '.cache', 'ibm-data-guard'));
    const second = await bundled(options(root));
    expect(second).toEqual({ file: first.file, built: false });
    const result = run(first.file);
    expect(result.greeting).toBe('hello');
    expect([result.folder, result.file]).toEqual([path.join(root, 'lib'), path.join(root, 'lib', 'where.ts')]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(result.peer).toBe((require(path.join(root, 'node_modules', 'shared-peer')) as { instance: object }).instance);
    expect(readFileSync(first.file, 'utf8')).toContain('require("shared-peer")');
    expect(cached(root)).toEqual([path.basename(first.file), 'sample.json']);
  });

  test('a changed source makes a new bundle, and the one it replaces is removed', async () => {
    const root = checkout();
    const first = await bundled(options(root));
    writeFileSync(path.join(root, 'lib', 'greeting.ts'), "export const greeting = 'changed';\n");
    const second = await bundled(options(root));
    expect(second.built).toBe(true);
    expect(second.file).not.toBe(first.file);
    expect(run(second.file).greeting).toBe('changed');
    expect(cached(root)).toEqual([path.basename(second.file), 'sample.json']);
    expect(existsSync(first.file)).toBe(false);
  });

  test('an install (npm rewrites node_modules/.package-lock.json) or a new peer dependency makes a new bundle', async () => {
    const root = checkout();
    await bundled(options(root));
    writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{"lockfileVersion":3}\n');
    expect((await bundled(options(root))).built).toBe(true);
    expect((await bundled(options(root))).built).toBe(false);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'sample', peerDependencies: { 'shared-peer': '1.0.0', other: '1.0.0' } }));
    expect((await bundled(options(root))).built).toBe(true);
  });

  test('a bundle removed from the cache is built again', async () => {
    const root = checkout();
    const first = await bundled(options(root));
    rmSync(first.file);
    const second = await bundled(options(root));
    expect(second).toEqual({ file: first.file, built: true });
  });

  test('for a caller that cannot wait: a build in a child process, then the same bundle found at once', () => {
    const root = checkout();
    const file = bundledSync(options(root));
    expect(run(file).greeting).toBe('hello');
    expect(bundledSync(options(root))).toBe(file);
    writeFileSync(path.join(root, 'lib', 'greeting.ts'), 'export const greeting: string = ;\n');
    expect(() => bundledSync(options(root))).toThrow(new Error('the sources did not build:\nlib/greeting.ts:1:33: Unexpected ";"'));
  });

  test('a source that does not build is reported by file, line and column', async () => {
    const root = checkout();
    writeFileSync(path.join(root, 'lib', 'greeting.ts'), 'export const greeting: string = ;\n');
    await expect(bundled(options(root))).rejects.toThrow(new Error('the sources did not build:\nlib/greeting.ts:1:33: Unexpected ";"'));
  });
});

describe('the app command, main.cjs', () => {
  /** a checkout with main.cjs and the launcher, and an app that does not build */
  function brokenApp(withEsbuild: boolean): string {
    const root = mkdtempSync(path.join(tmpdir(), 'main-cjs-'));
    cpSync(path.join(ROOT, 'main.cjs'), path.join(root, 'main.cjs'));
    cpSync(path.join(ROOT, 'launch'), path.join(root, 'launch'), { recursive: true });
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'broken' }));
    mkdirSync(path.join(root, 'environment'));
    writeFileSync(path.join(root, 'environment', 'app.ts'), 'export function main(): void {\n  const x = ;\n}\n');
    mkdirSync(path.join(root, 'node_modules'));
    if (withEsbuild) symlinkSync(path.join(ROOT, 'node_modules', 'esbuild'), path.join(root, 'node_modules', 'esbuild'));
    return root;
  }

  test('an app whose sources do not build exits 1 with where, and no stack trace', () => {
    const run = spawnSync(process.execPath, ['main.cjs'], { cwd: brokenApp(true), encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([1, '', 'synth failed: the sources did not build:\nenvironment/app.ts:2:13: Unexpected ";"\n']);
  });

  test('without esbuild (dev dependencies not installed) it says to install them', () => {
    const run = spawnSync(process.execPath, ['main.cjs'], { cwd: brokenApp(false), encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([1, '', 'synth failed: esbuild is not installed: run npm ci in the checkout (it is a dev dependency)\n']);
  });
});
