// Reads environment files: one YAML file per environment, the file name is the stack name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Document, isAlias, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { readPlainYaml } from './plain-yaml';
import { EnvironmentError, EnvironmentProblem, FieldPath, issueToProblems, PositionedYaml, SourceMap } from './problems';
import { environmentJsonSchema, EnvironmentFile, environmentSchema } from './schema';

/** One environment, validated. */
export interface EnvironmentDefinition {
  /** the stack name: the file name without its extension */
  readonly name: string;
  /** the file it came from, relative to the working directory */
  readonly file: string;
  /** whether this is a production environment (explicit, or named prod / production) */
  readonly production: boolean;
  readonly settings: EnvironmentFile;
  /** points a problem found later (while building the stack) at the line of a field */
  readonly source: SourceMap;
}

const EXTENSIONS = ['.yaml', '.yml'];
const STACK_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const PRODUCTION_NAME = /^prod(uction)?([-_]|$)/;

/** the environments directory: $ENVIRONMENTS_DIR, or environments/ in the working directory */
export function environmentsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.ENVIRONMENTS_DIR && env.ENVIRONMENTS_DIR.trim() !== '' ? env.ENVIRONMENTS_DIR : 'environments';
}

/** Loads every environment file in a directory; throws an EnvironmentError listing every problem in every file. */
export function loadEnvironments(directory: string): EnvironmentDefinition[] {
  const { environments, problems } = readEnvironments(directory);
  if (problems.length > 0) throw new EnvironmentError(problems);
  return environments;
}

/**
 * Reads every environment file in a directory: the files that are valid, and the problems of
 * the others (and of what valid files break together), so a caller can go on building the
 * valid ones and report everything at once. Throws only when the directory itself is wrong.
 */
export function readEnvironments(directory: string): { environments: EnvironmentDefinition[]; problems: EnvironmentProblem[] } {
  const files = environmentFiles(directory);
  const problems: EnvironmentProblem[] = [];
  const environments: EnvironmentDefinition[] = [];
  for (const file of files) {
    const result = parseEnvironmentFile(file, readFileSync(file));
    if ('problems' in result) problems.push(...result.problems);
    else environments.push(result.environment);
  }
  problems.push(...accountWideProblems(environments));
  return { environments, problems };
}

/**
 * What files that share an account can break together: IBM allows one Lite Cloudant
 * instance per account, and trusted profile names are unique in an account. The entry that
 * comes later (by file, then within it) is the one refused.
 */
export function accountWideProblems(environments: readonly EnvironmentDefinition[]): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  const firstLite = new Map<string, string>();
  const profileNames = new Map<string, string>();
  for (const environment of environments) {
    const account = environment.settings.account.id;
    for (const [key, entry] of Object.entries(environment.settings.cloudant ?? {})) {
      if (entry.plan !== 'lite') continue;
      const first = firstLite.get(account);
      const here = `cloudant.${key} in ${environment.file}`;
      if (first === undefined) firstLite.set(account, here);
      else problems.push(environment.source.problem(['cloudant', key, 'plan'], `is a second Lite instance in account ${account} (the first is ${first}), and IBM allows one Lite instance per account; use plan standard-gen2, or share the first instance`));
    }
    for (const [key, entry] of Object.entries(environment.settings.identities ?? {})) {
      if (entry.kind !== 'trustedProfile') continue;
      const name = entry.name ?? `${key}-${environment.name}`;
      const id = `${account}/${name}`;
      const first = profileNames.get(id);
      const here = `identities.${key} in ${environment.file}`;
      if (first === undefined) profileNames.set(id, here);
      else problems.push(environment.source.problem(['identities', key, ...(entry.name === undefined ? [] : ['name'])], `trusted profile name ${JSON.stringify(name)} is already taken by ${first} in account ${account}, and trusted profile names are unique in an account; give this profile another name`));
    }
  }
  return problems;
}

function environmentFiles(directory: string): string[] {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a directory');
    entries = readdirSync(directory).sort();
  } catch {
    throw new EnvironmentError([{ path: [], file: directory, message: 'is not a readable directory; create it with one <name>.yaml per environment, or point ENVIRONMENTS_DIR at one' }]);
  }
  const files = entries.filter((entry) => EXTENSIONS.includes(path.extname(entry)));
  if (files.length === 0) {
    throw new EnvironmentError([{ path: [], file: directory, message: 'holds no environment files; add one <name>.yaml per environment (see environments/dev.yaml in this project)' }]);
  }
  const byName = new Map<string, string>();
  const problems: EnvironmentProblem[] = [];
  for (const entry of files) {
    const name = stackNameOf(entry);
    const file = path.join(directory, entry);
    const other = byName.get(name);
    if (other !== undefined) problems.push({ path: [], file, message: `names environment "${name}" again (so does ${other}); keep one file per environment` });
    byName.set(name, file);
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  return files.map((entry) => path.join(directory, entry));
}

function stackNameOf(file: string): string {
  return path.basename(file, path.extname(file));
}

/** Parses and validates one environment file's bytes. */
export function parseEnvironmentFile(file: string, bytes: Buffer): { environment: EnvironmentDefinition } | { problems: EnvironmentProblem[] } {
  const name = stackNameOf(file);
  if (!STACK_NAME.test(name)) {
    return { problems: [{ path: [], file, message: `"${name}" cannot be a stack name; name the file with lowercase letters, digits, _ and - (for example prod.yaml)` }] };
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    return { problems: [{ path: [], file, message: 'is not a UTF-8 text file; an environment file is YAML text' }] };
  }
  const read = readYaml(file, text);
  if ('problems' in read) return read;
  const { raw, source } = read;
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    return { problems: parsed.error.issues.flatMap((issue) => issueToProblems(issue, raw, source, (path) => allowedKeysAt(path, raw))) };
  }
  const production = parsed.data.production ?? PRODUCTION_NAME.test(name);
  return { environment: { name, file, production, settings: parsed.data, source } };
}

// the yaml library's options: one authority for what an environment file's YAML means
const YAML_OPTIONS = { uniqueKeys: true, prettyErrors: true, strict: true } as const;

function positioned(text: string): PositionedYaml {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { ...YAML_OPTIONS, lineCounter: lines }), lines };
}

/** A file's data and where its fields are, or the problems of its YAML. */
function readYaml(file: string, text: string): { raw: unknown; source: SourceMap } | { problems: EnvironmentProblem[] } {
  const plain = readPlainYaml(text, MAX_DEPTH);
  if (plain) return { raw: plain.data, source: new SourceMap(file, () => positioned(text)) };
  let parsed: PositionedYaml;
  try {
    parsed = positioned(text);
  } catch {
    // the yaml library reports its own errors in doc.errors; only exhausting the stack throws
    return { problems: [{ path: [], file, message: `YAML: nested far more than ${MAX_DEPTH} levels deep; an environment file is never this deep: flatten it` }] };
  }
  const { doc, lines } = parsed;
  if (doc.errors.length > 0) {
    // a stack overflow repeats at every level it unwinds through: report the first one only
    const overflow = doc.errors.find((error) => error.message.includes('Maximum call stack size exceeded'));
    const errors = overflow ? [overflow] : doc.errors;
    return {
      problems: errors.map((error) => ({
        path: [],
        file,
        line: error.linePos?.[0].line,
        column: error.linePos?.[0].col,
        message: `YAML: ${yamlErrorMessage(error.code, error.message, text, error.pos[0])}`,
      })),
    };
  }
  if (doc.contents === null) {
    return { problems: [{ path: [], file, message: 'is empty; an environment needs at least account.id and account.region' }] };
  }
  const at = (offset: number | undefined, message: string): EnvironmentProblem => {
    const position = offset === undefined ? undefined : lines.linePos(offset);
    return { path: [], file, line: position?.line, column: position?.col, message };
  };
  const shape = shapeProblem(doc);
  if (shape) return { problems: [at(shape.offset, shape.message)] };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // the yaml library refuses aliases that expand beyond the count (an alias bomb)
    return { problems: [at(firstAliasOffset(doc), `YAML: aliases here expand into more than ${MAX_ALIAS_COUNT} copies of their anchors, which is refused as a resource exhaustion attack; write the values out, or use fewer aliases`)] };
  }
  return { raw, source: new SourceMap(file, () => parsed) };
}

// Deeper documents are no environment; the yaml library and the schema recurse, and
// would overflow the stack on a document built to be deep.
const MAX_DEPTH = 64;
const MAX_ALIAS_COUNT = 100;

type YamlNode = { range?: [number, number, number] | null } | null | undefined;

/**
 * The first shape problem of a parsed document, walked without recursion: nesting deeper
 * than MAX_DEPTH, or an alias whose anchor is not defined before it.
 */
function shapeProblem(doc: Document): { offset: number | undefined; message: string } | undefined {
  const pending: [unknown, number][] = [[doc.contents, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    const offset = (node as YamlNode)?.range?.[0];
    if (depth > MAX_DEPTH) return { offset, message: `nested more than ${MAX_DEPTH} levels deep; an environment file is never this deep: flatten it` };
    if (isAlias(node)) {
      if (node.resolve(doc) === undefined) {
        return { offset, message: `YAML: alias *${node.source} refers to no anchor; define &${node.source} on a value before this line, or write the value out` };
      }
    } else if (isMap(node)) {
      for (const pair of node.items) pending.push([pair.value, depth + 1], [pair.key, depth + 1]);
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push([item, depth + 1]);
    }
  }
  return undefined;
}

function firstAliasOffset(doc: Document): number | undefined {
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.shift();
    if (isAlias(node)) return node.range?.[0];
    if (isMap(node)) for (const pair of node.items) pending.push(pair.key, pair.value);
    else if (isSeq(node)) pending.push(...node.items);
  }
  return undefined;
}

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function yamlErrorMessage(code: string, message: string, text: string, offset: number): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  // the parser itself recursed too deep: the document is nested far beyond any environment
  if (first.includes('Maximum call stack size exceeded')) return `nested far more than ${MAX_DEPTH} levels deep; an environment file is never this deep: flatten it`;
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(offset))![0].trim();
    return `duplicate key${key ? ` "${key}"` : ''}; each key may appear once in a mapping`;
  }
  return first;
}

// The keys that may stand at a path, read from the published JSON Schema so messages
// about unknown keys list exactly what the format allows.
// Built on first use: only files with unknown keys need it.
let jsonSchema: JsonSchemaNode | undefined;

type JsonSchemaNode = Record<string, unknown>;

function allowedKeysAt(path: FieldPath, root: unknown): readonly string[] {
  jsonSchema ??= environmentJsonSchema();
  let node: JsonSchemaNode | undefined = jsonSchema;
  let value = root;
  for (const segment of path) {
    if (!node) return [];
    const properties = node.properties as Record<string, JsonSchemaNode> | undefined;
    node = properties?.[String(segment)] ?? (node.additionalProperties as JsonSchemaNode | undefined);
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[String(segment)] : undefined;
    node = pickVariant(node, value);
  }
  const properties = node?.properties as Record<string, unknown> | undefined;
  return properties ? Object.keys(properties).filter((key) => key !== '$schema') : [];
}

// optional and nullable values appear as anyOf [x, null]; backends are a oneOf keyed by type, identities by kind
const DISCRIMINATORS = ['type', 'kind'];
function pickVariant(node: JsonSchemaNode | undefined, value: unknown): JsonSchemaNode | undefined {
  const variants = ((node?.oneOf ?? node?.anyOf) as JsonSchemaNode[] | undefined)?.filter((option) => option.type === 'object');
  if (!variants || variants.length === 0) return node;
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const matches = (option: JsonSchemaNode) =>
    DISCRIMINATORS.some((key) => {
      const constant = (option.properties as Record<string, JsonSchemaNode> | undefined)?.[key]?.const;
      return constant !== undefined && constant === record[key];
    });
  return variants.find(matches) ?? variants[0];
}
