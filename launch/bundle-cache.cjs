// @ts-check
'use strict';
// Runs a TypeScript entry from a checkout as one plain JavaScript file. Through tsx, every
// module a process loads (the framework's 400 with ours) takes a round trip to tsx's loader
// thread: about 0.45 s of CPU before a small synth writes anything, more than the synth itself.
// The bundle is built with esbuild the first time, and again whenever the content of any file
// it was built from changes, so it is never stale: every start reads those files and compares
// their digest with the one recorded at the build (about 10 ms for the app's 300 files).
// esbuild is a dev dependency: only a checkout runs this; an installed package runs dist/.

const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

/**
 * @typedef {object} BundleOptions
 * @property {string} entry the .ts file to run, by its absolute path
 * @property {string} root the checkout: file paths are recorded relative to it
 * @property {string} name names the bundle in the cache folder
 * @property {string} [cacheFolder] where bundles are kept (default: the checkout's node_modules/.cache/ibm-data-guard)
 */

/**
 * What a bundle is built from besides its inputs: where it runs from, and this file, whose
 * plugin decides what esbuild is given.
 * @param {BundleOptions} options
 */
function settingsOf(options) {
  return JSON.stringify({ entry: options.entry, root: options.root, launcher: readFileSync(__filename, 'utf8') });
}

// npm rewrites its hidden lockfile at every install (esbuild's version with it); tsconfig.json
// decides how esbuild reads our files; package.json names the peer dependencies left out
const RESOLUTION_FILES = ['node_modules/.package-lock.json', 'tsconfig.json', 'package.json'];

/**
 * A digest of the settings and of the content of each file (a missing file counts as such),
 * read from disk or, right after a build, as esbuild was given it.
 * @param {string} root
 * @param {string} settings
 * @param {readonly string[]} inputs paths relative to root
 * @param {ReadonlyMap<string, Buffer>} [known] contents already read
 */
function digestOf(root, settings, inputs, known = new Map()) {
  const hash = createHash('sha256').update(settings);
  for (const input of [...RESOLUTION_FILES, ...inputs]) {
    hash.update(`\0${input}\0`);
    const file = path.join(root, input);
    hash.update(known.get(input) ?? (existsSync(file) ? readFileSync(file) : '\0missing'));
  }
  return hash.digest('hex');
}

/**
 * The peer dependencies package.json names.
 * @param {string} root
 * @returns {string[]}
 */
function peerDependenciesOf(root) {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return Object.keys(manifest.peerDependencies ?? {}).sort();
}

/**
 * Written whole, then renamed: processes started together may write the same file at once.
 * @param {string} file
 * @param {string} text
 */
function writeWhole(file, text) {
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

const LOADERS = /** @type {const} */ ({ '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.json': 'json' });

/**
 * Every file esbuild compiles is read here, and its content recorded: the digest is made of
 * exactly what went into the bundle, so a file saved during a build makes the next start
 * build again instead of trusting a bundle of its older content.
 *
 * esbuild would evaluate __dirname and __filename where the bundle runs; each of our modules
 * means its own folder (the scripts it ships, the schemas beside the package), so in our
 * sources they become text.
 * @param {string} root
 * @param {Map<string, Buffer>} read the content of each file, by its path relative to root
 * @returns {import('esbuild').Plugin}
 */
function recordedLoads(root, read) {
  return {
    name: 'recorded-loads',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const content = readFileSync(args.path);
        const relative = path.relative(root, args.path);
        read.set(relative, content);
        const loader = LOADERS[/** @type {keyof typeof LOADERS} */ (path.extname(args.path))] ?? 'js';
        const ours = !relative.split(path.sep).includes('node_modules');
        if (!ours || loader !== 'ts') return { contents: content, loader };
        const located = content.toString('utf8').replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))).replace(/\b__filename\b/g, JSON.stringify(args.path));
        return { contents: located, loader };
      });
    },
  };
}

/**
 * esbuild's errors as lines naming the file and the place.
 * @param {unknown} error
 * @param {string} root
 */
function buildFailure(error, root) {
  const errors = /** @type {{ errors?: import('esbuild').Message[] }} */ (error).errors;
  if (!errors || errors.length === 0) return error instanceof Error ? error : new Error(String(error));
  const lines = errors.map((each) => (each.location ? `${path.relative(root, path.resolve(root, each.location.file))}:${each.location.line}:${each.location.column + 1}: ${each.text}` : each.text));
  return new Error(`the sources did not build:\n${lines.join('\n')}`);
}

/**
 * The bundle recorded for `options`, when it is current with every file it was built from.
 * @param {BundleOptions} options
 * @returns {{ file?: string, replaced?: string }} the bundle, or the one a build replaces
 */
function recordedBundle(options) {
  /** @type {{ digest: string, inputs: string[], bundle: string } | undefined} */
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(manifestOf(options), 'utf8'));
  } catch {
    return {};
  }
  if (!recorded) return {};
  const file = path.join(cacheFolderOf(options), recorded.bundle);
  const current = existsSync(file) && digestOf(options.root, settingsOf(options), recorded.inputs) === recorded.digest;
  return current ? { file } : { replaced: recorded.bundle };
}

/** @param {BundleOptions} options */
const cacheFolderOf = (options) => options.cacheFolder ?? path.join(options.root, 'node_modules', '.cache', 'ibm-data-guard');
/** @param {BundleOptions} options */
const manifestOf = (options) => path.join(cacheFolderOf(options), `${options.name}.json`);

/**
 * The path of a plain JavaScript bundle of `options.entry`, current with its sources.
 * @param {BundleOptions} options
 * @returns {Promise<{ file: string, built: boolean }>}
 */
async function bundled(options) {
  const { file, replaced } = recordedBundle(options);
  if (file) return { file, built: false };

  /** @type {typeof import('esbuild')} */
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    throw new Error('esbuild is not installed: run npm ci in the checkout (it is a dev dependency)');
  }
  /** @type {Map<string, Buffer>} */
  const read = new Map();
  /** @type {import('esbuild').BuildResult<{ metafile: true, write: false }>} */
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [options.entry],
      absWorkingDir: options.root,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // the peer dependencies (the framework, constructs): the one copy the rest of a process shares
      external: peerDependenciesOf(options.root),
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [recordedLoads(options.root, read)],
    });
  } catch (error) {
    throw buildFailure(error, options.root);
  }
  // metafile paths are relative to absWorkingDir, with forward slashes
  const inputs = Object.keys(result.metafile.inputs).map((each) => each.split('/').join(path.sep)).sort();
  const digest = digestOf(options.root, settingsOf(options), inputs, read);
  const bundle = `${options.name}-${digest.slice(0, 16)}.cjs`;
  const cacheFolder = cacheFolderOf(options);
  mkdirSync(cacheFolder, { recursive: true });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${path.relative(options.root, options.entry)}`);
  writeWhole(path.join(cacheFolder, bundle), output.text);
  writeWhole(manifestOf(options), JSON.stringify({ digest, inputs, bundle }));
  // the bundle it replaces (1.5 MB for the app) is not kept for each edit of a source
  if (replaced && replaced !== bundle) rmSync(path.join(cacheFolder, replaced), { force: true });
  return { file: path.join(cacheFolder, bundle), built: true };
}

/**
 * The same, for a caller that cannot wait (esbuild's plugins need its asynchronous API): a
 * current bundle is found here, and a build runs in a child process.
 * @param {BundleOptions} options
 * @returns {string} the bundle's path
 */
function bundledSync(options) {
  const { file } = recordedBundle(options);
  if (file) return file;
  const script = `require(${JSON.stringify(__filename)}).bundled(${JSON.stringify(options)}).then((made) => process.stdout.write(made.file), (error) => { process.stderr.write(error.message); process.exitCode = 1; })`;
  const build = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stderr || `the build of ${path.relative(options.root, options.entry)} ended with ${build.signal ?? `exit ${build.status}`}`);
  return build.stdout;
}

module.exports = { bundled, bundledSync };
