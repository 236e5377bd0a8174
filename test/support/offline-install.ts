// Installing a packed tarball into a fresh project with no network. `npm install --offline`
// resolves versions from registry metadata, which a cache filled by `npm ci` need not hold in
// the form it asks for (on a fresh machine it failed: ENOTCACHED). A lockfile that names each
// tarball's address and integrity needs no metadata: this writes the project's package.json
// and package-lock.json from the entries of this checkout's lockfile (whose tarballs `npm ci`
// put in the cache), and `npm ci --offline` installs exactly those versions.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  inBundle?: boolean;
  resolved?: string;
  [field: string]: unknown;
}

/** where Node would find `name` from the package installed at `from` ('' for the project) */
function locate(entries: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (entries[candidate]) return candidate;
    if (!base) return undefined;
  }
}

/** where the npm registry serves a package's tarball (npm's own naming: the scope only in the path) */
function tarballUrl(name: string, version: string): string {
  const registry = (process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(/\/?$/, '/');
  return `${registry}${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

/**
 * Writes package.json and package-lock.json into `project` for the packed `tarball` (a file
 * in `project`) and the `extra` packages, at the versions `root`'s lockfile holds.
 */
export function writeOfflineLockfile(root: string, project: string, tarball: string, extra: readonly string[]): void {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packed = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as LockEntry & { name: string; bin?: unknown; engines?: unknown; license?: string };
  const wanted = new Map<string, LockEntry>();
  const visit = (from: string, names: Iterable<string>, optional: (name: string) => boolean) => {
    for (const name of names) {
      const at = locate(lock.packages, from, name);
      if (!at) {
        if (optional(name)) continue;
        throw new Error(`${name}, needed by ${from || 'the project'}, is not in ${root}/package-lock.json`);
      }
      if (wanted.has(at)) continue;
      const entry = lock.packages[at]!;
      wanted.set(at, entry);
      // a bundled dependency comes inside its parent's tarball, with its own entry
      for (const [other, bundled] of Object.entries(lock.packages)) if (other.startsWith(`${at}/node_modules/`) && bundled.inBundle) wanted.set(other, bundled);
      const optionalHere = (dependency: string) => dependency in (entry.optionalDependencies ?? {}) || Boolean(entry.peerDependenciesMeta?.[dependency]?.optional);
      visit(at, [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {})], optionalHere);
    }
  };
  visit('', [...Object.keys(packed.dependencies ?? {}), ...Object.keys(packed.peerDependencies ?? {}), ...extra], () => false);

  const dependencies: Record<string, string> = { [packed.name]: `file:${tarball}` };
  for (const name of extra) dependencies[name] = lock.packages[`node_modules/${name}`]!.version!;
  for (const name of Object.keys(packed.peerDependencies ?? {})) dependencies[name] ??= lock.packages[`node_modules/${name}`]!.version!;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', version: '1.0.0', dependencies },
    [`node_modules/${packed.name}`]: {
      version: packed.version,
      resolved: `file:${tarball}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(path.join(project, tarball))).digest('base64')}`,
      license: packed.license,
      dependencies: packed.dependencies,
      peerDependencies: packed.peerDependencies,
      bin: packed.bin,
      engines: packed.engines,
    },
  };
  for (const [at, entry] of [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // the checkout's dev flags mean nothing here: everything is the project's own
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    // with its tarball's address, npm takes it from the cache by integrity; without, it asks
    // the registry where the tarball is, even offline
    packages[at] = entry.inBundle || entry.resolved ? kept : { ...kept, resolved: tarballUrl(at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length), entry.version!) };
  }
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2)}\n`);
  writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}
