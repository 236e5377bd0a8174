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
