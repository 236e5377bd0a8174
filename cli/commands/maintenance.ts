// ibm-data-guard conformance, schema and catalogue: checks and generated files.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { renderJsonSchema } from '../../environment/schema';
import { ruleCatalogue } from '../../guardrails/catalogue';
import { checkSynthesizedStacks, loadIbmProviderFacts } from '../../tools/schema-conformance';
import type { CommandContext } from '../io';

export function registerMaintenance(program: Command, context: CommandContext, done: (code: number) => void): void {
  program
    .command('conformance')
    .summary('check synthesized stacks against the IBM provider 2.5.0 schema and validators')
    .argument('[outdir]', 'the cdktf output folder', 'cdktf.out')
    .addHelpText('after', '\nExamples:\n  $ ibm-data-guard conformance cdktf.out\n\nExit codes: 0 every resource conforms, 1 a finding, 2 the folder could not be read.')
    .action((outdir: string) => {
      const { schema, validators } = loadIbmProviderFacts();
      const found = checkSynthesizedStacks(path.resolve(context.cwd, outdir), schema, validators);
      for (const finding of found) context.io.stderr.write(`${finding.address} ${finding.argument}: ${finding.message}\n`);
      if (found.length === 0) context.io.stdout.write(`every ibm_* resource and data source under ${outdir} conforms to the IBM provider 2.5.0 schema and validators\n`);
      done(found.length > 0 ? 1 : 0);
    });

  program
    .command('schema')
    .summary('write the JSON Schema of environment files, for editors')
    .option('--out <file>', 'where to write it', 'schemas/environment.schema.json')
    .addHelpText('after', '\nExamples:\n  $ ibm-data-guard schema --out schemas/environment.schema.json\n\nExit codes: 0 written.')
    .action((options: { out: string }) => {
      writeFileSync(path.resolve(context.cwd, options.out), renderJsonSchema());
      context.io.stdout.write(`wrote ${options.out}\n`);
      done(0);
    });

  program
    .command('catalogue')
    .summary('write the guardrail rule catalogue (Markdown)')
    .option('--out <file>', 'where to write it', 'docs/guardrails.md')
    .addHelpText('after', '\nExamples:\n  $ ibm-data-guard catalogue --out docs/guardrails.md\n\nExit codes: 0 written.')
    .action((options: { out: string }) => {
      writeFileSync(path.resolve(context.cwd, options.out), ruleCatalogue());
      context.io.stdout.write(`wrote ${options.out}\n`);
      done(0);
    });
}
