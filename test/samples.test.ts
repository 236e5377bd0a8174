// The sample environments as a user synthesizes them: snapshot, schema conformance, hygiene.
import { tmpdir } from 'node:os';
import { App, Testing } from '../constructs/core/cdktf';
import { buildEnvironments } from '../environment';
import { checkStackConformance, loadIbmProviderFacts } from '../tools/schema-conformance';
import { synthJson, synthText } from './support/synth';

const facts = loadIbmProviderFacts();

function sampleStacks() {
  const app: App = Testing.app();
  return buildEnvironments(app, 'environments');
}

describe('sample environments', () => {
  test('there is one stack per file: dev, prod, staging', () => {
    expect(sampleStacks().map((stack) => stack.node.id)).toEqual(['dev', 'prod', 'staging']);
  });

  test.each(['dev', 'prod', 'staging'])('%s synthesizes to the reviewed configuration', (name) => {
    const stack = sampleStacks().find((s) => s.node.id === name)!;
    expect(synthText(stack)).toMatchSnapshot();
  });

  test.each(['dev', 'prod', 'staging'])('%s conforms to the IBM provider 2.5.0 schema and validators', (name) => {
    const stack = sampleStacks().find((s) => s.node.id === name)!;
    const json = synthJson(stack) as Record<string, unknown>;
    expect(Object.keys((json.resource ?? {}) as object).length).toBeGreaterThan(0);
    expect(checkStackConformance(json, facts.schema, facts.validators)).toEqual([]);
  });

  test.each(['dev', 'prod', 'staging'])('%s pins the provider and holds no machine path and no secret', (name) => {
    const stack = sampleStacks().find((s) => s.node.id === name)!;
    const text = synthText(stack);
    const json = JSON.parse(text) as { terraform: { required_providers: unknown } };
    // hashicorp/time carries key rotation (time_rotating); every sample stack has API keys
    expect(json.terraform.required_providers).toEqual({ ibm: { source: 'ibm-cloud/ibm', version: '2.5.0' }, time: { source: 'hashicorp/time', version: '0.13.1' } });
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain(tmpdir());
    expect(text).not.toMatch(/ibmcloud_api_key|"apikey"|password/i);
  });

  test('every Cloudant instance in the samples is IAM-only with CORS decided explicitly', () => {
    for (const stack of sampleStacks()) {
      for (const instance of Object.values(synthJson(stack).resource!.ibm_cloudant!)) {
        expect(instance.legacy_credentials).toBe(false);
        expect(typeof instance.enable_cors).toBe('boolean');
      }
    }
  });
});
