// ibm-data-guard db2 check: does a service ID really reach Db2 as its Db2 user, with the
// privileges its environment declares? The dependency-free script Terraform runs does the
// work, so the check and the apply read the API the same way.
import * as path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../io';

interface Db2Script {
  checkCommand(
    options: { identity: string; environment?: string; outputs?: string; stackDir?: string; apiKeyVariable?: string; adminApiKeyVariable?: string; iamUrl?: string },
    env: NodeJS.ProcessEnv,
    io: { out(line: string): void; err(line: string): void },
  ): Promise<number>;
}

interface CheckOptions {
  outputs?: string;
  stackDir?: string;
  apiKeyVariable?: string;
  adminApiKeyVariable?: string;
  iamUrl?: string;
}

export function registerDb2(program: Command, context: CommandContext, done: (code: number) => void): void {
  const db2 = program.command('db2').summary('Db2 on Cloud: check that identities reach Db2 as their Db2 users');
  db2
    .command('check')
    .summary('connect as an identity with its own key and check its Db2 user and privileges')
    .argument('<environment>', 'the environment, whose outputs terraform output reads in cdktf.out/stacks/<environment>')
    .argument('<identity>', "the service ID's name, its Db2 user ID, or <instance>/<user ID>")
    .option('--outputs <file>', 'the outputs as terraform output -json wrote them, instead of running terraform')
    .option('--stack-dir <dir>', 'the stack folder to run terraform output in')
    .option('--api-key-variable <name>', "the variable holding an API key of the identity (default DB2_CHECK_API_KEY)")
    .option('--admin-api-key-variable <name>', 'a variable holding a key with Administrator on the instance, to confirm the mapping when the identity may not read its own user')
    .option('--iam-url <url>', 'the IAM endpoint (default https://iam.cloud.ibm.com)')
    .addHelpText(
      'after',
      [
        '',
        'It exchanges the key for a token, confirms the Db2 user exists and is mapped to the identity,',
        'runs SELECT COUNT(*) FROM SYSCAT.TABLES as the identity through the REST API, and compares',
        'the privileges the user holds with the declared ones. Keys are read from the environment only.',
        '',
        'Examples:',
        '  $ DB2_CHECK_API_KEY=… ibm-data-guard db2 check prod orders-app-prod',
        '  $ DB2_CHECK_API_KEY=… ibm-data-guard db2 check staging ordersapp --outputs outputs.json',
        '',
        'Exit codes: 0 working; 1 not working (says what is missing); 2 cannot check.',
      ].join('\n'),
    )
    .action(async (environment: string, identity: string, options: CheckOptions) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const script = require('../../constructs/scripts/db2-users.cjs') as Db2Script;
      const stackDir = options.outputs ? undefined : path.resolve(context.cwd, options.stackDir ?? path.join('cdktf.out', 'stacks', environment));
      const outputs = options.outputs ? path.resolve(context.cwd, options.outputs) : undefined;
      done(
        await script.checkCommand({ identity, environment, outputs, stackDir, apiKeyVariable: options.apiKeyVariable, adminApiKeyVariable: options.adminApiKeyVariable, iamUrl: options.iamUrl }, context.env, {
          out: (line) => context.io.stdout.write(`${line}\n`),
          err: (line) => context.io.stderr.write(`${line}\n`),
        }),
      );
    });
}
