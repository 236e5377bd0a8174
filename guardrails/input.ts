// Finds and reads what `npm run guardrails` is given: cdktf.out (or its stacks folder), one
// synthesized stack, a folder of hand-written *.tf.json files, or the JSON of a plan.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isJsonObject, parseJsonText } from '../constructs/core/json';
import { notAPlanReason } from '../constructs/core/plan-json';
import type { CheckedConfiguration } from './configuration';
import { readPlanJson, readTerraformJson } from './reading';
import { GuardrailInputError } from './input-error';
import type { GuardrailSettings } from './settings';
import { readGuardrailSettings } from './settings-schema';
import { mergeTerraformFiles, notTerraformReason } from './terraform-module';

export interface GuardrailInputOptions {
  /** settings for plans, which record none (production, levels, suppressions by address) */
  readonly planSettings?: GuardrailSettings;
}

/** the configurations at a path, each named for its stack, folder or file */
export function loadConfigurations(target: string, options: GuardrailInputOptions = {}): CheckedConfiguration[] {
  if (!existsSync(target)) throw new GuardrailInputError(`${target}: no such file or folder`);
  if (!statSync(target).isDirectory()) return [loadFile(target, options)];

  const stacksFolder = ['stacks', '.'].map((each) => path.join(target, each)).find((folder) => stackFolders(folder).length > 0);
  if (stacksFolder !== undefined) return stackFolders(stacksFolder).map((name) => loadModule(path.join(stacksFolder, name), name));
  return [loadModule(target, path.basename(path.resolve(target)))];
}

// the files of one folder form one Terraform module, overrides applied as Terraform applies them
function loadModule(folder: string, name: string): CheckedConfiguration {
  const entries = readdirSync(folder, { withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.tf.json') && !ignoredByTerraform(entry.name)).map((entry) => entry.name);
  const skipped = entries
    .filter((entry) => entry.isFile() && !files.includes(entry.name) && !entry.name.startsWith('.'))
    .map((entry) =>
      entry.name.endsWith('.tf')
        ? `${entry.name}: HCL is not read; check the plan instead (terraform show -json plan.out > plan.json)`
        : `${entry.name}: not a Terraform JSON file (*.tf.json)`,
    )
    .sort();
  if (files.length === 0) {
    const found = skipped.length > 0 ? ` (found: ${skipped.join('; ')})` : '';
    throw new GuardrailInputError(`${folder}: no Terraform JSON here${found}; give cdktf.out, a stack folder with cdk.tf.json, a folder of *.tf.json files, or the JSON of a plan (terraform show -json plan.out > plan.json)`);
  }
  const parsed = files.map((file) => ({ name: file, json: readTerraformFile(path.join(folder, file)) }));
  return readTerraformJson(mergeTerraformFiles(parsed, folder), name).withSkipped(skipped);
}

// Terraform itself passes over editor backups and hidden files
function ignoredByTerraform(name: string): boolean {
  return name.startsWith('.') || name.startsWith('#') || name.endsWith('~');
}

function readTerraformFile(file: string): unknown {
  const json = readJson(file);
  const problem = notTerraformReason(json);
  if (problem !== undefined) throw new GuardrailInputError(`${file}: ${problem}`);
  return json;
}

/** reads a settings file (YAML or JSON) in the shape of "//".guardrails */
export function loadSettingsFile(file: string): GuardrailSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new GuardrailInputError(`${file}: cannot read the settings file`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new GuardrailInputError(`${file}: not YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return readGuardrailSettings(value ?? {}, file);
}

function stackFolders(folder: string): string[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  return readdirSync(folder)
    .filter((name) => existsSync(path.join(folder, name, 'cdk.tf.json')))
    .sort();
}

function loadFile(file: string, options: GuardrailInputOptions): CheckedConfiguration {
  if (/\.tf$/.test(file)) throw new GuardrailInputError(`${file}: HCL is not read; check the plan instead (terraform show -json plan.out > plan.json)`);
  const json = readJson(file);
  const looksLikePlan = isJsonObject(json) && ('planned_values' in json || 'resource_changes' in json || 'format_version' in json || 'values' in json);
  if (looksLikePlan) {
    const notAPlan = notAPlanReason(json);
    if (notAPlan !== undefined) throw new GuardrailInputError(`${file}: ${notAPlan}`);
  } else {
    const problem = notTerraformReason(json);
    if (problem !== undefined) throw new GuardrailInputError(`${file}: ${problem}`);
  }
  const stackFolder = path.basename(file) === 'cdk.tf.json' ? path.basename(path.dirname(path.resolve(file))) : undefined;
  const name = stackFolder ?? path.basename(file).replace(/(\.tf)?\.json$/, '');
  return looksLikePlan ? readPlanJson(json, name, options.planSettings) : readTerraformJson(json, name);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new GuardrailInputError(`${file}: cannot read the file`);
  }
  // never quote the input: a plan or a configuration may hold secrets
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new GuardrailInputError(`${file}: ${parsed.reason}`);
  return parsed.value;
}
