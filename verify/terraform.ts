// Terraform itself checks a synthesized stack, offline: `init` from a local mirror that holds
// the stand-in providers, `validate`, `plan -out`, `show -json`, `apply` against the
// stand-in, and a second `plan` that must show no changes. No credentials, no registry.
//
// After validate, each stand-in is started once and every later command reattaches to it
// (TF_REATTACH_PROVIDERS, Terraform's way of using a provider it did not start): Terraform
// would otherwise start each provider a few times per command, about 24 starts per check.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MAGIC_COOKIE } from './plugin-handshake';
import { servedProviders } from './provider-schemas';
import { standinBundle } from './standin-bundle';

export interface VerifyOptions {
  /** the account made-up CRNs and account IDs name: the environment's */
  readonly accountId: string;
  /** the region made-up CRNs name @default 'us-south' */
  readonly region?: string;
  /** the Terraform binary @default 'terraform' (from the PATH) */
  readonly terraform?: string;
  /** stop after the plan and its JSON: no apply, no second plan @default false */
  readonly planOnly?: boolean;
  /** the time made-up times start from @default - now */
  readonly now?: Date;
  /**
   * After apply, a change to make to the stack's JSON (a grant widened, a rule disabled) and
   * resources to replace (a key rotated), then a plan of that change: real plans of real
   * changes, for the review and the guardrails.
   * @default - none
   */
  readonly change?: { readonly edit?: (stack: Record<string, unknown>) => void; readonly replace?: readonly string[] };
  /** the environment Terraform runs with @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface VerifyStep {
  readonly step: string;
  readonly seconds: number;
}

export interface VerifyResult {
  readonly steps: readonly VerifyStep[];
  /** the plan as `terraform show -json` printed it */
  readonly plan: unknown;
  /** the second plan, after apply, when there was one */
  readonly replan?: unknown;
  /** the plan of the change asked for, when there was one */
  readonly changed?: unknown;
}

/** Thrown when Terraform refuses the stack: its own message, and the step it came from. */
export class TerraformCheckError extends Error {
  constructor(
    public readonly step: string,
    public readonly output: string,
  ) {
    super(`terraform ${step} failed:\n${output.trim()}`);
    this.name = 'TerraformCheckError';
  }
}

/** Thrown when there is no Terraform to run. */
export class TerraformMissingError extends Error {}

const PLATFORMS: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
const STANDIN_SCRIPT = path.join(__dirname, `standin-provider${path.extname(__filename)}`);
const STANDIN_STARTER = path.join(__dirname, 'standin-start.cjs');

/** the Terraform version, or a TerraformMissingError that says what to install */
export function terraformVersion(terraform = 'terraform', env: NodeJS.ProcessEnv = process.env): string {
  const run = spawnSync(terraform, ['version', '-json'], { encoding: 'utf8', env });
  if (run.error || run.status !== 0) {
    throw new TerraformMissingError(`${terraform} could not be run (${run.error ? (run.error as NodeJS.ErrnoException).code : `exit ${run.status}`}): the offline check runs Terraform itself; install Terraform 1.10 or later and put it on the PATH`);
  }
  const version = (JSON.parse(run.stdout) as { terraform_version: string }).terraform_version;
  const [major, minor] = version.split('.').map(Number) as [number, number];
  if (major < 1 || (major === 1 && minor < 10)) throw new TerraformMissingError(`Terraform ${version} at ${terraform}: the offline check needs Terraform 1.10 or later`);
  return version;
}

/** runs Terraform's own checks on one synthesized stack folder (cdktf.out/stacks/<name>) */
export function verifyStack(stackDir: string, options: VerifyOptions): VerifyResult {
  const terraform = options.terraform ?? 'terraform';
  terraformVersion(terraform, options.env);
  if (!existsSync(path.join(stackDir, 'cdk.tf.json'))) throw new TerraformCheckError('init', `${stackDir} holds no cdk.tf.json; synthesize the stack first`);
  const work = mkdtempSync(path.join(tmpdir(), 'ibm-data-guard-verify-'));
  let standins: ReturnType<typeof startStandins> | undefined;
  try {
    const dir = path.join(work, 'stack');
    cpSync(stackDir, dir, { recursive: true, filter: (source) => !/[\\/](\.terraform|terraform\.tfstate[^\\/]*)$/.test(source) });
    // the stack's own backend stays as written; the check keeps its state beside it
    writeFileSync(path.join(dir, 'zz_verify_override.tf.json'), JSON.stringify({ terraform: { backend: { local: { path: 'terraform.tfstate' } } } }));
    const env = terraformEnvironment(work, options);
    const steps: VerifyStep[] = [];
    const runner = (environment: NodeJS.ProcessEnv) => (step: string, args: string[]) => {
      const started = process.hrtime.bigint();
      const result = spawnSync(terraform, args, { cwd: dir, env: environment, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      steps.push({ step, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
      // -detailed-exitcode: 2 means the plan has changes
      if (step === 'replan' && result.status === 2) {
        throw new TerraformCheckError(step, `the plan after apply still has changes, so the stack does not converge:\n${result.stdout}`);
      }
      if (result.error || result.status !== 0) throw new TerraformCheckError(step, `${result.stderr ?? ''}${result.stdout ?? ''}`);
      return result.stdout;
    };
    // init installs the stand-ins from the mirror as any provider is installed (source and version
    // checked, lock file written); validate starts them as it would start any provider, over mutual TLS
    const starting = runner(env);
    starting('init', ['init', '-input=false', '-no-color', '-backend=true']);
    starting('validate', ['validate', '-no-color']);
    standins = startStandins(work, env);
    const run = runner({ ...env, TF_REATTACH_PROVIDERS: standins.reattach });
    run('plan', ['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.out']);
    const plan = JSON.parse(run('show', ['show', '-json', 'plan.out'])) as unknown;
    if (options.planOnly) return { steps, plan };
    run('apply', ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve', 'plan.out']);
    run('replan', ['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', '-out=replan.out']);
    const replan = JSON.parse(run('show', ['show', '-json', 'replan.out'])) as unknown;
    if (!options.change) return { steps, plan, replan };
    const stackFile = path.join(dir, 'cdk.tf.json');
    const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as Record<string, unknown>;
    options.change.edit?.(stack);
    writeFileSync(stackFile, JSON.stringify(stack));
    run('change', ['plan', '-input=false', '-no-color', '-lock=false', '-out=changed.out', ...(options.change.replace ?? []).map((address) => `-replace=${address}`)]);
    const changed = JSON.parse(run('show', ['show', '-json', 'changed.out'])) as unknown;
    return { steps, plan, replan, changed };
  } finally {
    standins?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

// Each stand-in the stack uses, started once for Terraform to reattach to, and how to stop them.
// Started by us, a stand-in speaks plain gRPC on 127.0.0.1 (no client certificate is passed);
// Terraform's own starts, as in validate, use mutual TLS (test/standin-tls.test.ts).
function startStandins(work: string, env: NodeJS.ProcessEnv): { reattach: string; stop: () => void } {
  const started: number[] = [];
  const stop = () => {
    for (const pid of started.splice(0)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  const reattach: Record<string, unknown> = {};
  try {
    for (const provider of Object.values(servedProviders())) {
      const log = path.join(work, `standin-${provider.source.replace('/', '-')}.log`);
      const { PLUGIN_CLIENT_CERT: _none, ...plain } = env;
      const start = spawnSync(process.execPath, [STANDIN_STARTER, log, ...standinCommand()], {
        env: { ...plain, STANDIN_PROVIDER: provider.source, STANDIN_OWNER_PID: String(process.pid), [MAGIC_COOKIE.key]: MAGIC_COOKIE.value },
        encoding: 'utf8',
      });
      if (start.status !== 0) throw new TerraformCheckError('start stand-in', `${provider.source}: ${start.stderr}${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
      // <pid>|<core version>|<plugin protocol>|tcp|<address>|grpc
      const [pid, , protocolVersion, network, address] = start.stdout.trim().split('|');
      started.push(Number(pid));
      reattach[`registry.terraform.io/${provider.source}`] = { Protocol: 'grpc', ProtocolVersion: Number(protocolVersion), Pid: Number(pid), Test: true, Addr: { Network: network, String: address } };
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { reattach: JSON.stringify(reattach), stop };
}

// Terraform installs the stand-ins from a filesystem mirror named in a CLI configuration of
// our own; Terraform and the stand-in speak mutual TLS as with any provider; a `node` shim keeps
// provisioners that call IBM Cloud (the replication document) from running.
function terraformEnvironment(work: string, options: VerifyOptions): NodeJS.ProcessEnv {
  const mirror = path.join(work, 'mirror');
  const platform = `${process.platform}_${PLATFORMS[process.arch] ?? process.arch}`;
  const providers = servedProviders();
  for (const provider of Object.values(providers)) {
    const [namespace, type] = provider.source.split('/') as [string, string];
    const folder = path.join(mirror, 'registry.terraform.io', namespace, type, provider.version, platform);
    mkdirSync(folder, { recursive: true });
    const executable = path.join(folder, `terraform-provider-${type}_v${provider.version}`);
    writeFileSync(executable, `#!/bin/sh\nSTANDIN_PROVIDER='${provider.source}' exec ${launcher()} "$@"\n`);
    chmodSync(executable, 0o755);
  }
  const config = path.join(work, 'terraform.rc');
  const sources = Object.keys(providers).map((source) => JSON.stringify(`registry.terraform.io/${source}`));
  writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = [${sources.join(', ')}]\n  }\n}\n`);
  const shims = path.join(work, 'shims');
  mkdirSync(shims);
  writeFileSync(
    path.join(shims, 'node'),
    `#!/bin/sh\ncase "$1" in\n  *replicator.cjs) echo "offline check: the replication document is not written"; exit 0;;\n  *db2-users.cjs) echo "offline check: the Db2 user and its privileges are not written"; exit 0;;\nesac\nexec ${JSON.stringify(process.execPath)} "$@"\n`,
  );
  chmodSync(path.join(shims, 'node'), 0o755);
  const base = options.env ?? process.env;
  return {
    ...base,
    PATH: `${shims}${path.delimiter}${base.PATH ?? ''}`,
    TF_CLI_CONFIG_FILE: config,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_PLUGIN_CACHE_DIR: '',
    STANDIN_ACCOUNT_ID: options.accountId,
    STANDIN_REGION: options.region ?? 'us-south',
    STANDIN_NOW: (options.now ?? new Date()).toISOString(),
  };
}

// how the stand-in runs: compiled (an installed package) or, from a checkout, its sources
// bundled into one file (verify/standin-bundle.ts)
function standinCommand(): [string, string] {
  return [process.execPath, STANDIN_SCRIPT.endsWith('.js') ? STANDIN_SCRIPT : standinBundle(STANDIN_SCRIPT)];
}

// the same, as the mirror's executable runs it
function launcher(): string {
  const quoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  return standinCommand().map(quoted).join(' ');
}

/** the stack folder of an environment in a cdktf output folder */
export function stackFolder(outdir: string, environment: string): string {
  const manifest = path.join(outdir, 'manifest.json');
  if (existsSync(manifest)) {
    const stacks = (JSON.parse(readFileSync(manifest, 'utf8')) as { stacks: Record<string, { workingDirectory: string }> }).stacks;
    if (stacks[environment]) return path.join(outdir, stacks[environment].workingDirectory);
  }
  return path.join(outdir, 'stacks', environment);
}
