// npm run catalogue: rewrites docs/guardrails.md from the rules.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ruleCatalogue } from '../guardrails/catalogue';

const file = path.join(__dirname, '..', 'docs', 'guardrails.md');
writeFileSync(file, ruleCatalogue());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
