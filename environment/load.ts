// Reads environment files: one YAML file per environment, the file name is the stack name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { EnvironmentError, EnvironmentProblem, FieldPath, issueToProblems, SourceMap } from './problems';
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
  const files = environmentFiles(directory);
  const problems: EnvironmentProblem[] = [];
  const environments: EnvironmentDefinition[] = [];
  for (const file of files) {
    const result = parseEnvironmentFile(file, readFileSync(file));
    if ('problems' in result) problems.push(...result.problems);
    else environments.push(result.environment);
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  return environments;
}

function environmentFiles(directory: string): string[] {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a directory');
    entries = readdirSync(directory).sort();
  } catch {
    throw new EnvironmentError([{ file: directory, message: 'is not a readable directory; create it with one <name>.yaml per environment, or point ENVIRONMENTS_DIR at one' }]);
  }
  const files = entries.filter((entry) => EXTENSIONS.includes(path.extname(entry)));
  if (files.length === 0) {
    throw new EnvironmentError([{ file: directory, message: 'holds no environment files; add one <name>.yaml per environment (see environments/dev.yaml in this project)' }]);
  }
  const byName = new Map<string, string>();
  const problems: EnvironmentProblem[] = [];
  for (const entry of files) {
    const name = stackNameOf(entry);
    const file = path.join(directory, entry);
    const other = byName.get(name);
    if (other !== undefined) problems.push({ file, message: `names environment "${name}" again (so does ${other}); keep one file per environment` });
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
    return { problems: [{ file, message: `"${name}" cannot be a stack name; name the file with lowercase letters, digits, _ and - (for example prod.yaml)` }] };
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    return { problems: [{ file, message: 'is not a UTF-8 text file; an environment file is YAML text' }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true, strict: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        file,
        line: error.linePos?.[0].line,
        column: error.linePos?.[0].col,
        message: `YAML: ${yamlErrorMessage(error.code, error.message, text, error.pos[0])}`,
      })),
    };
  }
  if (doc.contents === null) {
    return { problems: [{ file, message: 'is empty; an environment needs at least account.id and account.region' }] };
  }
  const source = new SourceMap(file, doc, lines);
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    return { problems: parsed.error.issues.flatMap((issue) => issueToProblems(issue, raw, source, (path) => allowedKeysAt(path, raw))) };
  }
  const production = parsed.data.production ?? PRODUCTION_NAME.test(name);
  return { environment: { name, file, production, settings: parsed.data, source } };
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
