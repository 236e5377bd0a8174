// How the guardrails read Terraform JSON: references inside expressions, the provider's
// secret attributes, recorded settings, and the generated rule catalogue.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from '../constructs/core/cdktf';
import { CloudantInstance, IbmProvider } from '../constructs';
import { Guardrails, GuardrailInputError, readTerraformJson } from '../guardrails';
import { ruleCatalogue } from '../guardrails/catalogue';
import { referencesIn } from '../guardrails/references';
import { SECRET_ATTRIBUTES } from '../guardrails/rules/secrets/secret-values';
import { loadIbmProviderFacts } from '../tools/schema-conformance';
import { synthText } from './support/synth';
import { errorOf } from './support/errors';

describe('references in expressions', () => {
  test('finds resource attributes, variables and locals; skips functions, quoted strings and escaped interpolation', () => {
    const value = {
      a: '${formatdate("YYYY-MM-DD\'T\'hh:mm", timeadd(time_rotating.r.rotation_rfc3339, "720h"))}',
      b: ['${try(ibm_cloudant.orders.extensions["dataservices.connection.vpe_url"], "")}', '$${not.a.reference}'],
      c: { d: 'prefix-${var.name}-${local.suffix}-${ibm_iam_service_api_key.app[0].apikey}' },
      e: '${{ for k, v in data.ibm_x.y.items : k => v }}',
    };
    expect(referencesIn(value).map((reference) => reference.text)).toEqual([
      'time_rotating.r.rotation_rfc3339',
      'ibm_cloudant.orders.extensions',
      'var.name',
      'local.suffix',
      'ibm_iam_service_api_key.app.apikey',
      'data.ibm_x.y.items',
    ]);
  });

  test('follows locals to what they read', () => {
    const configuration = readTerraformJson(
      { locals: { key: '${ibm_iam_service_api_key.app.apikey}', wrapped: '${local.key}' }, output: { leak: { value: '${local.wrapped}' } } },
      'locals',
    );
    expect(configuration.referencesIn(configuration.element('output.leak')!.config.value).map((reference) => reference.text)).toEqual([
      'local.wrapped',
      'local.key',
      'ibm_iam_service_api_key.app.apikey',
    ]);
  });
});

test('the secret attributes are exactly those the IBM provider 2.5.0 marks sensitive', () => {
  const { schema } = loadIbmProviderFacts();
  const provider = Object.values(schema.provider_schemas)[0]!;
  const sensitive: Record<string, string[]> = {};
  for (const [type, resource] of Object.entries(provider.resource_schemas ?? {})) {
    const attributes = (resource.block.attributes ?? {}) as Record<string, { sensitive?: boolean }>;
    const names = Object.entries(attributes).filter(([, attribute]) => attribute.sensitive).map(([name]) => name);
    if (names.length > 0) sensitive[type] = names.sort();
  }
  expect(SECRET_ATTRIBUTES).toEqual(sensitive);
});

test('malformed recorded settings are refused with where they are and what is wrong', () => {
  expect(() => readTerraformJson({ '//': { guardrails: { production: 'yes', suppressions: [{ rule: 'IBM-CLD-1', reason: 'legacy instance, ticket 42', path: 'a', address: 'b' }] } } }, 'stack')).toThrow(
    new GuardrailInputError('stack: "//".guardrails.production: Invalid input: expected boolean, received string\nstack: "//".guardrails.suppressions[0]: give path or address, not both'),
  );
});

describe('applying the guardrails', () => {
  test('to an app, they apply to each of its stacks', () => {
    const app: App = Testing.app();
    expect(errorOf(() => Guardrails.applyTo(app))).toBe('Guardrails (app): the app has no stacks yet; apply the guardrails after creating them, or to each stack');
    const stacks = ['first', 'second'].map((id) => {
      const stack = new TerraformStack(app, id);
      new IbmProvider(stack, 'ibm', { region: 'us-east' });
      new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard', location: 'us-east' }).resource.addOverride('legacy_credentials', true);
      return stack;
    });
    Guardrails.applyTo(app);
    for (const stack of stacks) expect(() => synthText(stack)).toThrow(/: IBM-CLD-1 ibm_cloudant\.orders_[0-9A-F]{8}: /);
  });
});

test('docs/guardrails.md is the catalogue the rules write (npm run catalogue)', () => {
  expect(readFileSync(path.join(__dirname, '..', 'docs', 'guardrails.md'), 'utf8')).toBe(ruleCatalogue());
});
