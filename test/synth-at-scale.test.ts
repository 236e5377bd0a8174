// What keeps synth linear and close to plain cdktf: one lookup of the time provider per
// stack, the stack resolved once when the guardrails are its only aspect, and no token
// creation traces in the app. The benchmark itself (npm run bench) runs in CI at S.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Aspects, App, IAspect, Lazy, TerraformStack } from '../constructs/core/cdktf';
import { Cloudant, IbmProvider } from '../constructs/core/ibm-bindings';
import { withoutTokenCreationTraces } from '../constructs/core/token-traces';
import { ServiceIdentity } from '../constructs';
import { buildEnvironments } from '../environment';
import { Guardrails } from '../guardrails';
import { estateYaml, SCALES } from '../tools/bench/estate';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');

function stackWithInstance(): { app: App; stack: TerraformStack; instance: Cloudant } {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'scale-')), stackTraces: false, skipValidation: true });
  const stack = new TerraformStack(app, 'scale');
  new IbmProvider(stack, 'ibm', { region: 'us-east' });
  const instance = new Cloudant(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', legacyCredentials: false, enableCors: false });
  return { app, stack, instance };
}
const written = (app: App) => JSON.parse(readFileSync(path.join(app.outdir, 'stacks', 'scale', 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, Record<string, unknown>>> };

describe('the time provider', () => {
  test('one per stack however many keys rotate, found once', () => {
    const { app, stack } = stackWithInstance();
    for (let n = 0; n < 50; n++) new ServiceIdentity(stack, `app-${n}`, { name: `app-${n}` }).addApiKey('main', { name: `app-${n}-main`, rotationDays: 30 });
    app.synth();
    const json = JSON.parse(readFileSync(path.join(app.outdir, 'stacks', 'scale', 'cdk.tf.json'), 'utf8')) as { provider: Record<string, unknown[]>; resource: Record<string, Record<string, unknown>> };
    expect(json.provider.time).toHaveLength(1);
    expect(Object.keys(json.resource.time_rotating!)).toHaveLength(50);
  });
});

describe('the guardrails aspect and the JSON cdktf writes', () => {
  test('alone in the stack: the JSON checked is the JSON written, and later calls resolve again', () => {
    const { app, stack, instance } = stackWithInstance();
    Guardrails.applyTo(stack);
    const resolutions = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    app.synth();
    expect(resolutions).toHaveBeenCalledTimes(1);
    resolutions.mockRestore();
    expect(written(app).resource.ibm_cloudant![instance.friendlyUniqueId]!.legacy_credentials).toBe(false);
    // the reuse was one-shot: the stack's own method is back
    expect(Object.prototype.hasOwnProperty.call(stack, 'toTerraform')).toBe(false);
    instance.addOverride('capacity', 3);
    expect((stack.toTerraform() as { resource: Record<string, Record<string, { capacity?: number }>> }).resource.ibm_cloudant![instance.friendlyUniqueId]!.capacity).toBe(3);
  });

  test('with another aspect that changes a resource after the check, cdktf resolves again and writes the change', () => {
    const { app, stack, instance } = stackWithInstance();
    Guardrails.applyTo(stack);
    const tagger: IAspect = { visit: (node) => (node === instance ? instance.addOverride('tags', ['checked-later']) : undefined) };
    Aspects.of(instance).add(tagger);
    const resolutions = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    app.synth();
    expect(resolutions).toHaveBeenCalledTimes(2);
    resolutions.mockRestore();
    expect(written(app).resource.ibm_cloudant![instance.friendlyUniqueId]!.tags).toEqual(['checked-later']);
  });
});

describe('token creation traces', () => {
  // the trace cdktf records when a token is created
  const creationStackOf = () => (Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] }).creationStack;
  const capture = Error.captureStackTrace;

  test('inside: tokens record no creation trace, errors keep their stack; outside: as before', () => {
    class Captured extends Error {
      constructor() {
        super('captured');
        Error.captureStackTrace(this, Captured);
      }
    }
    const inside = withoutTokenCreationTraces(() => ({ token: creationStackOf(), error: new Error('kept').stack ?? '', captured: new Captured().stack ?? '' }));
    expect(inside.token).toEqual([]);
    expect(inside.error).toMatch(/^Error: kept\n {4}at /);
    expect(inside.captured).toMatch(/^Error: captured\n {4}at /);
    expect(creationStackOf().length).toBeGreaterThan(0);
    expect(Error.captureStackTrace).toBe(capture);
  });

  test('a failure inside restores the capture and passes the error on', () => {
    expect(() =>
      withoutTokenCreationTraces(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(Error.captureStackTrace).toBe(capture);
  });
});

describe('the app command\'s output folder', () => {
  const [command, ...args] = (JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app.split(' ') as [string, ...string[]];

  test('one it cannot create: the reason, no stack trace, exit 1', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'not-a-folder-')), 'file');
    writeFileSync(file, '');
    const outdir = path.join(file, 'cdktf.out');
    const run = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect([run.status, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe(`synth failed: ENOTDIR: not a directory, mkdir '${outdir}'\n`);
  });

  test('one whose parents do not exist yet: made, and the stacks written there', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'no-parent-')), 'build', 'synth', 'cdktf.out');
    const run = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['dev', 'prod', 'reporting', 'staging']);
  });
});

describe('the benchmark', () => {
  test('estates of each scale are valid environment files with every kind of entry, sized as named', () => {
    const estate = parse(estateYaml(SCALES.S!)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(estate).sort()).toEqual(['account', 'accountSecurity', 'cloudant', 'identities', 'network', 'production', 'replications', 'tags']);
    expect(Object.keys(estate.cloudant!)).toHaveLength(10);
    expect(Object.keys(estate.identities!)).toHaveLength(100);
    expect(Object.keys((estate.network as { zones: object }).zones)).toHaveLength(20);
    expect(new Set(Object.values(estate.identities!).map((each) => (each as { kind: string }).kind))).toEqual(new Set(['serviceId', 'trustedProfile', 'accessGroup']));
  });

  // construct paths (the "//" metadata) differ; everything Terraform reads must not
  type Blocks = Record<string, Record<string, Record<string, unknown>>>;
  type Stack = { resource: Blocks; data?: Blocks; output: unknown; provider: unknown };
  const withoutMetadata = (blocks: Blocks) => Object.fromEntries(Object.entries(blocks).map(([type, byName]) => [type, Object.fromEntries(Object.entries(byName).map(([name, config]) => [name, { ...config, '//': undefined }]))]));
  const terraformReads = (file: string) => {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Stack;
    return { resources: withoutMetadata(json.resource), data: withoutMetadata(json.data ?? {}), output: json.output, provider: json.provider };
  };
  const resourceCount = (stack: ReturnType<typeof terraformReads>) => Object.values(stack.resources).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  const runPlainApp = (files: string[], outdir: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'tools/bench/plain-app.ts'], { cwd: ROOT, env: { ...process.env, BENCH_STACK_JSON: files.join(path.delimiter), CDKTF_OUTDIR: outdir }, encoding: 'utf8' });

  test('the plain cdktf app writes the very resources, outputs and providers the app writes', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'bench-same-'));
    const environments = path.join(work, 'environments');
    mkdirSync(environments);
    writeFileSync(path.join(environments, 'estate.yaml'), estateYaml(SCALES.XS!));
    const ours = new App({ outdir: path.join(work, 'ours'), stackTraces: false, skipValidation: true });
    buildEnvironments(ours, environments);
    ours.synth();
    const oursFile = path.join(work, 'ours', 'stacks', 'estate', 'cdk.tf.json');
    const run = runPlainApp([oursFile], path.join(work, 'plain'));
    expect([run.status, run.stderr]).toEqual([0, '']);
    const expected = terraformReads(oursFile);
    expect(resourceCount(expected)).toBe(124);
    expect(terraformReads(path.join(work, 'plain', 'stacks', 'estate', 'cdk.tf.json'))).toEqual(expected);
  });

  test('given the samples, the plain cdktf app writes each of their stacks, nulls in outputs included', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'bench-samples-'));
    const ours = new App({ outdir: path.join(work, 'ours'), stackTraces: false, skipValidation: true });
    buildEnvironments(ours, path.join(ROOT, 'environments'));
    ours.synth();
    const names = ['dev', 'prod', 'reporting', 'staging'];
    const run = runPlainApp(names.map((name) => path.join(work, 'ours', 'stacks', name, 'cdk.tf.json')), path.join(work, 'plain'));
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(readdirSync(path.join(work, 'plain', 'stacks')).sort()).toEqual(names);
    for (const name of names) {
      const expected = terraformReads(path.join(work, 'ours', 'stacks', name, 'cdk.tf.json'));
      expect(terraformReads(path.join(work, 'plain', 'stacks', name, 'cdk.tf.json'))).toEqual(expected);
    }
    // the post-apply steps of the Schematics sample carry nulls, which TerraformOutput alone refuses
    expect(JSON.stringify(terraformReads(path.join(work, 'plain', 'stacks', 'reporting', 'cdk.tf.json')).output)).toContain('null');
  });

  test('npm run bench with a scale it does not know exits 2 and names the scales', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/bench/bench.ts', '--scales', 'XXL'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error: option '--scales <list>' argument 'XXL' is invalid. unknown scale XXL: use XS, S, L\n");
  });

  test('npm run bench with a number of runs that is not a whole number of 1 or more exits 2 and says so', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/bench/bench.ts', '--runs', '0'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error: option '--runs <n>' argument '0' is invalid. 0: give a whole number of runs, 1 or more\n");
  });
});
