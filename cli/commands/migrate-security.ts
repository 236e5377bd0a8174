// ibm-data-guard migrate-security: a database's legacy _security document as identities YAML.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseJsonText } from '../../constructs/core/json';
import { LegacySecurityError, migrateLegacySecurity } from '../../environment/legacy-security';
import { CommandFailure, type CommandContext } from '../io';

export function registerMigrateSecurity(program: Command, context: CommandContext, done: (code: number) => void): void {
  program
    .command('migrate-security')
    .summary('turn a legacy _security document into identities YAML')
    .argument('<file>', 'the output of GET /<database>/_security, or - for standard input')
    .requiredOption('--instance <key>', 'the Cloudant instance key in the environment file')
    .requiredOption('--database <name>', 'the database the document protects')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ibm-data-guard migrate-security security.json --instance orders --database orders >> environments/prod.yaml\n\nExit codes: 0 written (warnings on standard error), 1 the document could not be read or migrated, 2 the command was given wrong.',
    )
    .action((file: string, options: { instance: string; database: string }) => {
      let text: string;
      try {
        text = readFileSync(file === '-' ? 0 : file, 'utf8');
      } catch (error) {
        throw new CommandFailure(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 1);
      }
      // the reason never quotes the input
      const parsed = parseJsonText(text);
      if (!parsed.ok) throw new LegacySecurityError(file, `${parsed.reason}; save the output of GET /${options.database}/_security`);
      const result = migrateLegacySecurity(parsed.value, { instance: options.instance, database: options.database, source: file === '-' ? 'standard input' : file });
      for (const warning of result.warnings) context.io.stderr.write(`warning: ${warning}\n`);
      context.io.stdout.write(result.yaml);
      done(0);
    });
}
