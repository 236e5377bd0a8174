// Generates the IBM provider bindings into .gen/ from the vendored provider schema.
//
// `cdktf get` needs the Terraform registry; this does the same work offline with
// cdktf's own generator, for exactly the providers and versions cdktf.json names, so
// a user who can reach the registry may run `cdktf get` instead and get the same tree.
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CodeMaker, TerraformProviderGenerator } from '@cdktf/provider-generator';
import { ConstructsMakerProviderTarget, Language, ProviderSchema, readConfigSync, TerraformProviderConstraint } from '@cdktf/commons';

const root = path.resolve(__dirname, '..');

/** where the vendored schema of each provider lives, by the provider's registry address */
function schemaFileFor(constraint: TerraformProviderConstraint): string {
  if (!constraint.version) {
    throw new Error(`cdktf.json names provider ${constraint.source} without a version; pin one (for example ${constraint.source}@2.5.0)`);
  }
  return path.join(root, 'provider-schemas', `${constraint.name}-${constraint.version}.json`);
}

async function main(): Promise<void> {
  const config = readConfigSync(path.join(root, 'cdktf.json'));
  const outdir = path.join(root, config.codeMakerOutput);
  const providers = (config.terraformProviders ?? []) as TerraformProviderConstraint[];
  rmSync(path.join(outdir, 'providers'), { recursive: true, force: true });
  for (const constraint of providers) {
    const schema = JSON.parse(readFileSync(schemaFileFor(constraint), 'utf8')) as ProviderSchema;
    const fqpn = Object.keys(schema.provider_schemas ?? {})[0];
    if (!fqpn) throw new Error(`${schemaFileFor(constraint)} holds no provider schema`);
    // the version recorded here becomes required_providers.<name>.version in every stack
    schema.provider_versions = { [fqpn]: constraint.version as string };
    const code = new CodeMaker();
    const generator = new TerraformProviderGenerator(code, schema);
    generator.generate(new ConstructsMakerProviderTarget(constraint, Language.TYPESCRIPT));
    await generator.save(outdir);
    console.log(`generated ${constraint.source}@${constraint.version} bindings in ${path.relative(root, outdir)}/providers/${constraint.name}`);
  }
}

main().catch((err: unknown) => {
  console.error(`binding generation failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
