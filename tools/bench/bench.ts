// npm run bench [-- --scales XS,S,L --runs 3]: synth time of generated estates through the
// app command, beside a plain cdktf app that writes the same resources with the same
// bindings and no checks, and the samples beside the same plain app and a one-resource app.
// Prints medians of the runs: wall and CPU seconds, peak memory, resources written, and the
// ratios the goals name. A benchmark, not a test: it never fails on a time.
//
// Every app runs the way the app command runs ours: one JavaScript bundle (launch/bundle-cache.cjs)
// in a plain node process, built before any run is measured. The one-resource app also runs
// through tsx, as a TypeScript cdktf app often is, for reference.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { estateYaml, SCALES } from './estate';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundled } = require('../../launch/bundle-cache.cjs') as typeof import('../../launch/bundle-cache.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
const USAGE = path.join(__dirname, 'usage.cjs');

interface Run {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly maxRssKiB: number;
}
interface Measured extends Run {
  readonly resources: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/** node's arguments for one app: its bundle, or its TypeScript through tsx */
type Launch = readonly string[];

async function bundledLaunch(entry: string, name: string): Promise<Launch> {
  const { file } = await bundled({ entry: path.join(ROOT, entry), root: ROOT, name });
  return [file];
}

// one process, with the usage recorder preloaded
function runOnce(launch: Launch, env: NodeJS.ProcessEnv, work: string): Run {
  const usageFile = path.join(work, 'usage.json');
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', USAGE, ...launch], { cwd: ROOT, env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile, CHECKPOINT_DISABLE: '1' }, encoding: 'utf8' });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`${launch.join(' ')} failed (exit ${child.status}):\n${child.stderr}`);
  return { wallSeconds, ...(JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuSeconds: number; maxRssKiB: number }) };
}

function resourcesIn(outdir: string): number {
  const stacks = path.join(outdir, 'stacks');
  return readdirSync(stacks).reduce((total, stack) => {
    const json = JSON.parse(readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
    return total + Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  }, 0);
}

/** one app to measure: how it runs, its environment, and a folder of its own */
interface Subject {
  readonly launch: Launch;
  readonly env: NodeJS.ProcessEnv;
  readonly work: string;
}

// The subjects run in turn, run after run, so a machine that speeds up or slows down during the
// bench (a busy neighbour, the CPU's clock) weighs on each of them alike: the ratios compare
// runs made side by side.
function measureSideBySide(runs: number, subjects: readonly Subject[]): Measured[] {
  const results = subjects.map((): Run[] => []);
  for (let run = 0; run < runs; run++) {
    subjects.forEach((subject, index) => {
      const outdir = path.join(subject.work, 'out');
      rmSync(outdir, { recursive: true, force: true });
      mkdirSync(outdir, { recursive: true });
      results[index]!.push(runOnce(subject.launch, { CDKTF_OUTDIR: outdir, ...subject.env }, subject.work));
    });
  }
  return subjects.map((subject, index) => ({
    wallSeconds: median(results[index]!.map((each) => each.wallSeconds)),
    cpuSeconds: median(results[index]!.map((each) => each.cpuSeconds)),
    maxRssKiB: median(results[index]!.map((each) => each.maxRssKiB)),
    resources: resourcesIn(path.join(subject.work, 'out')),
  }));
}

// the stacks the app writes for the environments in a folder, for the plain app to rebuild
function stacksOf(launch: Launch, environments: string, work: string): string {
  mkdirSync(work, { recursive: true });
  const outdir = path.join(work, 'out');
  runOnce(launch, { CDKTF_OUTDIR: outdir, ENVIRONMENTS_DIR: environments }, work);
  return stackFiles(outdir);
}

function row(name: string, measured: Measured): string {
  return `${name.padEnd(36)} ${measured.wallSeconds.toFixed(2).padStart(7)} ${measured.cpuSeconds.toFixed(2).padStart(7)} ${(measured.maxRssKiB / 1024).toFixed(0).padStart(8)} ${String(measured.resources).padStart(9)}`;
}

async function main(argv: string[]): Promise<void> {
  const options = new Command('bench')
    .exitOverride()
    .option('--scales <list>', 'estate sizes, from XS, S, L', (value) => {
      const scales = value.split(',').map((each) => each.trim().toUpperCase());
      const unknown = scales.filter((each) => !(each in SCALES));
      if (unknown.length > 0) throw new InvalidArgumentError(`unknown scale ${unknown.join(', ')}: use ${Object.keys(SCALES).join(', ')}`);
      return scales;
    }, ['XS', 'S', 'L'])
    .option('--runs <n>', 'runs of each, the median is printed', (value) => {
      const runs = Number(value);
      if (!Number.isInteger(runs) || runs < 1) throw new InvalidArgumentError(`${value}: give a whole number of runs, 1 or more`);
      return runs;
    }, 3)
    .parse(argv, { from: 'user' })
    .opts<{ scales: string[]; runs: number }>();
  // built (or found current) before anything is measured; ours runs through its app command, which finds it
  await bundledLaunch('environment/app.ts', 'app');
  const APP: Launch = ['main.cjs'];
  const PLAIN = await bundledLaunch('tools/bench/plain-app.ts', 'bench-plain-app');
  const ONE = await bundledLaunch('tools/bench/one-resource-app.ts', 'bench-one-resource-app');
  const ONE_THROUGH_TSX: Launch = ['--import', 'tsx', 'tools/bench/one-resource-app.ts'];
  const work = mkdtempSync(path.join(tmpdir(), 'ibm-data-guard-bench-'));
  const subject = (launch: Launch, env: NodeJS.ProcessEnv, folder: string): Subject => {
    mkdirSync(path.join(work, folder), { recursive: true });
    return { launch, env, work: path.join(work, folder) };
  };
  try {
    const lines = [`median of ${options.runs} run(s), side by side, ${cpus().length} cores; wall and CPU in seconds, peak memory in MiB`, `${''.padEnd(36)} ${'wall'.padStart(7)} ${'cpu'.padStart(7)} ${'peak MiB'.padStart(8)} ${'resources'.padStart(9)}`];
    const ours: Record<string, Measured> = {};
    for (const scale of options.scales) {
      const environments = path.join(work, scale, 'environments');
      mkdirSync(environments, { recursive: true });
      writeFileSync(path.join(environments, 'estate.yaml'), estateYaml(SCALES[scale]!));
      const stacks = stacksOf(APP, environments, path.join(work, scale, 'stacks'));
      const [app, plain] = measureSideBySide(options.runs, [subject(APP, { ENVIRONMENTS_DIR: environments }, `${scale}/app`), subject(PLAIN, { BENCH_STACK_JSON: stacks }, `${scale}/plain`)]) as [Measured, Measured];
      ours[scale] = app;
      lines.push(row(`${scale}: app`, app), row(`${scale}: plain cdktf, same resources`, plain), `${scale}: app / plain cdktf CPU ${(app.cpuSeconds / plain.cpuSeconds).toFixed(2)}`);
    }
    const environments = path.join(ROOT, 'environments');
    const stacks = stacksOf(APP, environments, path.join(work, 'samples-stacks'));
    const [samples, samplesPlain, one, oneThroughTsx] = measureSideBySide(options.runs, [
      subject(APP, { ENVIRONMENTS_DIR: environments }, 'samples'),
      subject(PLAIN, { BENCH_STACK_JSON: stacks }, 'samples-plain'),
      subject(ONE, {}, 'one'),
      subject(ONE_THROUGH_TSX, {}, 'one-tsx'),
    ]) as [Measured, Measured, Measured, Measured];
    lines.push(
      row('samples: app', samples),
      row('samples: plain cdktf, same resources', samplesPlain),
      row('one-resource cdktf app', one),
      row('one-resource cdktf app, through tsx', oneThroughTsx),
      `samples: app / plain cdktf CPU ${(samples.cpuSeconds / samplesPlain.cpuSeconds).toFixed(2)}`,
      `samples / one-resource app: CPU ${(samples.cpuSeconds / one.cpuSeconds).toFixed(2)}, wall ${(samples.wallSeconds / one.wallSeconds).toFixed(2)}; plain cdktf, same resources / one-resource app: CPU ${(samplesPlain.cpuSeconds / one.cpuSeconds).toFixed(2)}`,
      `samples / one-resource app through tsx: CPU ${(samples.cpuSeconds / oneThroughTsx.cpuSeconds).toFixed(2)}, wall ${(samples.wallSeconds / oneThroughTsx.wallSeconds).toFixed(2)}`,
    );
    const [xs, s, l] = [ours.XS, ours.S, ours.L];
    if (xs && s && l) {
      const cpuGrowth = (l.cpuSeconds - xs.cpuSeconds) / (s.cpuSeconds - xs.cpuSeconds);
      const resourceGrowth = (l.resources - xs.resources) / (s.resources - xs.resources);
      lines.push(`linearity: (L - XS) / (S - XS) CPU ${cpuGrowth.toFixed(2)}, resources ${resourceGrowth.toFixed(2)}, ratio ${(cpuGrowth / resourceGrowth).toFixed(2)}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// every stack an app wrote, as the plain app reads them
function stackFiles(outdir: string): string {
  const stacks = path.join(outdir, 'stacks');
  return readdirSync(stacks).sort().map((stack) => path.join(stacks, stack, 'cdk.tf.json')).join(path.delimiter);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // commander has printed its own message for a wrong option
  if (!(error instanceof CommanderError)) process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(error instanceof CommanderError && error.exitCode === 0 ? 0 : 2);
});
