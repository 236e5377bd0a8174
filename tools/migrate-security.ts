// npm run migrate-security -- <_security.json> --instance <key> --database <name>
// Prints the identities YAML that replaces a database's legacy permissions; warnings go
// to standard error as well as into the YAML as comments.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseJsonText } from '../constructs/core/json';
import { LegacySecurityError, migrateLegacySecurity } from '../environment/legacy-security';

const USAGE = 'usage: npm run migrate-security -- <security.json | -> --instance <cloudant key> --database <name>';

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { instance: { type: 'string' }, database: { type: 'string' } } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  const { instance, database } = parsed.values;
  if (!file || extra.length > 0 || !instance || !database) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
    return 1;
  }
  try {
    // the reason never quotes the input
    const parsed = parseJsonText(text);
    if (!parsed.ok) throw new LegacySecurityError(file, `${parsed.reason}; save the output of GET /${database}/_security`);
    const document = parsed.value;
    const result = migrateLegacySecurity(document, { instance, database, source: file === '-' ? 'standard input' : file });
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(result.yaml);
    return 0;
  } catch (error) {
    if (error instanceof LegacySecurityError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
