// Grants on Cloudant: the exact policy JSON per grant shape and role set, and every refusal.
import { AccessGroup, CLOUDANT_ROLE_SETS, CloudantGrants, CloudantInstance, encodeDatabaseName, ServiceIdentity, TrustedProfile } from '../constructs';
import { TerraformStack } from '../constructs/core/cdktf';
import { annotations, onlyResource, resourcesOf, synthJson, testStack } from './support/synth';
import { errorOf } from './support/errors';

const GUID = '0f1e2d3c-0000-4000-8000-0123456789ab';
const CRN = `crn:v1:bluemix:public:cloudantnosqldb:us-east:a/0123456789abcdef0123456789abcdef:${GUID}::`;
const CLUSTER = 'crn:v1:bluemix:public:containers-kubernetes:us-east:a/0123456789abcdef0123456789abcdef:c0ffee0123456789abcd::';
const INSTANCE_GUID = '${ibm_cloudant.cloudant-orders_893E9616.guid}';

function setup(stack: TerraformStack) {
  const instance = new CloudantInstance(stack, 'cloudant-orders', {
    name: 'orders',
    plan: 'standard-gen2',
    location: 'us-east',
    databases: { orders: {}, 'audit-log': {}, 'reports-daily': {} },
  });
  const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
  return { instance, app };
}

describe('grants on a Cloudant instance', () => {
  test('a database grant names the service ID by IAM ID and scopes to the instance GUID and the database', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    const grant = instance.grantWrite(app, { database: 'orders' });
    expect(grant.roles).toEqual(['Writer']);
    expect(resourcesOf(synthJson(stack), 'ibm_iam_service_policy')).toEqual({
      'app_cloudant-orders-db-orders_3CBCC0B9': {
        iam_id: '${ibm_iam_service_id.app_735A5B53.iam_id}',
        roles: ['Writer'],
        description: 'Writer on database "orders" of Cloudant instance cloudant-orders (ibm-data-guard)',
        resources: { service: 'cloudantnosqldb', resource_instance_id: INSTANCE_GUID, resource_type: 'database', resource: 'orders' },
      },
    });
  });

  test('an instance grant has no resource type', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    instance.grantMonitor(app);
    expect(onlyResource(synthJson(stack), 'ibm_iam_service_policy')).toEqual({
      iam_id: '${ibm_iam_service_id.app_735A5B53.iam_id}',
      roles: ['Monitor'],
      description: 'Monitor on Cloudant instance cloudant-orders (ibm-data-guard)',
      resources: { service: 'cloudantnosqldb', resource_instance_id: INSTANCE_GUID },
    });
  });

  test('a prefix grant matches with stringMatch through resource_attributes', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    instance.grantRead(app, { databasePrefix: 'reports-' });
    expect(onlyResource(synthJson(stack), 'ibm_iam_service_policy')).toEqual({
      iam_id: '${ibm_iam_service_id.app_735A5B53.iam_id}',
      roles: ['Reader'],
      description: 'Reader on databases starting "reports-" of Cloudant instance cloudant-orders (ibm-data-guard)',
      resource_attributes: [
        { name: 'serviceName', value: 'cloudantnosqldb', operator: 'stringEquals' },
        { name: 'serviceInstance', value: INSTANCE_GUID, operator: 'stringEquals' },
        { name: 'resourceType', value: 'database', operator: 'stringEquals' },
        { name: 'resource', value: 'reports-*', operator: 'stringMatch' },
      ],
    });
  });

  test.each(Object.entries(CLOUDANT_ROLE_SETS))('role set %s grants exactly %j', (set, roles) => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    const admin = new ServiceIdentity(stack, 'admin', { name: 'admin', allowManager: true });
    const who = set === 'manager' ? admin : app;
    instance.grants.roleSets(who, [set as keyof typeof CLOUDANT_ROLE_SETS], { database: 'orders' });
    expect(onlyResource(synthJson(stack), 'ibm_iam_service_policy').roles).toEqual(roles);
  });

  test('the named grant methods give the documented role sets', () => {
    const { stack } = testStack();
    const { instance } = setup(stack);
    const grants = CloudantGrants.fromInstance(instance);
    const roles = (make: (id: ServiceIdentity) => { roles: readonly string[] }, allowManager = false) =>
      make(new ServiceIdentity(stack, `id${Math.random()}`.replace('.', ''), { name: 'x', allowManager })).roles;
    expect(roles((id) => grants.read(id))).toEqual(['Reader']);
    expect(roles((id) => grants.write(id))).toEqual(['Writer']);
    expect(roles((id) => grants.manage(id), true)).toEqual(['Manager']);
    expect(roles((id) => grants.monitor(id))).toEqual(['Monitor']);
    expect(roles((id) => grants.checkpoint(id))).toEqual(['Checkpointer']);
    expect(roles((id) => grants.replicationSource(id, { database: 'orders' }))).toEqual(['Reader', 'Checkpointer']);
    expect(roles((id) => grants.replicationTarget(id, { database: 'orders' }))).toEqual(['Writer']);
  });

  test('a second grant on the same scope adds its roles to the same policy', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    const first = instance.grantRead(app, { database: 'orders' });
    const second = instance.grantCheckpoint(app, { database: 'orders' });
    expect(second).toBe(first);
    expect(first.roles).toEqual(['Reader', 'Checkpointer']);
    const policy = onlyResource(synthJson(stack), 'ibm_iam_service_policy');
    expect(policy.roles).toEqual(['Reader', 'Checkpointer']);
  });

  test('database names are URL-encoded in the policy, slashes kept (a database made elsewhere may hold "/")', () => {
    expect(encodeDatabaseName('a$b(c)+d/e')).toBe('a%24b%28c%29%2Bd/e');
    const { stack } = testStack();
    const { app } = setup(stack);
    const shared = CloudantInstance.fromAttributes(stack, 'shared', { crn: CRN, plan: 'standard-gen2', databaseNames: ['a$b(c)+d/e'] });
    CloudantGrants.fromInstance(shared).read(app, { database: 'a$b(c)+d/e' });
    const policy = onlyResource(synthJson(stack), 'ibm_iam_service_policy') as { resources: { resource: string } };
    expect(policy.resources.resource).toBe('a%24b%28c%29%2Bd/e');
  });

  test('a trusted profile gets an ibm_iam_trusted_profile_policy by iam_id, never profile_id', () => {
    const { stack } = testStack();
    const { instance } = setup(stack);
    const profile = new TrustedProfile(stack, 'api', { name: 'orders-api', kubernetesServiceAccounts: [{ clusterCrn: CLUSTER, namespace: 'orders', serviceAccount: 'orders-api' }] });
    instance.grantWrite(profile, { database: 'orders' });
    const policy = onlyResource(synthJson(stack), 'ibm_iam_trusted_profile_policy');
    expect(policy).toEqual({
      iam_id: '${ibm_iam_trusted_profile.api_C8550315.iam_id}',
      roles: ['Writer'],
      description: 'Writer on database "orders" of Cloudant instance cloudant-orders (ibm-data-guard)',
      resources: { service: 'cloudantnosqldb', resource_instance_id: INSTANCE_GUID, resource_type: 'database', resource: 'orders' },
    });
    expect(policy).not.toHaveProperty('profile_id');
  });

  test('an access group gets an ibm_iam_access_group_policy by access group ID', () => {
    const { stack } = testStack();
    const { instance } = setup(stack);
    const operators = new AccessGroup(stack, 'ops', { name: 'operators', allowManager: true });
    instance.grantManage(operators);
    expect(onlyResource(synthJson(stack), 'ibm_iam_access_group_policy')).toEqual({
      access_group_id: '${ibm_iam_access_group.ops_FCC65C9B.id}',
      roles: ['Manager'],
      description: 'Manager on Cloudant instance cloudant-orders (ibm-data-guard)',
      resources: { service: 'cloudantnosqldb', resource_instance_id: INSTANCE_GUID },
    });
  });

  test('the service policy never uses the deprecated iam_service_id', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    instance.grantRead(app, { database: 'orders' });
    expect(onlyResource(synthJson(stack), 'ibm_iam_service_policy')).not.toHaveProperty('iam_service_id');
  });
});

describe('grants on an instance made elsewhere', () => {
  test('scope to the GUID read from the CRN, to a service ID made elsewhere by its IAM ID', () => {
    const { stack } = testStack();
    const existing = CloudantInstance.fromAttributes(stack, 'shared', { crn: CRN, plan: 'standard-gen2' });
    const app = ServiceIdentity.fromAttributes(stack, 'legacy-app', { serviceId: 'ServiceId-11111111-2222-4333-8444-555555555555' });
    CloudantGrants.fromInstance(existing).write(app, { database: 'anything' });
    expect(onlyResource(synthJson(stack), 'ibm_iam_service_policy')).toEqual({
      iam_id: 'iam-ServiceId-11111111-2222-4333-8444-555555555555',
      roles: ['Writer'],
      description: 'Writer on database "anything" of Cloudant instance shared (ibm-data-guard)',
      resources: { service: 'cloudantnosqldb', resource_instance_id: GUID, resource_type: 'database', resource: 'anything' },
    });
  });

  test('known databases of an instance made elsewhere are checked', () => {
    const { stack } = testStack();
    const existing = CloudantInstance.fromAttributes(stack, 'shared', { crn: CRN, plan: 'standard-gen2', databaseNames: ['orders'] });
    const app = new ServiceIdentity(stack, 'app', { name: 'app' });
    expect(errorOf(() => CloudantGrants.fromInstance(existing).read(app, { database: 'order' }))).toBe(
      'grant on Cloudant instance shared to service ID "app": database: "order" is not a database of this instance (it has "orders"); add the database to the instance first, or fix the name',
    );
  });

  test('a service ID made elsewhere may be named in either form', () => {
    const { stack } = testStack();
    const a = ServiceIdentity.fromAttributes(stack, 'a', { serviceId: 'iam-ServiceId-11111111-2222-4333-8444-555555555555' });
    expect(a.serviceId).toBe('ServiceId-11111111-2222-4333-8444-555555555555');
    expect(a.iamId).toBe('iam-ServiceId-11111111-2222-4333-8444-555555555555');
    expect(errorOf(() => ServiceIdentity.fromAttributes(stack, 'b', { serviceId: 'crn:v1:bluemix:public:iam-identity::a/1::serviceid:ServiceId-1' }))).toBe(
      'ServiceIdentity.fromAttributes test/b: serviceId: "crn:v1:bluemix:public:iam-identity::a/1::serviceid:ServiceId-1" is not a service ID; expected ServiceId-<uuid> or iam-ServiceId-<uuid> (ibmcloud iam service-id <name> shows it)',
    );
  });
});

describe('refused grants', () => {
  const SUBJECT = 'grant on Cloudant instance cloudant-orders to service ID "orders-app"';

  test('Manager for an application identity without allowManager', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    expect(errorOf(() => instance.grantManage(app, { database: 'orders' }))).toBe(
      `${SUBJECT}: roles: Manager is refused for service ID "orders-app": Manager can create and delete databases, write design documents, _security and replications; grant writer or reader, or set allowManager on the identity if it administers the instance`,
    );
  });

  test('an instance grant beside a database grant of the same identity, in either order', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    instance.grantWrite(app, { database: 'orders' });
    expect(errorOf(() => instance.grantRead(app))).toBe(
      `${SUBJECT}: service ID "orders-app" holds grants on database "orders"; Reader on the whole instance would make them meaningless, because IAM applies it to every database. Grant on those databases instead, or use a separate identity for the instance-wide role`,
    );
    const other = testStack();
    const second = setup(other.stack);
    second.instance.grantMonitor(second.app);
    expect(errorOf(() => second.instance.grantRead(second.app, { databasePrefix: 'reports-' }))).toBe(
      `${SUBJECT}: databasePrefix: service ID "orders-app" already holds Monitor on the whole instance, so Reader on databases starting "reports-" would not restrict it to that: IAM applies the instance-wide policy to every database. Grant this identity on databases only, or use a separate identity for the instance-wide role`,
    );
  });

  test('grants on different instances do not conflict', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    const other = new CloudantInstance(stack, 'cloudant-other', { name: 'other', plan: 'standard-gen2', location: 'us-east' });
    instance.grantWrite(app, { database: 'orders' });
    other.grantMonitor(app);
    expect(Object.keys(resourcesOf(synthJson(stack), 'ibm_iam_service_policy'))).toHaveLength(2);
  });

  test('a database the instance does not have', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    expect(errorOf(() => instance.grantRead(app, { database: 'ordrs' }))).toBe(
      `${SUBJECT}: database: "ordrs" is not a database of this instance (it has "orders", "audit-log", "reports-daily"); add the database to the instance first, or fix the name`,
    );
  });

  test('platform roles and unknown roles', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    expect(errorOf(() => instance.grants.roles(app, ['Administrator', 'Writter'], { database: 'orders' }))).toBe(
      [
        `${SUBJECT}: roles: "Administrator" is an IAM platform role: it manages the instance itself (Editor and Administrator can delete it) and grants no data access; use Cloudant's service roles Reader, Writer, Manager, Monitor, Checkpointer`,
        `${SUBJECT}: roles: "Writter" is not a Cloudant service role; use one of Reader, Writer, Manager, Monitor, Checkpointer`,
      ].join('\n'),
    );
    expect(errorOf(() => instance.grants.roles(app, []))).toBe(`${SUBJECT}: roles: no roles given; use one or more of Reader, Writer, Manager, Monitor, Checkpointer`);
  });

  test('both a database and a prefix, and a bad prefix', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    expect(errorOf(() => instance.grantRead(app, { database: 'orders', databasePrefix: 'ord' }))).toBe(`${SUBJECT}: databasePrefix: give either database or databasePrefix, not both`);
    expect(errorOf(() => instance.grantRead(app, { databasePrefix: 'reports-*' }))).toBe(
      `${SUBJECT}: databasePrefix: "reports-*" is not the start of a database name; start with a lowercase letter and use only a-z, 0-9 and _ $ ( ) + - / (no wildcards: the grant adds *)`,
    );
    expect(errorOf(() => instance.grantRead(app, { database: '_replicator' }))).toBe(
      `${SUBJECT}: database: "_replicator" is a system database name; names starting with "_" are reserved to Cloudant (the toolkit creates _replicator itself when a replication needs it)`,
    );
  });

  test('a prefix that matches no database of the instance is a warning, not an error', () => {
    const { stack } = testStack();
    const { instance, app } = setup(stack);
    instance.grantRead(app, { databasePrefix: 'archive-' });
    expect(annotations(stack, '@cdktf/warn')).toEqual([
      'test/app/cloudant-orders-prefix-archive-: no database of Cloudant instance cloudant-orders starts with "archive-" yet; the grant applies to databases created later with that prefix',
    ]);
  });
});
