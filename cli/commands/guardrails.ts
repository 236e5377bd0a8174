// ibm-data-guard guardrails: the IBM Cloud rule pack on any Terraform JSON or plan.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkConfiguration, formatReports, hasErrors, loadConfigurations, loadSettingsFile, reportJson } from '../../guardrails';
import type { CommandContext } from '../io';

export function registerGuardrails(program: Command, context: CommandContext, done: (code: number) => void): void {
  program
    .command('guardrails')
    .summary('apply the IBM Cloud rule pack to Terraform JSON or a plan')
    .description('Applies the IBM Cloud rule pack to cdktf.out, a stack folder, a cdk.tf.json, a folder of *.tf.json files (one module, overrides applied), or a plan as JSON.')
    .argument('<input...>', 'cdktf.out, a stack folder, a cdk.tf.json, a folder of *.tf.json files, or plan.json (terraform show -json plan.out)')
    .option('--production', 'check as production (default: what each synthesized stack records)')
    .option('--settings <file>', 'production, levels and suppressions (by address) for plans, which record none')
    .option('--json <file>', 'also write the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ ibm-data-guard guardrails cdktf.out
  $ ibm-data-guard guardrails plan.json --settings guardrails.yaml --json report.json

Exit codes: 0 no error finding, 1 error findings remain, 2 the input could not be read.`,
    )
    .action((inputs: string[], options: { production?: boolean; settings?: string; json?: string }) => {
      const planSettings = options.settings ? loadSettingsFile(options.settings) : undefined;
      const configurations = inputs.flatMap((input) => loadConfigurations(input, { planSettings }));
      const reports = configurations.map((configuration) => checkConfiguration(configuration, { production: options.production ? true : undefined }));
      context.io.stdout.write(formatReports(reports));
      if (options.json) writeFileSync(options.json, reportJson(reports));
      done(hasErrors(reports) ? 1 : 0);
    });
}
