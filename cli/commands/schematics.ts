// ibm-data-guard schematics push | plan | apply <environment>: the environment's IBM Schematics
// workspace, made from its synthesized stack, and its jobs, followed to the end.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { environmentsDirectory, loadEnvironments } from '../../environment/load';
import { engineOf } from '../../environment/engine';
import { EnvironmentError } from '../../environment/problems';
import { pushWorkspace, runJob, SCHEMATICS_LOCATIONS, SCHEMATICS_TERRAFORM_VERSION, SchematicsError } from '../../engines/schematics';
import { SchematicsClient } from '../../engines/schematics-client';
import { SYSTEM_WAITING } from '../../sdk/waiting';
import { CommandFailure, pollInterval, type CommandContext } from '../io';

interface SchematicsOptions {
  workspace?: string;
  location?: string;
  terraformVersion: string;
  stackDir?: string;
  wait: number;
}

export function registerSchematics(program: Command, context: CommandContext, done: (code: number) => void): void {
  const schematics = program.command('schematics').summary("an environment's IBM Schematics workspace: push the synthesized stack, run its plan and apply");
  const common = (command: Command) =>
    command
      .argument('<environment>', 'an environment whose file says engine: schematics')
      .option('--workspace <name>', 'the workspace name (default ibm-data-guard-<environment>)')
      .option('--location <location>', `where the workspace lives: ${SCHEMATICS_LOCATIONS.join(', ')} (default: the environment's region, when it is one of them)`)
      .option('--terraform-version <type>', 'the Schematics Terraform version', SCHEMATICS_TERRAFORM_VERSION)
      .option('--stack-dir <dir>', 'the synthesized stack folder (default cdktf.out/stacks/<environment>)')
      .option('--wait <seconds>', 'how long to follow a job', (value) => {
        const seconds = Number(value);
        if (!Number.isInteger(seconds) || seconds < 1) throw new InvalidArgumentError(`${value}: give a whole number of seconds`);
        return seconds;
      }, 3600)
      .addHelpText('after', '\nThe key comes from SCHEMATICS_APIKEY (or IBMCLOUD_API_KEY); SCHEMATICS_URL chooses a regional endpoint. It needs Manager on Schematics workspaces.\n\nExit codes: 0 done; 1 the job failed; 2 cannot (no synthesized stack, wrong engine, refused, not reachable).');

  const run = async (environment: string, options: SchematicsOptions, action: (client: SchematicsClient, settings: { workspaceName: string; location: string; resourceGroup?: string; tags: readonly string[]; stackDir: string }) => Promise<number>) => {
    try {
      const settings = environmentSettings(context, environment, options);
      let client: SchematicsClient;
      try {
        client = SchematicsClient.fromEnvironment(context.env);
      } catch (error) {
        throw new SchematicsError((error as Error).message, 2);
      }
      done(await action(client, settings));
    } catch (error) {
      if (error instanceof SchematicsError) throw new CommandFailure(error.message, error.exitCode);
      throw error;
    }
  };

  common(schematics.command('push').summary('create or update the workspace and upload the synthesized stack to it')).action((environment: string, options: SchematicsOptions) =>
    run(environment, options, async (client, settings) => {
      await pushWorkspace(client, { environment, ...settings, terraformVersion: options.terraformVersion }, (line) => context.io.stderr.write(`${line}\n`));
      context.io.stdout.write(`next: ibm-data-guard schematics plan ${environment}\n`);
      return 0;
    }),
  );
  for (const job of ['plan', 'apply'] as const) {
    common(schematics.command(job).summary(`start the workspace's ${job} job and follow it, printing its log`)).action((environment: string, options: SchematicsOptions) =>
      run(environment, options, async (client, settings) => {
        const activity = await runJob(
          client,
          { workspaceName: settings.workspaceName, job, pollMs: pollInterval(context.env, 'SCHEMATICS_POLL_MS', 5000), maxWaitMs: options.wait * 1000, waiting: SYSTEM_WAITING },
          (text) => context.io.stdout.write(text),
          (line) => context.io.stderr.write(`${line}\n`),
        );
        const failed = activity.status !== 'COMPLETED';
        context.io.stderr.write(`${job} job ${activity.action_id ?? ''} ${String(activity.status).toLowerCase()}${failed ? `: ${activity.templates?.map((each) => each.message).filter(Boolean).join('; ') || 'see its log above'}` : ''}\n`);
        if (!failed && job === 'apply' && hasPostApplySteps(settings.stackDir)) {
          context.io.stderr.write(`this stack has steps Schematics cannot run: run ibm-data-guard apply-steps ${environment} with the workspace's outputs (terraform output -json form)\n`);
        }
        return failed ? 1 : 0;
      }),
    );
  }
}

function environmentSettings(context: CommandContext, environment: string, options: SchematicsOptions) {
  let definitions;
  try {
    definitions = loadEnvironments(path.resolve(context.cwd, environmentsDirectory(context.env)));
  } catch (error) {
    if (error instanceof EnvironmentError) throw new SchematicsError(error.message, 2);
    throw error;
  }
  const definition = definitions.find((each) => each.name === environment);
  if (!definition) throw new SchematicsError(`no environment ${environment} (there are ${definitions.map((each) => each.name).join(', ')})`, 2);
  if (engineOf(definition.settings) !== 'schematics') throw new SchematicsError(`${environment}'s engine is ${engineOf(definition.settings)}, not schematics: set engine: schematics in its file (Schematics takes no backend block)`, 2);
  const region = definition.settings.account.region;
  const location = options.location ?? ((SCHEMATICS_LOCATIONS as readonly string[]).includes(region) ? region : undefined);
  if (!location || !(SCHEMATICS_LOCATIONS as readonly string[]).includes(location)) {
    throw new SchematicsError(`${location ?? region} is not a Schematics location: give --location, one of ${SCHEMATICS_LOCATIONS.join(', ')}`, 2);
  }
  return {
    workspaceName: options.workspace ?? `ibm-data-guard-${environment}`,
    location,
    resourceGroup: definition.settings.account.resourceGroupId ?? definition.settings.account.resourceGroup,
    tags: definition.settings.tags ?? [],
    stackDir: path.resolve(context.cwd, options.stackDir ?? path.join('cdktf.out', 'stacks', environment)),
  };
}

function hasPostApplySteps(stackDir: string): boolean {
  try {
    const stack = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { output?: Record<string, unknown> };
    return stack.output?.post_apply_steps !== undefined;
  } catch {
    return false;
  }
}

