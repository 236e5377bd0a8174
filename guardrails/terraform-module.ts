// The files of one folder as the one module Terraform reads from them: the ordinary
// *.tf.json files merged, then each override file (override.tf.json, *_override.tf.json) in
// name order applied the way Terraform applies overrides: an argument replaces the
// original's, a nested block replaces every block of its type, and `lifecycle` merges
// argument by argument.
import { isJsonObject, JsonObject } from '../constructs/core/json';
import { GuardrailInputError } from './input-error';

/** the top-level keys Terraform JSON knows (and `//`, the comment key) */
export const TERRAFORM_BLOCK_TYPES = ['resource', 'data', 'ephemeral', 'output', 'variable', 'locals', 'module', 'provider', 'terraform', 'moved', 'import', 'check', 'removed', '//'];

// blocks that carry two labels (type and name) and those that carry one
const TWO_LABELS = ['resource', 'data', 'ephemeral'];
const ONE_LABEL = ['output', 'variable', 'module', 'check'];

export interface TerraformFile {
  /** the file name, for messages */
  readonly name: string;
  readonly json: unknown;
}

export function isOverrideFile(name: string): boolean {
  return name === 'override.tf.json' || name.endsWith('_override.tf.json');
}

/** why a parsed file is not Terraform JSON, without quoting anything but block names; undefined when it is */
export function notTerraformReason(json: unknown): string | undefined {
  if (!isJsonObject(json)) return `is ${Array.isArray(json) ? 'a JSON list' : json === null ? 'JSON null' : `a JSON ${typeof json}`}, not Terraform JSON`;
  if (typeof json.version === 'number' && 'lineage' in json) return 'is a Terraform state file, not a configuration or a plan; check the plan (terraform show -json plan.out > plan.json) or the configuration';
  const keys = Object.keys(json);
  if (keys.length === 0) return 'holds no Terraform blocks (resource, output, …); give a configuration or a plan';
  const unknown = keys.filter((key) => !TERRAFORM_BLOCK_TYPES.includes(key));
  if (unknown.length > 0) {
    const shown = unknown.filter((key) => /^[A-Za-z_][A-Za-z0-9_-]{0,40}$/.test(key)).slice(0, 5);
    return `is not Terraform JSON: ${unknown.length} top-level key${unknown.length === 1 ? ' is' : 's are'} not a Terraform block type${shown.length > 0 ? ` (${shown.join(', ')})` : ''}; Terraform JSON holds only ${TERRAFORM_BLOCK_TYPES.filter((key) => key !== '//').join(', ')}`;
  }
  return undefined;
}

/** the module the files make, as one Terraform JSON document */
export function mergeTerraformFiles(files: readonly TerraformFile[], folder: string): JsonObject {
  const module: JsonObject = {};
  const origin = new Map<string, string>();
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  for (const file of sorted.filter((each) => !isOverrideFile(each.name))) {
    for (const [type, value] of Object.entries(file.json as JsonObject)) addBlocks(module, type, value, file.name, origin, folder);
  }
  for (const file of sorted.filter((each) => isOverrideFile(each.name))) {
    for (const [type, value] of Object.entries(file.json as JsonObject)) overrideBlocks(module, type, value, file.name, folder);
  }
  return module;
}

function bodies(value: unknown): JsonObject[] {
  return (Array.isArray(value) ? value : [value]).filter(isJsonObject);
}

/** labelled bodies of one block type: [[labels], body] */
function labelled(type: string, value: unknown): [string[], JsonObject][] {
  const depth = TWO_LABELS.includes(type) ? 2 : ONE_LABEL.includes(type) ? 1 : 0;
  const walk = (each: unknown, labels: string[]): [string[], JsonObject][] => {
    if (labels.length === depth) return bodies(each).map((body) => [labels, body]);
    return bodies(each).flatMap((group) => Object.entries(group).flatMap(([label, inner]) => walk(inner, [...labels, label])));
  };
  return walk(value, []);
}

function slot(module: JsonObject, type: string, labels: readonly string[]): { parent: JsonObject; key: string } {
  let parent = (module[type] ??= {}) as JsonObject;
  for (const label of labels.slice(0, -1)) parent = (parent[label] ??= {}) as JsonObject;
  return { parent, key: labels[labels.length - 1]! };
}

function addBlocks(module: JsonObject, type: string, value: unknown, file: string, origin: Map<string, string>, folder: string): void {
  if (type === 'locals' || type === 'terraform' || type === '//') {
    for (const body of bodies(value)) {
      for (const [key, each] of Object.entries(body)) {
        const id = `${type}.${key}`;
        if (type === 'locals' && origin.has(id)) throw new GuardrailInputError(`${folder}: local.${key} is defined in ${origin.get(id)} and again in ${file}; Terraform refuses a local defined twice`);
        origin.set(id, file);
        const target = (module[type] ??= {}) as JsonObject;
        target[key] = type === 'terraform' && isJsonObject(target[key]) && isJsonObject(each) ? { ...target[key], ...each } : each;
      }
    }
    return;
  }
  if (type === 'provider' || type === 'moved' || type === 'import' || type === 'removed') {
    // repeatable blocks: every one counts
    const list = (module[type] ??= []) as unknown[];
    list.push(...(Array.isArray(value) ? value : [value]));
    return;
  }
  for (const [labels, body] of labelled(type, value)) {
    const id = [type, ...labels].join('.');
    if (origin.has(id)) throw new GuardrailInputError(`${folder}: ${id.replace(/^resource\./, '')} is declared in ${origin.get(id)} and again in ${file}; Terraform refuses a block declared twice (use an override file to change it)`);
    origin.set(id, file);
    const { parent, key } = slot(module, type, labels);
    parent[key] = { ...body };
  }
}

function overrideBlocks(module: JsonObject, type: string, value: unknown, file: string, folder: string): void {
  if (type === 'locals' || type === 'terraform' || type === '//' || type === 'provider') {
    // locals replace by name; the others merge their arguments
    for (const body of bodies(value)) {
      const target = (module[type] ??= type === 'provider' ? [] : {}) as JsonObject;
      if (Array.isArray(target)) target.push(body);
      else Object.assign(target, body);
    }
    return;
  }
  for (const [labels, body] of labelled(type, value)) {
    const { parent, key } = slot(module, type, labels);
    const original = parent[key];
    if (!isJsonObject(original)) {
      throw new GuardrailInputError(`${folder}: ${file} overrides ${[type, ...labels].join('.').replace(/^resource\./, '')}, which no other file of the folder declares; Terraform refuses an override without an original`);
    }
    const merged: JsonObject = { ...original };
    for (const [argument, each] of Object.entries(body)) {
      if (argument === 'lifecycle') merged.lifecycle = { ...Object.assign({}, ...bodies(original.lifecycle)), ...Object.assign({}, ...bodies(each)) };
      else merged[argument] = each;
    }
    parent[key] = merged;
  }
}
