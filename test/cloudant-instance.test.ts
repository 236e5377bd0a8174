import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from '../constructs/core/cdktf';
import { CloudantDatabase, CloudantInstance, CloudantInstanceProps, ResourceGroup } from '../constructs';
import { onlyResource, resourcesOf, synthJson, testStack } from './support/synth';
import { errorOf } from './support/errors';

function instance(props: Partial<CloudantInstanceProps> = {}, stack: TerraformStack = testStack().stack): CloudantInstance {
  return new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', ...props });
}

describe('CloudantInstance', () => {
  test('a Gen 2 instance is IAM-only, CORS off, private, protected from destroy and audited by default', () => {
    const { stack } = testStack();
    instance({}, stack);
    const cloudant = onlyResource(synthJson(stack), 'ibm_cloudant');
    expect(cloudant).toEqual({
      name: 'orders',
      plan: 'standard-gen2',
      location: 'us-east',
      capacity: 1,
      legacy_credentials: false,
      include_data_events: true,
      service_endpoints: 'private',
      enable_cors: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('the opt-outs are explicit: allowDestroy, dataEvents false', () => {
    const { stack } = testStack();
    instance({ allowDestroy: true, dataEvents: false }, stack);
    const cloudant = onlyResource(synthJson(stack), 'ibm_cloudant');
    expect(cloudant.lifecycle).toBeUndefined();
    expect(cloudant.include_data_events).toBe(false);
  });

  test('a Gen 1 multi-tenant instance defaults to public endpoints', () => {
    const { stack } = testStack();
    instance({ plan: 'standard' }, stack);
    expect(onlyResource(synthJson(stack), 'ibm_cloudant')).toMatchObject({ plan: 'standard', service_endpoints: 'public', legacy_credentials: false });
  });

  test('legacy credentials stay off even when a caller smuggles the provider argument in', () => {
    const { stack } = testStack();
    instance({ legacyCredentials: true } as unknown as CloudantInstanceProps, stack);
    expect(onlyResource(synthJson(stack), 'ibm_cloudant').legacy_credentials).toBe(false);
  });

  test('origins turn CORS on, without credentials unless asked', () => {
    const { stack } = testStack();
    instance({ corsOrigins: ['https://app.example.com', 'https://admin.example.com:8443'] }, stack);
    const cloudant = onlyResource(synthJson(stack), 'ibm_cloudant');
    expect(cloudant.enable_cors).toBe(true);
    expect(cloudant.cors_config).toEqual({ origins: ['https://app.example.com', 'https://admin.example.com:8443'], allow_credentials: false });
  });

  test('credentials in CORS requests only when asked', () => {
    const { stack } = testStack();
    instance({ corsOrigins: ['https://app.example.com'], corsAllowCredentials: true }, stack);
    expect(onlyResource(synthJson(stack), 'ibm_cloudant').cors_config).toEqual({ origins: ['https://app.example.com'], allow_credentials: true });
  });

  test('data events, capacity, endpoints, tags and resource group by ID pass through', () => {
    const { stack } = testStack();
    instance({
      capacity: 4,
      dataEvents: true,
      serviceEndpoints: 'public-and-private',
      tags: ['env:prod', 'team:data'],
      resourceGroup: ResourceGroup.fromId(stack, 'rg', '4f3e2d1c0b0a49988776655443322110'),
    }, stack);
    expect(onlyResource(synthJson(stack), 'ibm_cloudant')).toMatchObject({
      capacity: 4,
      include_data_events: true,
      service_endpoints: 'public-and-private',
      tags: ['env:prod', 'team:data'],
      resource_group_id: '4f3e2d1c0b0a49988776655443322110',
    });
  });

  test('a resource group by name is looked up with a data source', () => {
    const { stack } = testStack();
    instance({ resourceGroup: ResourceGroup.fromName(stack, 'rg', 'data-prod') }, stack);
    const json = synthJson(stack);
    expect(json.data?.ibm_resource_group?.rg).toMatchObject({ name: 'data-prod' });
    expect(onlyResource(json, 'ibm_cloudant').resource_group_id).toBe('${data.ibm_resource_group.rg.id}');
  });

  test('a standard instance on dedicated hardware may have private endpoints', () => {
    const { stack } = testStack();
    const crn = 'crn:v1:bluemix:public:cloudantnosqldb:us-south:a/0123456789abcdef0123456789abcdef:0f1e2d3c-0000-4000-8000-0123456789ab::';
    instance({ plan: 'standard', dedicatedHardwareEnvironmentCrn: crn }, stack);
    expect(onlyResource(synthJson(stack), 'ibm_cloudant')).toMatchObject({ environment_crn: crn, service_endpoints: 'private' });
  });

  test('the instance is protected and, by default, its databases; a database may opt out', () => {
    const { stack } = testStack();
    const orders = instance({ databases: { orders: { partitioned: true, shards: 8 } } }, stack);
    orders.addDatabase('scratch', { allowDestroy: true });
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_cloudant').lifecycle).toEqual({ prevent_destroy: true });
    const databases = Object.values(resourcesOf(json, 'ibm_cloudant_database'));
    expect(databases).toEqual([
      expect.objectContaining({ db: 'orders', partitioned: true, shards: 8, lifecycle: { prevent_destroy: true }, instance_crn: '${ibm_cloudant.orders_46FA7C19.crn}' }),
      expect.not.objectContaining({ lifecycle: expect.anything() }),
    ]);
    expect(databases[1]).toMatchObject({ db: 'scratch', partitioned: false });
    expect(orders.databaseNames).toEqual(['orders', 'scratch']);
  });

  test('outputs read the endpoints from the extensions of the right generation, empty when absent', () => {
    const { stack } = testStack();
    const gen2 = instance({}, stack);
    const gen1 = new CloudantInstance(stack, 'legacy', { name: 'legacy', plan: 'standard', location: 'us-south' });
    new TerraformOutput(stack, 'gen2_public', { value: gen2.publicUrl });
    new TerraformOutput(stack, 'gen2_private', { value: gen2.privateUrl });
    new TerraformOutput(stack, 'gen1_public', { value: gen1.publicUrl });
    new TerraformOutput(stack, 'guid', { value: gen2.guid });
    const output = synthJson(stack).output!;
    expect(output.gen2_public!.value).toBe('${try(ibm_cloudant.orders_46FA7C19.extensions["dataservices.connection.public_endpoint_url"], "")}');
    expect(output.gen2_private!.value).toBe('${try(ibm_cloudant.orders_46FA7C19.extensions["dataservices.connection.vpe_url"], "")}');
    expect(output.gen1_public!.value).toBe('${try(ibm_cloudant.legacy_23F4A952.extensions["endpoints.public"], "")}');
    expect(output.guid!.value).toBe('${ibm_cloudant.orders_46FA7C19.guid}');
  });

  test('construct IDs give stable Terraform addresses', () => {
    const { stack } = testStack('prod');
    const group = new Construct(stack, 'data');
    const orders = new CloudantInstance(group, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', databases: { orders: {} } });
    expect(orders.node.path).toBe('prod/data/orders');
    const json = synthJson(stack);
    expect(Object.keys(resourcesOf(json, 'ibm_cloudant'))).toEqual(['data_orders_DD0DC36F']);
    expect(Object.keys(resourcesOf(json, 'ibm_cloudant_database'))).toEqual(['data_orders_db-orders_B4952BFB']);
  });

  test('tokens are not checked until Terraform knows them', () => {
    const { stack } = testStack();
    const other = instance({}, stack);
    expect(() => new CloudantInstance(stack, 'tokens', { name: other.guid, plan: 'standard-gen2', location: other.crn, tags: [other.guid] })).not.toThrow();
  });
});

describe('CloudantInstance refuses bad input with the fix', () => {
  const cases: [string, Partial<CloudantInstanceProps>, string][] = [
    ['an unknown plan', { plan: 'standard-gen3' as never }, 'plan: "standard-gen3" is not a Cloudant plan this library provisions; use one of lite, standard, standard-gen2'],
    ['capacity above 1 on lite', { plan: 'lite', capacity: 3 }, 'capacity: 3 is not possible on the lite plan, whose capacity is fixed at 1; remove capacity or use plan standard or standard-gen2'],
    ['capacity above 100 on Gen 1 standard', { plan: 'standard', capacity: 101 }, 'capacity: 101 blocks is more than the 100 that Gen 1 standard instances accept; use at most 100, or ask IBM support for more'],
    ['a fractional capacity', { capacity: 1.5 }, 'capacity: 1.5 is not a valid capacity; use a whole number of at least 1'],
    ['a zero capacity', { capacity: 0 }, 'capacity: 0 is not a valid capacity; use a whole number of at least 1'],
    ['private endpoints on Gen 1 multi-tenant', { plan: 'standard', serviceEndpoints: 'public-and-private' }, 'serviceEndpoints: "public-and-private" needs private endpoints, which Gen 1 multi-tenant instances (plan standard) do not have; use public, choose plan standard-gen2, or place the instance on dedicated hardware'],
    ['an unknown endpoint choice', { serviceEndpoints: 'vpc' as never }, 'serviceEndpoints: "vpc" is not a service endpoint choice; use one of public, private, public-and-private'],
    ['an http origin', { corsOrigins: ['http://app.example.com'] }, 'corsOrigins.0: "http://app.example.com" is not an https origin; CORS origins must use https://'],
    ['an origin with a path', { corsOrigins: ['https://app.example.com/login'] }, 'corsOrigins.0: "https://app.example.com/login" is not a bare origin; use only scheme, host and port, such as "https://app.example.com"'],
    ['a wildcard origin', { corsOrigins: ['https://*.example.com'] }, 'corsOrigins.0: "https://*.example.com": wildcard origins are not allowed; list each https origin'],
    ['an origin that is no URL', { corsOrigins: ['app.example.com'] }, 'corsOrigins.0: "app.example.com" is not a URL; use a full origin such as "https://app.example.com"'],
    ['credentials without origins', { corsAllowCredentials: true }, 'corsAllowCredentials: has no effect while CORS is off; list corsOrigins or remove corsAllowCredentials'],
    ['a malformed tag', { tags: ['ok', 'no,commas'] }, 'tags.1: "no,commas" is not a valid IBM Cloud tag; use 1 to 128 letters, digits, spaces and the characters _ - . : (for example "env:prod")'],
    ['dedicated hardware on Gen 2', { dedicatedHardwareEnvironmentCrn: 'crn:v1:x' }, 'dedicatedHardwareEnvironmentCrn: dedicated hardware hosts Gen 1 standard instances only, not plan standard-gen2; use plan standard or remove dedicatedHardwareEnvironmentCrn'],
    ['a dedicated hardware ID that is no CRN', { plan: 'standard', dedicatedHardwareEnvironmentCrn: 'abc' }, 'dedicatedHardwareEnvironmentCrn: "abc" is not a CRN; pass the CRN of the dedicated hardware environment (crn:v1:…)'],
    ['a location that is no region', { location: 'Dallas' }, 'location: "Dallas" is not an IBM Cloud region; use one of au-syd, br-sao, ca-mon, ca-tor, eu-de, eu-es, eu-gb, in-che, jp-osa, jp-tok, kr-seo, us-east, us-south (or a data center: che01, mil01, mon01)'],
    ['a region IBM does not have, in the right shape', { location: 'us-west' }, 'location: "us-west" is not an IBM Cloud region; did you mean "us-east"? use one of au-syd, br-sao, ca-mon, ca-tor, eu-de, eu-es, eu-gb, in-che, jp-osa, jp-tok, kr-seo, us-east, us-south (or a data center: che01, mil01, mon01)'],
    ['an empty name', { name: ' ' }, 'name: the instance name is empty'],
    ['an uppercase database name', { databases: { Orders: {} } }, 'databases.Orders: "Orders" is not a valid database name; start with a lowercase letter and use only a-z, 0-9 and _ $ ( ) + - /'],
    ['a system database', { databases: { _replicator: {} } }, 'databases._replicator: "_replicator" is a system database name; names starting with "_" are reserved to Cloudant (the toolkit creates _replicator itself when a replication needs it)'],
    ['a database name over the limit', { databases: { [`a${'b'.repeat(238)}`]: {} } }, `databases.a${'b'.repeat(238)}: database name is 239 characters long; the limit is 238`],
    [
      'a database name with "/", which the provider cannot read back',
      { databases: { 'logs/2026': {} } },
      'databases.logs/2026: "logs/2026" holds "/", which the IBM provider cannot manage: it stores the database\'s ID as <instance CRN>/<name> and reads it back by splitting on every "/", so the database is created, then looked up as "2026", and the apply fails with the resource tainted; use - or _ instead (grants may still name an existing database with "/")',
    ],
    ['zero shards', { databases: { orders: { shards: 0 } } }, 'databases.orders.shards: 0 is not a valid shard count; use a whole number of at least 1, or leave shards out to let Cloudant choose'],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    expect(errorOf(() => instance(props))).toBe(`CloudantInstance test/orders: ${message}`);
  });

  test('every problem is reported at once', () => {
    const message = errorOf(() => instance({ plan: 'lite', capacity: 2, serviceEndpoints: 'private', tags: ['a|b'] }));
    expect(message.split('\n')).toEqual([
      'CloudantInstance test/orders: capacity: 2 is not possible on the lite plan, whose capacity is fixed at 1; remove capacity or use plan standard or standard-gen2',
      'CloudantInstance test/orders: serviceEndpoints: "private" needs private endpoints, which Gen 1 multi-tenant instances (plan lite) do not have; use public, choose plan standard-gen2, or place the instance on dedicated hardware',
      'CloudantInstance test/orders: tags.0: "a|b" is not a valid IBM Cloud tag; use 1 to 128 letters, digits, spaces and the characters _ - . : (for example "env:prod")',
    ]);
  });

  test('a database declared twice', () => {
    const orders = instance({ databases: { orders: {} } });
    expect(errorOf(() => orders.addDatabase('orders'))).toBe('CloudantInstance test/orders: databases.orders: database "orders" is declared twice in this instance');
  });

  test('an empty resource group name', () => {
    const { stack } = testStack();
    expect(errorOf(() => ResourceGroup.fromName(stack, 'rg', ' '))).toBe('ResourceGroup.fromName: the resource group name is empty');
  });

  test('a database made directly with "/" in its name', () => {
    const { stack } = testStack();
    const orders = instance({}, stack);
    expect(errorOf(() => new CloudantDatabase(stack, 'db', { instance: orders, name: 'a/b/c' }))).toBe(
      'CloudantDatabase test/db: name: "a/b/c" holds "/", which the IBM provider cannot manage: it stores the database\'s ID as <instance CRN>/<name> and reads it back by splitting on every "/", so the database is created, then looked up as "c", and the apply fails with the resource tainted; use - or _ instead (grants may still name an existing database with "/")',
    );
  });

  test('a database made directly with a bad name', () => {
    const { stack } = testStack();
    const orders = instance({}, stack);
    expect(errorOf(() => new CloudantDatabase(stack, 'db', { instance: orders, name: 'Orders', shards: 2.5 }))).toBe([
      'CloudantDatabase test/db: name: "Orders" is not a valid database name; start with a lowercase letter and use only a-z, 0-9 and _ $ ( ) + - /',
      'CloudantDatabase test/db: shards: 2.5 is not a valid shard count; use a whole number of at least 1, or leave shards out to let Cloudant choose',
    ].join('\n'));
  });

  test('a resource group ID that is a name', () => {
    expect(errorOf(() => ResourceGroup.fromId(testStack().stack, 'rg', 'data-prod'))).toBe(
      'ResourceGroup.fromId test/rg: "data-prod" is not a resource group ID; an ID is 32 lowercase hexadecimal characters (ibmcloud resource groups shows it), or use ResourceGroup.fromName',
    );
  });
});
