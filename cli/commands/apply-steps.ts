// ibm-data-guard apply-steps: the steps of a stack whose engine (HCP Terraform's own
// workers, IBM Schematics) cannot run Node.js, run after the apply from the stack's
// outputs by the same dependency-free scripts Terraform would have run, with their retries
// and masking. Every step is idempotent, so running them again is safe.
import * as path from 'node:path';
import type { Command } from 'commander';
import { CommandFailure, type CommandContext } from '../io';

interface Step {
  readonly name: string;
  readonly description: string;
  readonly script: string;
  readonly command: string;
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, string>;
  readonly destroy: { readonly command: string; readonly environment: Record<string, string> } | null;
}

interface Script {
  run(argv: readonly string[], env: NodeJS.ProcessEnv, io: { out(line: string): void; err(line: string): void }): Promise<number>;
}

interface OutputsModule {
  readOutputs(options: { environment?: string; outputs?: string; stackDir?: string }): [unknown, string];
}

const SCRIPTS = ['replicator.cjs', 'db2-users.cjs'];

export function registerApplySteps(program: Command, context: CommandContext, done: (code: number) => void): void {
  program
    .command('apply-steps')
    .summary("run the steps an environment's engine cannot (HCP Terraform workers, IBM Schematics), from its outputs")
    .argument('<environment>', 'the environment, whose outputs terraform output reads in cdktf.out/stacks/<environment>')
    .option('--outputs <file>', 'the outputs as terraform output -json wrote them (they include the sensitive ones the steps need)')
    .option('--stack-dir <dir>', 'the stack folder to run terraform output in')
    .option('--destroy', 'undo the steps (delete replication documents, revoke and delete Db2 users), in reverse order: before terraform destroy')
    .addHelpText(
      'after',
      [
        '',
        'The stack lists the steps in its post_apply_steps output when its engine has no Node.js. The deployer\'s',
        'key comes from IBMCLOUD_API_KEY (or IC_API_KEY), as for Terraform\'s IBM provider. Key values the steps',
        'need are read from the stack\'s sensitive outputs and passed to the scripts only through their environment.',
        '',
        'Examples:',
        '  $ terraform -chdir=cdktf.out/stacks/staging output -json > staging-outputs.json',
        '  $ IBMCLOUD_API_KEY=… ibm-data-guard apply-steps staging --outputs staging-outputs.json',
        '',
        'Exit codes: 0 every step done (or none to run); 1 a step failed (running again is safe); 2 cannot read the outputs.',
      ].join('\n'),
    )
    .action(async (environment: string, options: { outputs?: string; stackDir?: string; destroy?: boolean }) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { readOutputs } = require('../../constructs/scripts/stack-outputs.cjs') as OutputsModule;
      let outputs: unknown;
      let origin: string;
      try {
        [outputs, origin] = readOutputs({
          environment,
          outputs: options.outputs ? path.resolve(context.cwd, options.outputs) : undefined,
          stackDir: options.outputs ? undefined : path.resolve(context.cwd, options.stackDir ?? path.join('cdktf.out', 'stacks', environment)),
        });
      } catch (error) {
        throw new CommandFailure((error as Error).message, 2);
      }
      const all = (outputs ?? {}) as Record<string, { value?: unknown }>;
      const steps = all.post_apply_steps?.value;
      if (steps === undefined) {
        context.io.stdout.write(`${origin} lists no post-apply steps: this environment's engine runs every step inside Terraform\n`);
        return done(0);
      }
      if (!Array.isArray(steps) || steps.some((step) => !isStep(step))) throw new CommandFailure(`${origin}: post_apply_steps is not a list of steps written by ibm-data-guard`, 2);
      const chosen = (steps as Step[]).flatMap((step) => {
        if (!options.destroy) return [{ step, command: step.command, environment: step.environment, secrets: step.secrets }];
        return step.destroy ? [{ step, command: step.destroy.command, environment: step.destroy.environment, secrets: {} }] : [];
      });
      if (options.destroy) chosen.reverse();
      for (const [index, { step, command, environment: stepEnvironment, secrets }] of chosen.entries()) {
        const secretValues: Record<string, string> = {};
        for (const [variable, output] of Object.entries(secrets)) {
          const value = all[output]?.value;
          if (typeof value !== 'string') throw new CommandFailure(`${origin} has no value for ${output}, which step ${step.name} needs; read the outputs with terraform output -json (it includes sensitive outputs)`, 2);
          secretValues[variable] = value;
        }
        context.io.stderr.write(`[${index + 1}/${chosen.length}] ${step.name}: ${options.destroy ? `undoing (${command})` : step.description}\n`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const script = require(`../../constructs/scripts/${step.script}`) as Script;
        const code = await script.run([command], { ...context.env, ...stepEnvironment, ...secretValues }, {
          out: (line) => context.io.stdout.write(`${line}\n`),
          err: (line) => context.io.stderr.write(`${line}\n`),
        });
        if (code !== 0) {
          context.io.stderr.write(`step ${step.name} failed; the steps after it did not run. Every step is idempotent: fix the cause and run apply-steps again\n`);
          return done(1);
        }
      }
      context.io.stderr.write(`${chosen.length} step${chosen.length === 1 ? '' : 's'} ${options.destroy ? 'undone' : 'done'}\n`);
      done(0);
    });
}

function isStep(value: unknown): value is Step {
  const step = value as Step;
  return Boolean(step) && typeof step.name === 'string' && SCRIPTS.includes(step.script) && typeof step.command === 'string' && typeof step.environment === 'object' && typeof step.secrets === 'object';
}
