// Writes schemas/environment.schema.json from the environment schema, so editors can
// complete and check environment files. A test fails when the file is out of date.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { environmentJsonSchema } from '../environment/schema';

export const JSON_SCHEMA_FILE = path.resolve(__dirname, '..', 'schemas', 'environment.schema.json');

export function renderJsonSchema(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(JSON_SCHEMA_FILE, renderJsonSchema());
  console.log(`wrote ${path.relative(process.cwd(), JSON_SCHEMA_FILE)}`);
}
