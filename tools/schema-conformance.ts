// Checks synthesized Terraform JSON against a provider schema (the format of
// `terraform providers schema -json`) and the provider's validation rules, so a stack
// that Terraform or the provider would refuse at plan time is caught at synth time.
import { packageFile } from '../constructs/core/package-files';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

type SchemaType = string | [string, SchemaType] | ['object', Record<string, SchemaType>];

interface SchemaAttribute {
  type: SchemaType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}

interface SchemaBlockType {
  nesting_mode: 'single' | 'list' | 'set' | 'map' | 'group';
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
}

export interface ProviderSchemaFile {
  provider_schemas: Record<string, {
    resource_schemas?: Record<string, { block: SchemaBlock }>;
    data_source_schemas?: Record<string, { block: SchemaBlock }>;
  }>;
}

interface ValidationRule {
  allowed_values?: string[];
  ignore_case?: boolean;
  regexp?: string;
  min_length?: number;
  max_length?: number;
  min?: number;
  max?: number;
  format?: 'integer';
}

/** resource type → attribute path (dotted, `[*]` for elements) → rule */
export type ProviderValidators = Record<string, Record<string, ValidationRule>>;

export interface ConformanceFinding {
  /** the Terraform address, for example ibm_cloudant.orders or data.ibm_resource_group.dev */
  readonly address: string;
  /** the argument path inside it, empty for the whole resource */
  readonly argument: string;
  readonly message: string;
}

// Terraform meta-arguments, which no provider schema lists.
const META_ARGUMENTS = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);

/** Checks every resource and data source of the given providers' types in one synthesized stack. */
export function checkStackConformance(
  stack: Record<string, unknown>,
  schema: ProviderSchemaFile,
  validators: ProviderValidators,
  typePrefix = 'ibm_',
): ConformanceFinding[] {
  const provider = Object.values(schema.provider_schemas)[0];
  if (!provider) throw new Error('the provider schema file holds no provider');
  const findings: ConformanceFinding[] = [];
  const sections: [string, Record<string, { block: SchemaBlock }>, string][] = [
    ['resource', provider.resource_schemas ?? {}, ''],
    ['data', provider.data_source_schemas ?? {}, 'data.'],
  ];
  for (const [section, schemas, addressPrefix] of sections) {
    const byType = (stack[section] ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    for (const [type, instances] of Object.entries(byType)) {
      if (!type.startsWith(typePrefix)) continue;
      for (const [name, config] of Object.entries(instances)) {
        const address = `${addressPrefix}${type}.${name}`;
        const typeSchema = schemas[type];
        if (!typeSchema) {
          findings.push({ address, argument: '', message: `${section === 'data' ? 'data source' : 'resource'} type ${type} is not in the provider schema` });
          continue;
        }
        checkBlock(typeSchema.block, config, [], address, findings, true);
        if (section === 'resource') checkValidators(validators[type] ?? {}, config, address, findings);
      }
    }
  }
  return findings;
}

/** Checks every stack under a cdktf output folder (cdktf.out/stacks/<name>/cdk.tf.json). */
export function checkSynthesizedStacks(outdir: string, schema: ProviderSchemaFile, validators: ProviderValidators): ConformanceFinding[] {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return Object.values(manifest.stacks).flatMap((stack) => {
    const json = JSON.parse(readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8')) as Record<string, unknown>;
    return checkStackConformance(json, schema, validators);
  });
}

function isReference(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

function checkBlock(block: SchemaBlock, config: Record<string, unknown>, at: string[], address: string, findings: ConformanceFinding[], topLevel: boolean): void {
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  const report = (name: string, message: string) => findings.push({ address, argument: [...at, name].join('.'), message });

  for (const [name, value] of Object.entries(config)) {
    if (topLevel && META_ARGUMENTS.has(name)) continue;
    if (name === '//') continue;
    const attribute = attributes[name];
    const blockType = blockTypes[name];
    if (attribute) {
      if (attribute.computed && !attribute.optional && !attribute.required) report(name, 'is computed by the provider and cannot be set');
      const typeProblem = checkType(attribute.type, value);
      if (typeProblem) report(name, typeProblem);
    } else if (blockType) {
      checkNestedBlock(blockType, value, [...at, name], address, findings);
    } else {
      report(name, 'is not an argument of this type in the provider schema');
    }
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && config[name] === undefined) report(name, 'is required but not set');
  }
  for (const [name, blockType] of Object.entries(blockTypes)) {
    if ((blockType.min_items ?? 0) > 0 && config[name] === undefined) report(name, `needs at least ${blockType.min_items} block(s)`);
  }
}

function checkNestedBlock(blockType: SchemaBlockType, value: unknown, at: string[], address: string, findings: ConformanceFinding[]): void {
  if (isReference(value)) return; // a dynamic value; Terraform checks it at plan
  const items = Array.isArray(value) ? value : [value];
  const argument = at.join('.');
  if (items.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))) {
    findings.push({ address, argument, message: 'must be a block (an object, or a list of objects)' });
    return;
  }
  if (blockType.nesting_mode === 'single' && Array.isArray(value) && value.length !== 1) {
    findings.push({ address, argument, message: `is a single block, got ${value.length}` });
  }
  if (blockType.max_items !== undefined && items.length > blockType.max_items) {
    findings.push({ address, argument, message: `allows at most ${blockType.max_items} block(s), got ${items.length}` });
  }
  if (blockType.min_items !== undefined && items.length < blockType.min_items) {
    findings.push({ address, argument, message: `needs at least ${blockType.min_items} block(s), got ${items.length}` });
  }
  items.forEach((item, index) => {
    checkBlock(blockType.block, item as Record<string, unknown>, items.length > 1 ? [...at, String(index)] : at, address, findings, false);
  });
}

/** a description of how a literal value does not fit a schema type, or undefined when it fits */
function checkType(type: SchemaType, value: unknown): string | undefined {
  if (value === null || isReference(value)) return undefined;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? undefined : `expected a string, got ${JSON.stringify(value)}`;
      case 'number':
        return typeof value === 'number' ? undefined : `expected a number, got ${JSON.stringify(value)}`;
      case 'bool':
        return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}`;
      default:
        return undefined; // dynamic
    }
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) return `expected a ${kind}, got ${JSON.stringify(value)}`;
    for (const element of value) {
      const problem = checkType(inner as SchemaType, element);
      if (problem) return `element: ${problem}`;
    }
    return undefined;
  }
  if (kind === 'map' || kind === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return `expected a ${kind}, got ${JSON.stringify(value)}`;
    for (const [key, element] of Object.entries(value as Record<string, unknown>)) {
      const elementType = kind === 'map' ? (inner as SchemaType) : (inner as Record<string, SchemaType>)[key];
      if (elementType === undefined) return `${key} is not a field of this object`;
      const problem = checkType(elementType, element);
      if (problem) return `${key}: ${problem}`;
    }
  }
  return undefined;
}

function checkValidators(rules: Record<string, ValidationRule>, config: Record<string, unknown>, address: string, findings: ConformanceFinding[]): void {
  for (const [rulePath, rule] of Object.entries(rules)) {
    for (const { argument, value } of valuesAt(config, rulePath.split('.'), [])) {
      const problem = checkRule(rule, value);
      if (problem) findings.push({ address, argument, message: problem });
    }
  }
}

/** the literal values at a validator path (`a.b`, `tags[*]`), with the argument path of each */
function valuesAt(value: unknown, segments: string[], at: string[]): { argument: string; value: unknown }[] {
  if (value === undefined || value === null || isReference(value)) return [];
  if (segments.length === 0) return [{ argument: at.join('.'), value }];
  const [head, ...rest] = segments as [string, ...string[]];
  const elements = head.endsWith('[*]');
  const name = elements ? head.slice(0, -3) : head;
  if (Array.isArray(value)) return value.flatMap((item, index) => valuesAt(item, segments, [...at, String(index)]));
  if (typeof value !== 'object') return [];
  const child = (value as Record<string, unknown>)[name];
  if (elements) {
    if (!Array.isArray(child)) return [];
    return child.flatMap((item, index) => valuesAt(item, rest, [...at, name, String(index)]));
  }
  return valuesAt(child, rest, [...at, name]);
}

function checkRule(rule: ValidationRule, value: unknown): string | undefined {
  if (isReference(value)) return undefined;
  if (rule.format === 'integer') {
    const text = String(value);
    if (!/^-?\d+$/.test(text)) return `${JSON.stringify(value)} is not a whole number`;
    return checkRange(rule, Number.parseInt(text, 10));
  }
  if (typeof value === 'number') return checkRange(rule, value);
  if (typeof value !== 'string') return undefined;
  if (rule.allowed_values) {
    const fits = rule.ignore_case
      ? rule.allowed_values.some((allowed) => allowed.toLowerCase() === value.toLowerCase())
      : rule.allowed_values.includes(value);
    if (!fits) return `${JSON.stringify(value)} is not one of ${rule.allowed_values.join(', ')}`;
  }
  // lengths count UTF-8 bytes, as the provider (Go's len) does
  const length = Buffer.byteLength(value, 'utf8');
  if (rule.min_length !== undefined && length < rule.min_length) return `${JSON.stringify(value)} is shorter than ${rule.min_length} bytes`;
  if (rule.max_length !== undefined && length > rule.max_length) return `${JSON.stringify(value)} is longer than ${rule.max_length} bytes`;
  // the provider matches unanchored; patterns carry their own ^ and $
  if (rule.regexp !== undefined && !new RegExp(rule.regexp, 'u').test(value)) return `${JSON.stringify(value)} does not match ${rule.regexp}`;
  return undefined;
}

function checkRange(rule: ValidationRule, value: number): string | undefined {
  if (rule.min !== undefined && value < rule.min) return `${value} is less than ${rule.min}`;
  if (rule.max !== undefined && value > rule.max) return `${value} is more than ${rule.max}`;
  return undefined;
}

/** the vendored IBM provider schema and validators */
export function loadIbmProviderFacts(dir = packageFile('provider-schemas')): { schema: ProviderSchemaFile; validators: ProviderValidators } {
  return {
    schema: JSON.parse(readFileSync(path.join(dir, 'ibm-2.5.0.json'), 'utf8')) as ProviderSchemaFile,
    validators: JSON.parse(readFileSync(path.join(dir, 'ibm-2.5.0.validators.json'), 'utf8')) as ProviderValidators,
  };
}
