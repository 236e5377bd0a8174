// ibm-data-guard db2 check: does a service ID really reach Db2 as its Db2 user, with the
// privileges its environment declares? The dependency-free script Terraform runs does the
// work, so the check and the apply read the API the same way.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { CommandFailure, type CommandContext } from '../io';

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
  const db2 = program.command('db2').summary('Db2 on Cloud: the GRANT script for a DBA, and a check that identities reach Db2 as their Db2 users');
  db2
    .command('grants')
    .summary("print the GRANT script of an environment's Db2 users, from the synthesized stack, for a DBA")
    .argument('<environment>', 'the environment, synthesized in cdktf.out/stacks/<environment>')
    .option('--stack-dir <dir>', 'the synthesized stack folder')
    .addHelpText('after', '\nNo Terraform and no key needed: the script is part of the stack as synthesized.\n\nExample:\n  $ npm run synth && ibm-data-guard db2 grants prod > prod-grants.sql\n\nExit codes: 0 printed; 2 no synthesized stack, or no Db2 user in it.')
    .action((environment: string, options: { stackDir?: string }) => {
      const file = path.join(path.resolve(context.cwd, options.stackDir ?? path.join('cdktf.out', 'stacks', environment)), 'cdk.tf.json');
      let stack: { output?: Record<string, { value?: unknown }> };
      try {
        stack = JSON.parse(readFileSync(file, 'utf8')) as typeof stack;
      } catch (error) {
        throw new CommandFailure(`cannot read ${file} (${(error as Error).message.split('\n')[0]}): synthesize first (npm run synth), or give --stack-dir`, 2);
      }
      const users = stack.output?.db2_users?.value;
      const scripts = users && typeof users === 'object' ? Object.values(users as Record<string, { grant_sql?: unknown }>).map((entry) => entry.grant_sql).filter((sql): sql is string => typeof sql === 'string') : [];
      if (scripts.length === 0) throw new CommandFailure(`${file} maps no identity to a Db2 user (identities.<key>.db2, or Db2Instance.grantAccess)`, 2);
      context.io.stdout.write(`${scripts.join('\n\n')}\n`);
      done(0);
    });
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
