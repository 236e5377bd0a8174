// The schemas the stand-in serves: the vendored IBM provider 2.5.0 schema and the time
// provider's, in the format `terraform providers schema -json` prints, with the arguments
// that force a replacement.
import { readFileSync } from 'node:fs';
import { packageFile } from '../constructs/core/package-files';
import type { CtyType } from './cty';

export interface JsonAttribute {
  readonly type: CtyType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

export interface JsonBlockType {
  readonly nesting_mode: 'single' | 'list' | 'set' | 'map' | 'group';
  readonly block: JsonBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface JsonBlock {
  readonly attributes?: Readonly<Record<string, JsonAttribute>>;
  readonly block_types?: Readonly<Record<string, JsonBlockType>>;
  readonly deprecated?: boolean;
}

export interface JsonSchema {
  readonly version: number;
  readonly block: JsonBlock;
}

/** one provider as the stand-in serves it */
export interface ServedProvider {
  /** `ibm-cloud/ibm` */
  readonly source: string;
  readonly version: string;
  readonly provider: JsonSchema;
  readonly resources: Readonly<Record<string, JsonSchema>>;
  readonly dataSources: Readonly<Record<string, JsonSchema>>;
  /** per resource type, the top-level arguments whose change forces a replacement */
  readonly forceNew: Readonly<Record<string, readonly string[]>>;
}

// The time provider 0.13.1's arguments that force a new time_rotating (its plan modifiers).
const TIME_FORCE_NEW = { time_rotating: ['rfc3339', 'rotation_days', 'rotation_hours', 'rotation_minutes', 'rotation_months', 'rotation_rfc3339', 'rotation_years', 'triggers'] };

interface SchemaFile {
  readonly provider_schemas: Record<string, { provider: JsonSchema; resource_schemas?: Record<string, JsonSchema>; data_source_schemas?: Record<string, JsonSchema> }>;
}

function readProvider(file: string, source: string, version: string, forceNew: Record<string, readonly string[]>): ServedProvider {
  const parsed = JSON.parse(readFileSync(packageFile('provider-schemas', file), 'utf8')) as SchemaFile;
  const schema = Object.values(parsed.provider_schemas)[0]!;
  return { source, version, provider: schema.provider, resources: schema.resource_schemas ?? {}, dataSources: schema.data_source_schemas ?? {}, forceNew };
}

/** the providers the stand-in can be, by source address */
export function servedProviders(): Readonly<Record<string, ServedProvider>> {
  const ibmForceNew = JSON.parse(readFileSync(packageFile('provider-schemas', 'ibm-2.5.0.force-new.json'), 'utf8')) as Record<string, { force_new: string[] }>;
  return {
    'ibm-cloud/ibm': readProvider('ibm-2.5.0.json', 'ibm-cloud/ibm', '2.5.0', Object.fromEntries(Object.entries(ibmForceNew).map(([type, facts]) => [type, facts.force_new]))),
    'hashicorp/time': readProvider('time-0.13.1.json', 'hashicorp/time', '0.13.1', TIME_FORCE_NEW),
  };
}

/** the cty type of a block's value: an object of its attributes and nested blocks */
export function blockType(block: JsonBlock): CtyType {
  const members: Record<string, CtyType> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) members[name] = attribute.type;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const inner = blockType(nested.block);
    members[name] = nested.nesting_mode === 'single' || nested.nesting_mode === 'group' ? inner : [nested.nesting_mode, inner];
  }
  return ['object', members];
}
