// Every example app: synthesized from its declare(), conforming to the IBM provider 2.5.0
// schema, and clean under the guardrails with the production rules on.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { checkConfiguration, Guardrails, readTerraformJson } from '../guardrails';
import { checkStackConformance, loadIbmProviderFacts } from '../tools/schema-conformance';
import { TerraformStack, Testing } from '../constructs/core/cdktf';
import { synthJson } from './support/synth';

const EXAMPLES = path.join(__dirname, '..', 'examples');
const facts = loadIbmProviderFacts();
const PRODUCTION = ['complete', 'network-lockdown', 'db2-access'];
const apps = readdirSync(EXAMPLES).filter((name) => statSync(path.join(EXAMPLES, name)).isDirectory() && name !== 'hcp-agent');

test('the examples are basic, complete and one per scenario', () => {
  expect(apps.sort()).toEqual(['basic', 'cloudant-grants', 'complete', 'db2-access', 'network-lockdown', 'replication']);
});

describe.each(apps)('examples/%s', (name) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { declare } = require(path.join(EXAMPLES, name, 'main.ts')) as { declare(stack: Construct): void };

  // the production examples are held to the production rules (network rules on every instance, …)
  const production = PRODUCTION.includes(name);

  test(`synthesizes, conforms to the provider schema, and passes the guardrails${production ? ' with the production rules' : ''}`, () => {
    const stack = new TerraformStack(Testing.app(), name);
    declare(stack);
    // as examples/README.md applies them: an error finding fails the synth
    Guardrails.applyTo(stack, { production });
    const json = synthJson(stack) as Record<string, unknown>;
    expect(Object.keys((json.resource ?? {}) as object).length).toBeGreaterThan(0);
    expect(checkStackConformance(json, facts.schema, facts.validators)).toEqual([]);
    // the stack as Terraform reads it, "//" metadata included (administrators, suppressions)
    const report = checkConfiguration(readTerraformJson(stack.toTerraform(), name), { production });
    expect(report.findings.filter((finding) => finding.level === 'error').map((finding) => `${finding.rule} ${finding.address}`)).toEqual([]);
  });
});
