// ibm-data-guard verify: Terraform itself validates and plans a synthesized environment,
// offline, against the stand-in providers.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { environmentsDirectory, loadEnvironments } from '../../environment/load';
import { stackFolder, TerraformCheckError, TerraformMissingError, verifyStack } from '../../verify/terraform';
import { CommandFailure, type CommandContext } from '../io';

export function registerVerify(program: Command, context: CommandContext, done: (code: number) => void): void {
  program
    .command('verify')
    .summary('let Terraform validate and plan an environment offline (no credentials, no registry)')
    .description(
      'Runs terraform init (from a local mirror of stand-in providers that serve the vendored IBM provider 2.5.0 schema), validate, plan and show on a synthesized environment, without credentials or network. With --converge it also applies against the stand-ins and plans again, which must show no changes.',
    )
    .argument('<environment>', 'the environment (its file in environments/, its stack in cdktf.out)')
    .option('--out <dir>', 'the cdktf output folder', 'cdktf.out')
    .option('--converge', 'also apply against the stand-ins and require a second plan without changes')
    .option('--terraform <binary>', 'the Terraform binary', 'terraform')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ibm-data-guard verify prod\n  $ ibm-data-guard verify staging --converge\n\nNeeds Terraform 1.10 or later on the PATH; synthesize first (npm run synth).\nExit codes: 0 Terraform accepts the stack, 1 Terraform refuses it (its own message is printed), 2 the check cannot run.',
    )
    .action((environment: string, options: { out: string; converge?: boolean; terraform: string }) => {
      const directory = path.resolve(context.cwd, environmentsDirectory(context.env));
      const definition = loadEnvironments(directory).find((each) => each.name === environment);
      if (!definition) throw new CommandFailure(`${environment}: no environment file of that name in ${directory}`, 2);
      const stack = stackFolder(path.resolve(context.cwd, options.out), environment);
      const stackFile = path.join(stack, 'cdk.tf.json');
      if (!existsSync(stackFile)) throw new CommandFailure(`${environment}: ${stackFile} does not exist; synthesize first (npm run synth, or cdktf synth)`, 2);
      try {
        const result = verifyStack(stack, {
          accountId: definition.settings.account.id,
          region: definition.settings.account.region,
          terraform: options.terraform,
          planOnly: !options.converge,
          env: context.env,
        });
        for (const step of result.steps) context.io.stdout.write(`terraform ${step.step}: ok (${step.seconds.toFixed(1)} s)\n`);
        context.io.stdout.write(`${environment}: Terraform accepts the stack${options.converge ? ', and it converges' : ''}\n`);
        done(0);
      } catch (error) {
        if (error instanceof TerraformMissingError) throw new CommandFailure(error.message, 2);
        if (error instanceof TerraformCheckError) throw new CommandFailure(`${environment}: ${error.message}`, 1);
        throw error;
      }
    });
}
