// npm run flavour -- cdktn [--out DIR]: builds the CDK Terrain flavour of this checkout in
// DIR (default ../ibm-data-guard-cdktn): the same sources with the framework named in its
// few places switched to the fork (the cdktf facade, the test setup, the binding
// generator), package.json's framework packages swapped for cdktn's, bindings generated
// with @cdktn/provider-generator, every environment synthesized, and each stack compared
// with the cdktf build's: identical once the framework's version in the metadata is left out.
// It needs the npm registry for the fork's packages, at the versions flavours/cdktn/package-lock.json
// pins; it changes nothing in this checkout but that file, and only with --update-lock.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';

const ROOT = path.resolve(__dirname, '..');

/** the fork's packages, at versions that go together (cdktn 0.24 wants constructs >=10.6 <10.8) */
const CDKTN = { cdktn: '0.24.0', constructs: '10.7.0', '@cdktn/provider-generator': '0.24.0', '@cdktn/commons': '0.24.0' };
/** the flavour's lockfile, committed beside the checkout's */
const LOCKFILE = path.join(ROOT, 'flavours', 'cdktn', 'package-lock.json');
/** the only files of ours that name the framework, and what each names */
const SWITCHES: Readonly<Record<string, readonly [string, string][]>> = {
  'constructs/core/cdktf.ts': [["from 'cdktf'", "from 'cdktn'"]],
  'test/support/setup.ts': [["'cdktf/lib/testing/adapters/jest'", "'cdktn/lib/testing/adapters/jest'"]],
  'tools/generate-bindings.ts': [
    ["'@cdktf/provider-generator'", "'@cdktn/provider-generator'"],
    ["'@cdktf/commons'", "'@cdktn/commons'"],
  ],
};

function main(argv: string[]): void {
  const options = new Command('flavour')
    .exitOverride()
    .argument('<flavour>', 'cdktn')
    .option('--out <dir>', 'where to build it', path.resolve(ROOT, '..', 'ibm-data-guard-cdktn'))
    .option('--update-lock', `bring ${path.relative(ROOT, LOCKFILE)} in line with package.json after a dependency changes (npm install from the committed lockfile) and write it`)
    .parse(argv, { from: 'user' });
  const [flavour] = options.args;
  if (flavour !== 'cdktn') throw new Error(`${flavour}: the flavours are cdktf (this checkout) and cdktn`);
  const out = path.resolve(options.opts<{ out: string }>().out);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  // the checkout's own files, as git knows them (no node_modules, no build output)
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const file of files) {
    if (!existsSync(path.join(ROOT, file))) continue;
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(out, file));
  }
  for (const [file, replacements] of Object.entries(SWITCHES)) {
    let text = readFileSync(path.join(out, file), 'utf8');
    for (const [from, to] of replacements) {
      if (!text.includes(from)) throw new Error(`${file} no longer names ${from}: update tools/flavour.ts`);
      text = text.split(from).join(to);
    }
    writeFileSync(path.join(out, file), text);
  }
  const pkg = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const name of ['cdktf', 'cdktf-cli', '@cdktf/provider-generator', '@cdktf/commons', 'constructs']) delete pkg[field]?.[name];
  }
  pkg.peerDependencies = { ...pkg.peerDependencies, cdktn: `^${CDKTN.cdktn}`, constructs: '>=10.6.0 <10.8.0' };
  pkg.devDependencies = { ...pkg.devDependencies, ...CDKTN };
  writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  rmSync(path.join(out, 'package-lock.json'), { force: true });

  const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  // a repository of its own, so the tests that read git history (the synth review) run there too
  run('git', ['init', '-q'], out);
  run('git', ['add', '-A'], out);
  run('git', ['-c', 'user.name=flavour', '-c', 'user.email=flavour@localhost', 'commit', '-qm', 'cdktn flavour'], out);
  installPackages(out, options.opts<{ updateLock?: boolean }>().updateLock ?? false, run);
  run('npx', ['tsc', '-p', 'tsconfig.json'], out);

  // both flavours synthesize every environment; the stacks must match but for the framework's version
  const compare = mkdtempSync(path.join(tmpdir(), 'flavours-'));
  run(process.execPath, ['main.cjs'], ROOT, { CDKTF_OUTDIR: path.join(compare, 'cdktf'), CHECKPOINT_DISABLE: '1' });
  run(process.execPath, ['main.cjs'], out, { CDKTF_OUTDIR: path.join(compare, 'cdktn'), CHECKPOINT_DISABLE: '1' });
  const differences: string[] = [];
  for (const stack of readdirSync(path.join(compare, 'cdktf', 'stacks'))) {
    const read = (which: string) => withoutFrameworkVersion(JSON.parse(readFileSync(path.join(compare, which, 'stacks', stack, 'cdk.tf.json'), 'utf8')));
    if (JSON.stringify(read('cdktf')) !== JSON.stringify(read('cdktn'))) differences.push(stack);
  }
  rmSync(compare, { recursive: true, force: true });
  if (differences.length > 0) throw new Error(`the cdktn flavour synthesizes ${differences.join(', ')} differently from cdktf`);
  process.stdout.write(`cdktn flavour built in ${out}; every environment synthesizes the same as with cdktf, but for the framework's version\n`);
}

// The flavour's own lockfile, committed like the checkout's: the same versions on every machine.
// It is written by --update-lock from what npm resolves for the flavour's package.json.
function installPackages(out: string, updateLock: boolean, run: (command: string, args: string[], cwd: string) => void): void {
  const written = path.join(out, 'package-lock.json');
  if (updateLock || !existsSync(LOCKFILE)) {
    // from the committed lockfile when there is one: npm changes only what package.json now asks for
    if (existsSync(LOCKFILE)) cpSync(LOCKFILE, written);
    run('npm', ['install', '--no-audit', '--no-fund'], out);
    mkdirSync(path.dirname(LOCKFILE), { recursive: true });
    cpSync(written, LOCKFILE);
    process.stdout.write(`wrote ${path.relative(ROOT, LOCKFILE)}: commit it\n`);
    return;
  }
  cpSync(LOCKFILE, written);
  try {
    run('npm', ['ci', '--no-audit', '--no-fund'], out);
  } catch {
    throw new Error(`npm ci refused ${path.relative(ROOT, LOCKFILE)} for the flavour's package.json (a dependency changed?): run npm run flavour -- cdktn --update-lock and commit the file`);
  }
}

// "//".metadata.version is the framework's own version
function withoutFrameworkVersion(stack: { '//'?: { metadata?: Record<string, unknown> } }): unknown {
  const metadata = stack['//']?.metadata;
  if (metadata) delete metadata.version;
  return stack;
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CommanderError)) process.stderr.write(`flavour: ${(error as Error).message}\n`);
  process.exit(error instanceof CommanderError && error.exitCode === 0 ? 0 : 2);
}
