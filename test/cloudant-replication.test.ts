import { TerraformStack } from '../constructs/core/cdktf';
import { IbmProvider } from '../constructs/core/ibm-bindings';
import { CloudantInstance, ICloudantInstance } from '../constructs/cloudant/instance';
import { NetworkZone } from '../constructs/network/network-zone';
import { CloudantNetworkRule } from '../constructs/network/cloudant-network-rule';
import { CloudantReplication, CloudantReplicationProps } from '../constructs/replication/cloudant-replication';
import { EXCLUDE_DESIGN_DOCUMENTS, replicationDocument } from '../constructs/replication/replication-document';
import { errorOf } from './support/errors';

// synthesized JSON, read loosely: these tests pin its shape field by field
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
import { annotations, resourcesOf, synthJson, SynthesizedStack, testStack } from './support/synth';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const OTHER_ACCOUNT = 'fedcba9876543210fedcba9876543210';
const EXISTING_CRN = `crn:v1:bluemix:public:cloudantnosqldb:eu-gb:a/${ACCOUNT}:1b2c3d4e-0000-4000-8000-0123456789ab::`;

function twoInstances(stack: TerraformStack, targetDatabases: Record<string, { partitioned?: boolean }> = {}) {
  const source = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', serviceEndpoints: 'public-and-private', databases: { orders: { partitioned: true }, audit: {} } });
  const target = new CloudantInstance(stack, 'replica', { name: 'replica', plan: 'standard-gen2', location: 'eu-de', serviceEndpoints: 'public-and-private', databases: targetDatabases });
  return { source, target };
}

function replicate(stack: TerraformStack, source: ICloudantInstance, target: ICloudantInstance, extra: Partial<CloudantReplicationProps> = {}, id = 'repl'): CloudantReplication {
  return new CloudantReplication(stack, id, { name: 'orders-dr', source: { instance: source, database: 'orders' }, target: { instance: target, database: 'orders' }, ...extra });
}

function documentResource(json: SynthesizedStack, name = 'repl_document'): Record<string, Loose> {
  const all = resourcesOf(json, 'terraform_data');
  const key = Object.keys(all).find((each) => each.startsWith(`${name}_`));
  if (!key) throw new Error(`no terraform_data ${name}`);
  return all[key] as Record<string, Loose>;
}

function policyOf(json: SynthesizedStack, identityPrefix: string): Record<string, Loose>[] {
  return Object.entries(resourcesOf(json, 'ibm_iam_service_policy'))
    .filter(([, policy]) => String(policy.iam_id).startsWith(`\${ibm_iam_service_id.${identityPrefix}`))
    .map(([, policy]) => policy as Record<string, Loose>);
}

describe('CloudantReplication', () => {
  test('one service ID and key per side, each scoped to its database: Reader + Checkpointer on the source, Writer on the target', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    replicate(stack, source, target);
    const json = synthJson(stack);

    expect(Object.values(resourcesOf(json, 'ibm_iam_service_id')).map((id) => id.name).sort()).toEqual(['orders-dr-source', 'orders-dr-target']);
    expect(policyOf(json, 'repl_source-identity')).toEqual([
      {
        description: 'Reader + Checkpointer on database "orders" of Cloudant instance orders (ibm-data-guard)',
        iam_id: expect.stringMatching(/^\$\{ibm_iam_service_id\.repl_source-identity_[0-9A-F]+\.iam_id\}$/),
        resources: { resource: 'orders', resource_instance_id: '${ibm_cloudant.orders_46FA7C19.guid}', resource_type: 'database', service: 'cloudantnosqldb' },
        roles: ['Reader', 'Checkpointer'],
      },
    ]);
    expect(policyOf(json, 'repl_target-identity')).toEqual([
      {
        description: 'Writer on database "orders" of Cloudant instance replica (ibm-data-guard)',
        iam_id: expect.stringMatching(/^\$\{ibm_iam_service_id\.repl_target-identity_[0-9A-F]+\.iam_id\}$/),
        resources: { resource: 'orders', resource_instance_id: '${ibm_cloudant.replica_002F81F9.guid}', resource_type: 'database', service: 'cloudantnosqldb' },
        roles: ['Writer'],
      },
    ]);
    const keys = Object.values(resourcesOf(json, 'ibm_iam_service_api_key'));
    expect(keys.map((key) => [key.name, key.store_value, key.locked])).toEqual([
      ['orders-dr-source', false, false],
      ['orders-dr-target', false, false],
    ]);
    expect(annotations(stack, '@cdktf/warn')).toEqual([]);
  });

  test('key values reach the script only through the create-time environment; input holds no secret', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    replicate(stack, source, target);
    const json = synthJson(stack);
    const data = documentResource(json);
    const sourceKey = Object.keys(resourcesOf(json, 'ibm_iam_service_api_key')).find((name) => name.startsWith('repl_source-identity_key'))!;
    const targetKey = Object.keys(resourcesOf(json, 'ibm_iam_service_api_key')).find((name) => name.startsWith('repl_target-identity_key'))!;

    expect(JSON.stringify(data.input)).not.toMatch(/apikey|api_key/);
    expect(data.input).toEqual({
      document_id: 'orders-dr',
      host_url: '${try(ibm_cloudant.replica_002F81F9.extensions["dataservices.connection.public_endpoint_url"], "")}',
      iam_url: 'https://iam.cloud.ibm.com',
      replicator_database: expect.stringMatching(/^\$\{ibm_cloudant_database\.replica_replicator-database_[0-9A-F]+\.id\}$/),
    });
    const [create, destroy] = data.provisioner as Record<string, Loose>[];
    expect(create!['local-exec'].command).toBe('put');
    expect(create!['local-exec'].interpreter).toEqual(['node', expect.stringMatching(/^assets\/scripts\/[0-9A-F]{32}\/replicator\.cjs$/)]);
    expect(create!['local-exec'].environment.REPLICATION_SOURCE_API_KEY).toBe(`\${ibm_iam_service_api_key.${sourceKey}.apikey}`);
    expect(create!['local-exec'].environment.REPLICATION_TARGET_API_KEY).toBe(`\${ibm_iam_service_api_key.${targetKey}.apikey}`);
    expect(destroy).toEqual({
      'local-exec': {
        command: 'delete',
        interpreter: create!['local-exec'].interpreter,
        when: 'destroy',
        environment: { REPLICATION_DOCUMENT_ID: '${self.input.document_id}', REPLICATION_HOST_URL: '${self.input.host_url}', REPLICATION_IAM_URL: '${self.input.iam_url}' },
      },
    });
    // a rotated key (new ID) replaces the resource, which deletes and rewrites the document
    expect(data.triggers_replace.source_key_id).toBe(`\${ibm_iam_service_api_key.${sourceKey}.id}`);
    expect(data.triggers_replace.target_key_id).toBe(`\${ibm_iam_service_api_key.${targetKey}.id}`);
    expect(data.depends_on).toEqual([
      expect.stringMatching(/^ibm_iam_service_policy\.repl_source-identity_orders-db-orders_/),
      expect.stringMatching(/^ibm_iam_service_policy\.repl_target-identity_replica-db-orders_/),
      expect.stringMatching(/^ibm_cloudant_database\.replica_db-orders_/),
    ]);
    // the document names each database on its instance and leaves design documents out
    expect(data.triggers_replace.document).toBe(
      '${jsonencode({"source" = {"url" = "${try(ibm_cloudant.orders_46FA7C19.extensions["dataservices.connection.public_endpoint_url"], "")}/orders"}, "target" = {"url" = "${try(ibm_cloudant.replica_002F81F9.extensions["dataservices.connection.public_endpoint_url"], "")}/orders"}, "continuous" = true, "create_target" = false, "selector" = {"_id" = {"$regex" = "^[^_]"}}})}',
    );
    expect(create!['local-exec'].environment.REPLICATION_DOCUMENT).toBe(data.triggers_replace.document);
  });

  test('Terraform makes the target database, partitioned like the source, and _replicator once per host, protected from destroy', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    replicate(stack, source, target);
    new CloudantReplication(stack, 'audit', { name: 'audit-dr', source: { instance: source, database: 'audit' }, target: { instance: target, database: 'audit' } });
    const databases = Object.values(resourcesOf(synthJson(stack), 'ibm_cloudant_database'));
    expect(databases.filter((db) => db.instance_crn === '${ibm_cloudant.replica_002F81F9.crn}').map((db) => [db.db, db.partitioned, db.lifecycle])).toEqual([
      ['audit', false, { prevent_destroy: true }],
      ['orders', true, { prevent_destroy: true }],
      ['_replicator', undefined, { prevent_destroy: true }],
    ]);
    const output = synthJson(stack).output!.replications!;
    expect(Object.keys(output.value as object)).toEqual(['audit-dr', 'orders-dr']);
    expect(output.sensitive).toBeUndefined();
  });

  test('one-shot, selector and tuning options go into the document; the selector still leaves design documents out', () => {
    expect(replicationDocument('https://s/db', 'https://t/db', { continuous: false, selector: { type: 'order' }, sinceSeq: '42-abc', workerProcesses: 2, checkpointIntervalMs: 5000, winningRevsOnly: true })).toEqual({
      source: { url: 'https://s/db' },
      target: { url: 'https://t/db' },
      continuous: false,
      create_target: false,
      selector: { $and: [{ type: 'order' }, EXCLUDE_DESIGN_DOCUMENTS] },
      since_seq: '42-abc',
      worker_processes: 2,
      checkpoint_interval: 5000,
      winning_revs_only: true,
    });
    expect(replicationDocument('https://s/db', 'https://t/db', { documentIds: ['a', 'b'] })).toEqual({ source: { url: 'https://s/db' }, target: { url: 'https://t/db' }, continuous: true, create_target: false, doc_ids: ['a', 'b'] });
  });

  test('without checkpoints the source key is Reader only', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    replicate(stack, source, target, { useCheckpoints: false });
    expect(policyOf(synthJson(stack), 'repl_source-identity')[0]!.roles).toEqual(['Reader']);
  });

  test('design documents or createTarget give the target key Manager on its database, with a warning', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    replicate(stack, source, target, { replicateDesignDocuments: true });
    const existing = CloudantInstance.fromAttributes(stack, 'existing', { crn: EXISTING_CRN, plan: 'standard', publicUrl: 'https://existing.example', databaseNames: ['orders'] });
    replicate(stack, source, existing, { name: 'to-existing', createTarget: true, createReplicatorDatabase: true }, 'repl2');
    const json = synthJson(stack);
    expect(policyOf(json, 'repl_target-identity')[0]!.roles).toEqual(['Manager']);
    expect(policyOf(json, 'repl2_target-identity')[0]!.roles).toEqual(['Manager']);
    expect(documentResource(json).triggers_replace.document).not.toContain('$regex');
    expect(documentResource(json, 'repl2_document').triggers_replace.document).toContain('"create_target" = true');
    expect(annotations(stack, '@cdktf/warn')).toEqual([
      'test/repl: the target key holds Manager on database "orders" because design documents are replicated (replicateDesignDocuments); Writer is enough otherwise',
      'test/repl2: the target key holds Manager on database "orders" because the replicator creates the target database (createTarget); Writer is enough otherwise',
    ]);
  });

  test('a host made elsewhere gets no _replicator unless asked; the document then names its given URL', () => {
    const { stack } = testStack();
    const { source } = twoInstances(stack);
    const existing = CloudantInstance.fromAttributes(stack, 'existing', { crn: EXISTING_CRN, plan: 'standard', publicUrl: 'https://existing.example' });
    replicate(stack, source, existing);
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, 'ibm_cloudant_database')).map((db) => db.db)).toEqual(['audit', 'orders']);
    expect(documentResource(json).input.host_url).toBe('https://existing.example');
    expect(documentResource(json).input.replicator_database).toBe('');
  });

  test('private endpoints: the document, the deploy step and IAM all go private', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    replicate(stack, source, target, { source: { instance: source, database: 'orders', endpoint: 'private' }, target: { instance: target, database: 'orders', endpoint: 'private' } });
    const data = documentResource(synthJson(stack));
    expect(data.input.host_url).toBe('${try(ibm_cloudant.replica_002F81F9.extensions["dataservices.connection.vpe_url"], "")}');
    expect(data.input.iam_url).toBe('https://private.iam.cloud.ibm.com');
    expect(data.triggers_replace.document).toContain('ibm_cloudant.orders_46FA7C19.extensions["dataservices.connection.vpe_url"]');
  });

  test('instances in another stack: the target database and _replicator go to their stack, the replication refers across', () => {
    const { app, stack: data } = testStack('data');
    const { source, target } = twoInstances(data);
    const other = new TerraformStack(app, 'replication');
    new IbmProvider(other, 'ibm', { region: 'eu-de' });
    replicate(other, source, target);
    const dataJson = synthJson(data);
    expect(Object.values(resourcesOf(dataJson, 'ibm_cloudant_database')).map((db) => db.db)).toEqual(['audit', 'orders', 'orders', '_replicator']);
    const replicationJson = synthJson(other);
    expect(Object.keys(resourcesOf(replicationJson, 'ibm_iam_service_policy'))).toHaveLength(2);
    expect(documentResource(replicationJson).depends_on).toEqual([expect.stringMatching(/^ibm_iam_service_policy\./), expect.stringMatching(/^ibm_iam_service_policy\./)]);
    expect(documentResource(replicationJson).input.replicator_database).toMatch(/^\$\{data\.terraform_remote_state\./);
  });

  test('identityScope puts a side\'s identity, policy and key in another stack (another account)', () => {
    const { app, stack } = testStack();
    const { source } = twoInstances(stack);
    const otherAccount = new TerraformStack(app, 'other-account');
    new IbmProvider(otherAccount, 'ibm', { region: 'eu-gb' });
    const existing = CloudantInstance.fromAttributes(otherAccount, 'existing', {
      crn: `crn:v1:bluemix:public:cloudantnosqldb:eu-gb:a/${OTHER_ACCOUNT}:1b2c3d4e-0000-4000-8000-0123456789ab::`,
      plan: 'standard',
      publicUrl: 'https://existing.example',
      databaseNames: ['orders'],
    });
    replicate(stack, source, existing, { target: { instance: existing, database: 'orders', identityScope: otherAccount }, createReplicatorDatabase: true });
    expect(Object.values(resourcesOf(synthJson(otherAccount), 'ibm_iam_service_id')).map((id) => id.name)).toEqual(['orders-dr-target']);
    expect(Object.values(resourcesOf(synthJson(stack), 'ibm_iam_service_id')).map((id) => id.name)).toEqual(['orders-dr-source']);
  });

  test('warns for each side with an enabled network rule, the host\'s own included, naming the rule and the endpoint', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    const zone = new NetworkZone(stack, 'zone', { accountId: ACCOUNT, name: 'office', addresses: [{ type: 'ipAddress', value: '203.0.113.5' }] });
    new CloudantNetworkRule(stack, 'rule', { instance: source, accountId: ACCOUNT, allow: [{ zones: [zone] }] });
    new CloudantNetworkRule(stack, 'rule-target', { instance: target, accountId: ACCOUNT, allow: [{ zones: [zone], endpointTypes: ['private'] }] });
    replicate(stack, source, target);
    synthJson(stack);
    expect(annotations(stack, '@cdktf/warn')).toEqual([
      'test/repl: the replicator on test/replica reaches the source database "orders" over the public endpoint of test/orders, from Cloudant\'s own network, and the enabled rule test/rule restricts that endpoint to its zones, which cannot name Cloudant\'s network; IBM does not document that this traffic passes the rule. After deploying, run npm run replication-status: a crashing or failed state with a 403 error means the rule blocks it',
      'test/repl: the replicator on test/replica reaches the target database "orders" over the public endpoint of test/replica (its own host), from Cloudant\'s own network, and the enabled rule test/rule-target allows no request on the public endpoint (only private), so it blocks this traffic unless IBM exempts Cloudant\'s own. After deploying, run npm run replication-status: a crashing or failed state with a 403 error means the rule blocks it',
    ]);
  });

  test('a disabled rule is no warning', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    const zone = new NetworkZone(stack, 'zone', { accountId: ACCOUNT, name: 'office', addresses: [{ type: 'ipAddress', value: '203.0.113.5' }] });
    new CloudantNetworkRule(stack, 'rule-target', { instance: target, accountId: ACCOUNT, enforcement: 'disabled', allow: [{ zones: [zone] }] });
    replicate(stack, source, target);
    synthJson(stack);
    expect(annotations(stack, '@cdktf/warn')).toEqual([]);
  });
});

describe('CloudantReplication refuses', () => {
  const subject = 'CloudantReplication test/repl';
  const refusal = (extra: Partial<CloudantReplicationProps>, setup?: (stack: TerraformStack, source: CloudantInstance, target: CloudantInstance) => void) => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack, { orders: { partitioned: true } });
    setup?.(stack, source, target);
    return errorOf(() => replicate(stack, source, target, extra));
  };

  test('a source database the instance does not have', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    expect(errorOf(() => replicate(stack, source, target, { source: { instance: source, database: 'ordrs' } }))).toBe(
      `${subject}: source.database: "ordrs" is not a database of test/orders (it has "orders", "audit"); add the database to the instance, or fix the name`,
    );
    expect(errorOf(() => replicate(stack, source, target, { source: { instance: source, database: '_replicator' } }, 'system'))).toBe(
      'CloudantReplication test/system: source.database: "_replicator" cannot be replicated; name a database of the instance (system databases such as _replicator are not replicated)',
    );
  });

  test('the same database as source and target', () => {
    const { stack } = testStack();
    const { source } = twoInstances(stack);
    expect(errorOf(() => replicate(stack, source, source))).toBe(`${subject}: target.database: is the source database itself; replicate to another database or instance`);
  });

  test('a partitioned target for a source that is not', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack, { audit: { partitioned: true } });
    expect(errorOf(() => replicate(stack, source, target, { source: { instance: source, database: 'audit' }, target: { instance: target, database: 'audit' } }))).toBe(
      `${subject}: target.database: "audit" is partitioned but the source database is not; its documents have no partition key, so the target would refuse them. Replicate into a database that is not partitioned`,
    );
  });

  test.each<[string, Partial<CloudantReplicationProps>, string]>([
    ['createTarget on an instance of this app', { createTarget: true }, 'createTarget: the target instance is made by this app, so Terraform creates database "orders"; remove createTarget (it would need Manager on the target)'],
    ['createReplicatorDatabase on an instance of this app', { createReplicatorDatabase: true }, 'createReplicatorDatabase: the host instance is made by this app, which always creates its _replicator database; remove createReplicatorDatabase'],
    ['a document ID starting with _', { documentId: '_orders' }, 'documentId: "_orders" cannot be a replication document ID; use 1-128 letters, digits, . _ and -, starting with a letter or digit (IDs starting with _ are reserved)'],
    ['selector with documentIds', { selector: { type: 'order' }, documentIds: ['a'] }, 'documentIds: cannot be combined with selector (Cloudant refuses both in one replication); use one of them'],
    ['an empty selector', { selector: {} }, 'selector: is empty, which matches every document; leave selector out instead'],
    ['a design document without replicateDesignDocuments', { documentIds: ['_design/orders'] }, 'documentIds.0: "_design/orders" is a design document; set replicateDesignDocuments (the target key then needs Manager) or remove it'],
    ['a local document', { documentIds: ['_local/x'] }, 'documentIds.0: "_local/x" is a local document, which replication never copies'],
    ['an empty since_seq', { sinceSeq: ' ' }, 'sinceSeq: " " is not an update sequence; give the sequence string from the source\'s _changes feed'],
    ['zero workers', { workerProcesses: 0 }, 'workerProcesses: 0 is not a whole number of at least 1'],
    ['a checkpoint interval without checkpoints', { useCheckpoints: false, checkpointIntervalMs: 1000 }, 'checkpointIntervalMs: has no effect while useCheckpoints is false; remove one of them'],
    ['an IAM endpoint that is not an https base URL', { iamEndpoint: 'http://iam.example/identity/token' }, 'iamEndpoint: "http://iam.example/identity/token" is not an IAM endpoint; give the https:// base URL, such as https://iam.cloud.ibm.com or https://private.iam.cloud.ibm.com'],
    ['a variable name with a dash', { deployerApiKeyVariable: 'IBM-KEY' }, 'deployerApiKeyVariable: "IBM-KEY" is not an environment variable name; use letters, digits and _, such as IBMCLOUD_API_KEY'],
    ['a key that would live longer than a year', { keyRotationDays: 360 }, 'keyRotationDays: rotation every 360 days plus 30 days of grace lets a key live 390 days, more than 365; shorten rotationDays or expiryGraceDays'],
  ])('%s', (_name, extra, message) => {
    expect(refusal(extra)).toBe(`${subject}: ${message}`);
  });

  test('an endpoint the instance does not serve', () => {
    const { stack } = testStack();
    const source = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', databases: { orders: {} } });
    const target = new CloudantInstance(stack, 'replica', { name: 'replica', plan: 'standard-gen2', location: 'eu-de' });
    expect(errorOf(() => replicate(stack, source, target, { source: { instance: source, database: 'orders', endpoint: 'public' } }))).toBe(
      `${subject}: source.endpoint: test/orders serves only private endpoints (serviceEndpoints: private); use private, or change the instance's serviceEndpoints`,
    );
    const existing = CloudantInstance.fromAttributes(stack, 'existing', { crn: EXISTING_CRN, plan: 'standard', publicUrl: 'https://existing.example' });
    expect(errorOf(() => replicate(stack, source, existing, { deployEndpoint: 'private' }, 'second'))).toBe(
      `CloudantReplication test/second: deployEndpoint: test/existing has no private URL; pass privateUrl to CloudantInstance.fromAttributes, or use the other endpoint`,
    );
  });

  test('two replications with one document on the same host', () => {
    const { stack } = testStack();
    const { source, target } = twoInstances(stack);
    replicate(stack, source, target, {}, 'first');
    expect(errorOf(() => replicate(stack, source, target, { source: { instance: source, database: 'audit' }, target: { instance: target, database: 'audit' } }))).toBe(
      `${subject}: documentId: "orders-dr" is already the document of replication test/first on the same instance; give each replication its own documentId (or name)`,
    );
  });
});
