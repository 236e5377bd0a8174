// Finds and reads what `npm run guardrails` is given: cdktf.out (or its stacks folder), one
// synthesized stack, a folder of hand-written *.tf.json files, or the JSON of a plan.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isJsonObject, JsonObject } from '../core/json';
import { CheckedConfiguration, readPlanJson, readTerraformJson } from './configuration';
import { GuardrailInputError } from './input-error';
import { GuardrailSettings, readGuardrailSettings } from './settings';

export interface GuardrailInputOptions {
  /** settings for plans, which record none (production, levels, suppressions by address) */
  readonly planSettings?: GuardrailSettings;
}

/** the configurations at a path, each named for its stack, folder or file */
export function loadConfigurations(target: string, options: GuardrailInputOptions = {}): CheckedConfiguration[] {
  if (!existsSync(target)) throw new GuardrailInputError(`${target}: no such file or folder`);
  if (!statSync(target).isDirectory()) return [loadFile(target, options)];

  const stacksFolder = ['stacks', '.'].map((each) => path.join(target, each)).find((folder) => stackFolders(folder).length > 0);
  if (stacksFolder !== undefined) {
    return stackFolders(stacksFolder).map((name) => readTerraformJson(readJson(path.join(stacksFolder, name, 'cdk.tf.json')), name));
  }
  if (existsSync(path.join(target, 'cdk.tf.json'))) return [readTerraformJson(readJson(path.join(target, 'cdk.tf.json')), path.basename(path.resolve(target)))];
  const files = readdirSync(target).filter((name) => name.endsWith('.tf.json')).sort();
  if (files.length === 0) {
    throw new GuardrailInputError(`${target}: no Terraform JSON here; give cdktf.out, a stack folder with cdk.tf.json, a folder of *.tf.json files, or the JSON of a plan (terraform show -json plan.out > plan.json)`);
  }
  // the files of one folder form one Terraform module
  return [readTerraformJson(mergeModule(files.map((name) => readJson(path.join(target, name)))), path.basename(path.resolve(target)))];
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
  const isPlan = json !== null && typeof json === 'object' && ('planned_values' in json || 'resource_changes' in json);
  const stackFolder = path.basename(file) === 'cdk.tf.json' ? path.basename(path.dirname(path.resolve(file))) : undefined;
  const name = stackFolder ?? path.basename(file).replace(/(\.tf)?\.json$/, '');
  return isPlan ? readPlanJson(json, name, options.planSettings) : readTerraformJson(json, name);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new GuardrailInputError(`${file}: cannot read the file`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GuardrailInputError(`${file}: not JSON: ${(error as Error).message}`);
  }
}

// Top-level blocks merge by label: resource.<type>.<name>, output.<name>, locals, "//".
function mergeModule(documents: readonly unknown[]): JsonObject {
  const merged: JsonObject = {};
  const mergeInto = (target: JsonObject, source: JsonObject, depth: number) => {
    for (const [key, value] of Object.entries(source)) {
      const existing = target[key];
      if (depth > 0 && isJsonObject(existing) && isJsonObject(value)) mergeInto(existing, value, depth - 1);
      else target[key] = isJsonObject(value) ? { ...value } : value;
    }
  };
  for (const document of documents) if (isJsonObject(document)) mergeInto(merged, document, 2);
  return merged;
}
