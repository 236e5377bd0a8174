// npm run guardrails -- <cdktf.out | stack folder | cdk.tf.json | *.tf.json folder | plan.json>...
// Applies the IBM Cloud rule pack to any Terraform JSON. Exit 0: no error finding; 1: error
// findings remain; 2: the input could not be read.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkConfiguration, hasErrors } from '../guardrails/engine';
import { loadConfigurations, loadSettingsFile } from '../guardrails/input';
import { GuardrailInputError } from '../guardrails/input-error';
import { formatReports, reportJson } from '../guardrails/report';

const USAGE = `usage: npm run guardrails -- [--production] [--settings FILE] [--json FILE] <input>...
  <input>          cdktf.out, a stack folder, a cdk.tf.json, a folder of *.tf.json files,
                   or a plan as JSON (terraform show -json plan.out > plan.json)
  --production     check as production (default: what each synthesized stack records)
  --settings FILE  production, levels and suppressions (by address) for plans, which record none
  --json FILE      also write the report as JSON
`;

/** where a command writes: the process's streams, or a test's buffers */
export interface CommandOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** the command: returns the exit code */
export function main(argv: readonly string[], io: CommandOutput = process): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { production: { type: 'boolean' }, settings: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args.positionals.length === 0) {
    io.stderr.write(`give at least one input\n${USAGE}`);
    return 2;
  }
  try {
    const planSettings = args.values.settings ? loadSettingsFile(args.values.settings) : undefined;
    const configurations = args.positionals.flatMap((input) => loadConfigurations(input, { planSettings }));
    const reports = configurations.map((configuration) => checkConfiguration(configuration, { production: args.values.production ? true : undefined }));
    io.stdout.write(formatReports(reports));
    if (args.values.json) writeFileSync(args.values.json, reportJson(reports));
    return hasErrors(reports) ? 1 : 0;
  } catch (error) {
    if (!(error instanceof GuardrailInputError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
