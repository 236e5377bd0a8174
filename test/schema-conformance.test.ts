import { checkStackConformance, loadIbmProviderFacts } from '../tools/schema-conformance';

const { schema, validators } = loadIbmProviderFacts();

function findings(resource: Record<string, Record<string, Record<string, unknown>>>, data: Record<string, Record<string, Record<string, unknown>>> = {}) {
  return checkStackConformance({ resource, data }, schema, validators).map((f) => `${f.address} ${f.argument}: ${f.message}`);
}

const CLOUDANT = { name: 'orders', plan: 'standard-gen2', location: 'us-east' };

describe('schema conformance', () => {
  test('a well-formed resource passes, meta-arguments and references included', () => {
    expect(findings({
      ibm_cloudant: { a: { ...CLOUDANT, capacity: 2, tags: ['env:dev'], cors_config: { origins: ['https://x.example.com'] }, lifecycle: { prevent_destroy: true }, depends_on: [] } },
      ibm_cloudant_database: { b: { instance_crn: '${ibm_cloudant.a.crn}', db: 'orders', shards: '${var.q}' } },
    })).toEqual([]);
  });

  test('unknown arguments', () => {
    expect(findings({ ibm_cloudant_database: { b: { instance_crn: 'crn', db: 'x', shard_count: 8 } } })).toEqual(['ibm_cloudant_database.b shard_count: is not an argument of this type in the provider schema']);
  });

  test('computed-only arguments that are set', () => {
    expect(findings({ ibm_cloudant: { a: { ...CLOUDANT, guid: 'x', parameters_json: '{}' } } })).toEqual([
      'ibm_cloudant.a guid: is computed by the provider and cannot be set',
      'ibm_cloudant.a parameters_json: is computed by the provider and cannot be set',
    ]);
  });

  test('required arguments that are missing', () => {
    expect(findings({ ibm_cloudant: { a: { name: 'x' } } })).toEqual(['ibm_cloudant.a location: is required but not set', 'ibm_cloudant.a plan: is required but not set']);
    expect(findings({ ibm_cloudant: { a: { ...CLOUDANT, cors_config: { allow_credentials: true } } } })).toEqual(['ibm_cloudant.a cors_config.origins: is required but not set']);
  });

  test('literal types', () => {
    expect(findings({ ibm_cloudant: { a: { ...CLOUDANT, capacity: '2', legacy_credentials: 'false', tags: 'env:dev', parameters: { a: { b: 1 } } } } })).toEqual([
      'ibm_cloudant.a capacity: expected a number, got "2"',
      'ibm_cloudant.a legacy_credentials: expected true or false, got "false"',
      'ibm_cloudant.a tags: expected a set, got "env:dev"',
      'ibm_cloudant.a parameters: a: expected a string, got {"b":1}',
    ]);
  });

  test('block counts and shapes', () => {
    expect(findings({ ibm_cloudant: { a: { ...CLOUDANT, cors_config: [{ origins: [] }, { origins: [] }] } } })).toEqual(['ibm_cloudant.a cors_config: allows at most 1 block(s), got 2']);
    expect(findings({ ibm_cloudant: { a: { ...CLOUDANT, cors_config: 'yes' } } })).toEqual(['ibm_cloudant.a cors_config: must be a block (an object, or a list of objects)']);
    expect(findings({ ibm_cbr_rule: { r: { description: 'x' } } })).toEqual(['ibm_cbr_rule.r resources: needs at least 1 block(s)']);
  });

  test('the provider validation rules: allowed values, minimums, patterns, byte lengths, integer strings', () => {
    expect(findings({ ibm_cloudant: { a: { ...CLOUDANT, service_endpoints: 'vpc', capacity: 0 } } })).toEqual([
      'ibm_cloudant.a capacity: 0 is less than 1',
      'ibm_cloudant.a service_endpoints: "vpc" is not one of public, private, public-and-private',
    ]);
    expect(findings({ ibm_cbr_zone: { z: { name: 'bad/name', account_id: 'a'.repeat(129) } } })).toEqual([
      `ibm_cbr_zone.z account_id: "${'a'.repeat(129)}" is longer than 128 bytes`,
      'ibm_cbr_zone.z name: "bad/name" does not match ^[a-zA-Z0-9 \\-_]+$',
    ]);
    expect(findings({ ibm_sm_iam_credentials_secret: { s: { instance_id: 'i', name: 'n', ttl: '59' } } })).toEqual(['ibm_sm_iam_credentials_secret.s ttl: 59 is less than 60']);
    expect(findings({ ibm_sm_iam_credentials_secret: { s: { instance_id: 'i', name: 'n', ttl: '1d' } } })).toEqual(['ibm_sm_iam_credentials_secret.s ttl: "1d" is not a whole number']);
    expect(findings({ ibm_iam_trusted_profile_claim_rule: { c: { profile_id: 'p', type: 'Profile-CR', conditions: [{ claim: 'a', operator: 'LIKE', value: '"x"' }] } } })).toEqual([
      'ibm_iam_trusted_profile_claim_rule.c conditions.0.operator: "LIKE" is not one of EQUALS, NOT_EQUALS, EQUALS_IGNORE_CASE, NOT_EQUALS_IGNORE_CASE, CONTAINS, IN',
    ]);
  });

  test('data sources are checked against their own schemas, and unknown types are reported', () => {
    expect(findings({}, { ibm_resource_group: { g: { name: 'x', guid: 'y' } } })).toEqual(['data.ibm_resource_group.g guid: is not an argument of this type in the provider schema']);
    expect(findings({ ibm_cloudant_replication: { r: {} } })).toEqual(['ibm_cloudant_replication.r : resource type ibm_cloudant_replication is not in the provider schema']);
  });
});
