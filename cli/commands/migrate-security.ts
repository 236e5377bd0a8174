// ibm-data-guard migrate-security: a database's legacy _security document as identities YAML.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { parseJsonText } from '../../constructs/core/json';
import { LegacySecurityError, mergeIdentitiesInto, migrateLegacySecurity } from '../../environment/legacy-security';
import { parseEnvironmentFile } from '../../environment/load';
import { CommandFailure, type CommandContext } from '../io';

export function registerMigrateSecurity(program: Command, context: CommandContext, done: (code: number) => void): void {
  program
    .command('migrate-security')
    .summary('turn a legacy _security document into identities YAML')
    .argument('<file>', 'the output of GET /<database>/_security, or - for standard input')
    .requiredOption('--instance <key>', 'the Cloudant instance key in the environment file')
    .requiredOption('--database <name>', 'the database the document protects')
    .option('--into <environment file>', "merge the identities into this file's identities section (comments and order kept) instead of printing them")
    .addHelpText(
      'after',
      '\nExamples:\n  $ ibm-data-guard migrate-security security.json --instance orders --database orders                 # print, to review\n  $ ibm-data-guard migrate-security security.json --instance orders --database orders --into environments/prod.yaml\n\nExit codes: 0 written (warnings on standard error), 1 the document could not be read or migrated, or the file already has such an identity, 2 the command was given wrong.',
    )
    .action((file: string, options: { instance: string; database: string; into?: string }) => {
      let text: string;
      try {
        text = readFileSync(file === '-' ? 0 : path.resolve(context.cwd, file), 'utf8');
      } catch (error) {
        throw new CommandFailure(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 1);
      }
      // the reason never quotes the input
      const parsed = parseJsonText(text);
      if (!parsed.ok) throw new LegacySecurityError(file, `${parsed.reason}; save the output of GET /${options.database}/_security`);
      const result = migrateLegacySecurity(parsed.value, { instance: options.instance, database: options.database, source: file === '-' ? 'standard input' : file });
      for (const warning of result.warnings) context.io.stderr.write(`warning: ${warning}\n`);
      if (!options.into) {
        context.io.stdout.write(result.yaml);
        return done(0);
      }
      const target = path.resolve(context.cwd, options.into);
      let current: string;
      try {
        current = readFileSync(target, 'utf8');
      } catch (error) {
        throw new CommandFailure(`${options.into}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 1);
      }
      const merged = mergeIdentitiesInto(options.into, current, result);
      // the merged file must still load as an environment file before it is written
      const check = parseEnvironmentFile(options.into, Buffer.from(merged.text));
      if ('problems' in check) throw new CommandFailure(`${options.into} would not load after the merge; nothing was written:\n${check.problems.map((problem) => problem.message).join('\n')}`, 1);
      writeFileSync(target, merged.text);
      context.io.stdout.write(`added to ${options.into}: ${merged.added.join(', ') || 'nothing (the document names no principal IAM can take)'}\n`);
      done(0);
    });
}
