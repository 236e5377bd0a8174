// The published package as a team adopting it uses it: packed, installed (offline, from the
// npm cache `npm ci` filled, through a lockfile: support/offline-install.ts) into a fresh cdktf project with cdktf's own TypeScript settings
// (classic module resolution), a stack written against the README's examples type-checked
// and synthesized, and the package's command line run on what it wrote.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeOfflineLockfile } from './support/offline-install';

const ROOT = path.resolve(__dirname, '..');
// the framework this checkout is built on: cdktf, or cdktn in the flavour `npm run flavour` builds
const FRAMEWORK = existsSync(path.join(ROOT, 'node_modules', 'cdktn')) ? 'cdktn' : 'cdktf';
const versionOf = (name: string) => (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const STACK = `import { App, TerraformStack } from '${FRAMEWORK}';
import { CloudantInstance, Db2Instance, IbmProvider, ServiceIdentity } from 'ibm-data-guard';
import { Guardrails } from 'ibm-data-guard/guardrails';
import { renderReview, reviewFromSynthesized } from 'ibm-data-guard/review';

const app = new App({ stackTraces: false });
const stack = new TerraformStack(app, 'orders');
new IbmProvider(stack, 'ibm', { region: 'us-east', visibility: 'private' });
const orders = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', databases: { orders: {} } });
const service = new ServiceIdentity(stack, 'orders-app', { name: 'orders-app' });
orders.grantWrite(service, { database: 'orders' });
service.addApiKey('key', { name: 'orders-app', rotationDays: 30 });
const ledger = new Db2Instance(stack, 'ledger', { name: 'ledger', location: 'us-east' });
ledger.grantAccess(service, { userId: 'ordersapp', privileges: { schemas: { LEDGER: ['SELECT'] } } });
Guardrails.applyTo(stack);
app.synth();
void renderReview;
void reviewFromSynthesized;
`;

test(`packed, installed into a fresh ${FRAMEWORK} project, type-checked, synthesized, and its command line run there`, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'consumer-'));
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: work, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', npm_config_update_notifier: 'false' } });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  };
  // build, then pack without the lifecycle scripts: prepare would regenerate .gen/ under the other tests' feet
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))!;
  const packed = spawnSync('tar', ['-tzf', path.join(work, tarball)], { encoding: 'utf8' }).stdout.split('\n');
  expect(packed).toEqual(expect.arrayContaining(['package/dist/cli/main.js', 'package/dist/constructs/index.d.ts', 'package/dist/guardrails/index.js', 'package/dist/review/index.js', 'package/dist/constructs/scripts/db2-users.cjs', 'package/schemas/environment.schema.json']));
  expect(packed.filter((name) => name.startsWith('package/tools/') || name.startsWith('package/test/'))).toEqual([]);

  // the tsconfig `cdktf init --template=typescript` writes: CommonJS, classic module resolution
  writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2020', module: 'CommonJS', strict: true, esModuleInterop: true, skipLibCheck: true, outDir: 'build', types: ['node'] }, include: ['main.ts'] }));
  writeFileSync(path.join(work, 'main.ts'), STACK);
  // from the npm cache alone: the versions this checkout's lockfile holds
  writeOfflineLockfile(ROOT, work, tarball, [FRAMEWORK, 'constructs', 'typescript', '@types/node']);
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund']);
  expect(['cdktf', 'cdktn', 'constructs'].filter((name) => existsSync(path.join(work, 'node_modules', name))).map((name) => `${name}@${(JSON.parse(readFileSync(path.join(work, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`)).toEqual(
    [`${FRAMEWORK}@${versionOf(FRAMEWORK)}`, `constructs@${versionOf('constructs')}`],
  );
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  run('node', ['build/main.js']);
  const stack = JSON.parse(readFileSync(path.join(work, 'cdktf.out', 'stacks', 'orders', 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, { provisioner?: { 'local-exec': { interpreter: string[] } }[] }>> };
  expect(Object.keys(stack.resource).sort()).toEqual(['ibm_cloudant', 'ibm_cloudant_database', 'ibm_db2', 'ibm_iam_service_api_key', 'ibm_iam_service_id', 'ibm_iam_service_policy', 'terraform_data', 'time_rotating']);
  // the Db2 script ships with the stack, from the installed package
  const interpreter = Object.values(stack.resource.terraform_data!).flatMap((data) => data.provisioner ?? []).map((p) => p['local-exec'].interpreter[1])[0]!;
  expect(readFileSync(path.join(work, 'cdktf.out', 'stacks', 'orders', interpreter), 'utf8')).toContain("require('./http.cjs')");
  expect(run('npx', ['ibm-data-guard', 'guardrails', 'cdktf.out'])).toContain('orders: 0 errors');
}, 300_000);
