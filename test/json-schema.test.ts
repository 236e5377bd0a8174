import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderJsonSchema } from '../environment/schema';

const JSON_SCHEMA_FILE = path.join(__dirname, '..', 'schemas', 'environment.schema.json');

describe('published JSON Schema', () => {
  test('schemas/environment.schema.json is generated from the current schema (run npm run schema)', () => {
    expect(readFileSync(JSON_SCHEMA_FILE, 'utf8')).toBe(renderJsonSchema());
  });

  test('it refuses unknown keys and requires account id and region, as the loader does', () => {
    const schema = JSON.parse(renderJsonSchema()) as { additionalProperties: boolean; required: string[]; properties: { account: { required: string[] } } };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['account']);
    expect(schema.properties.account.required).toEqual(['id', 'region']);
  });
});

describe('the schema as editors read it', () => {
  test('is draft-07, which the YAML language server and Ajv read without a flag, and accepts every sample while refusing a bad file', async () => {
    const { default: Ajv } = await import('ajv');
    const { parse } = await import('yaml');
    const { readdirSync } = await import('node:fs');
    const schema = JSON.parse(readFileSync(JSON_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    // the schema's one format, as editors check it (Ajv knows none of its own without ajv-formats)
    const validate = new Ajv({ allErrors: true, strict: false }).addFormat('uri', (value: string) => URL.canParse(value)).compile(schema);
    const samples = readdirSync(path.join(__dirname, '..', 'environments')).filter((name) => name.endsWith('.yaml'));
    expect(samples).toEqual(['dev.yaml', 'prod.yaml', 'reporting.yaml', 'staging.yaml']);
    for (const name of samples) {
      expect([name, validate(parse(readFileSync(path.join(__dirname, '..', 'environments', name), 'utf8')))]).toEqual([name, true]);
    }
    expect(validate({ account: { id: '0123456789abcdef0123456789abcdef', region: 'us-east' }, engine: 'kubernetes' })).toBe(false);
  });
});
