// ibm-data-guard replication-status: the scheduler state of each replication of an environment.
import type { Command } from 'commander';
import type { CommandContext } from '../io';

interface ReplicatorScript {
  run(argv: readonly string[], env: NodeJS.ProcessEnv, io: { out(line: string): void; err(line: string): void }): Promise<number>;
}

export function registerReplicationStatus(program: Command, context: CommandContext, done: (code: number) => void): void {
  program
    .command('replication-status')
    .summary('show the scheduler state of each replication of an environment')
    .argument('[environment]', 'the environment, whose outputs terraform output reads in cdktf.out/stacks/<environment>')
    .option('--outputs <file>', 'the outputs as terraform output -json wrote them, instead of running terraform')
    .option('--stack-dir <dir>', 'the stack folder to run terraform output in')
    .option('--api-key-variable <name>', 'the variable holding a key with Monitor on the instances (default REPLICATION_STATUS_API_KEY, then IBMCLOUD_API_KEY)')
    .option('--iam-url <url>', 'the IAM endpoint (default https://iam.cloud.ibm.com)')
    .option('--json', 'print JSON instead of a table')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ibm-data-guard replication-status --outputs outputs.json --json\n  $ REPLICATION_STATUS_API_KEY=… ibm-data-guard replication-status prod\n\nExit codes: 0 every replication running, completed or waiting; 1 one failed, crashing, in error or missing; 2 the state could not be read.',
    )
    .action(async (environment: string | undefined, options: { outputs?: string; stackDir?: string; apiKeyVariable?: string; iamUrl?: string; json?: boolean }) => {
      // the dependency-free script Terraform runs does the work; this only passes the options on
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const script = require('../../constructs/scripts/replicator.cjs') as ReplicatorScript;
      const args = [
        'status',
        ...(environment ? [environment] : []),
        ...(options.outputs ? ['--outputs', options.outputs] : []),
        ...(options.stackDir ? ['--stack-dir', options.stackDir] : []),
        ...(options.apiKeyVariable ? ['--api-key-variable', options.apiKeyVariable] : []),
        ...(options.iamUrl ? ['--iam-url', options.iamUrl] : []),
        ...(options.json ? ['--json'] : []),
      ];
      done(await script.run(args, context.env, { out: (line) => context.io.stdout.write(`${line}\n`), err: (line) => context.io.stderr.write(`${line}\n`) }));
    });
}
