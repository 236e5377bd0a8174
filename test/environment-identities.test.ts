// The identities section of environment files: what it builds, and every mistake pointed at its line.
import { onlyResource, resourcesOf, synthJson } from './support/synth';
import { stackFrom, stackProblemsOf } from './support/environment';

const BASE = `account: { id: 0123456789abcdef0123456789abcdef, region: us-east, endpoints: public-and-private }
cloudant:
  orders:
    plan: standard-gen2
    databases: { orders: {}, reports-a: {} }
`;
const CLUSTER = 'crn:v1:bluemix:public:containers-kubernetes:us-east:a/0123456789abcdef0123456789abcdef:c0ffee0123456789abcd::';

describe('identities in environment files', () => {
  test('a service ID with a database grant and a rotating key, named <key>-<environment>', () => {
    const stack = stackFrom(`${BASE}identities:
  orders-app:
    kind: serviceId
    grants:
      - { instance: orders, database: orders, roles: [reader, writer] }
    keys:
      app: { rotationDays: 30, expiryGraceDays: 10, output: true }
`);
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_iam_service_id').name).toBe('orders-app-dev');
    expect(onlyResource(json, 'ibm_iam_service_policy')).toMatchObject({
      iam_id: '${ibm_iam_service_id.identity-orders-app_7E5212C4.iam_id}',
      roles: ['Reader', 'Writer'],
      resources: { service: 'cloudantnosqldb', resource_type: 'database', resource: 'orders', resource_instance_id: '${ibm_cloudant.cloudant-orders_893E9616.guid}' },
    });
    expect(onlyResource(json, 'ibm_iam_service_api_key')).toMatchObject({ name: 'orders-app-dev-app', store_value: false });
    expect(onlyResource(json, 'time_rotating')).toEqual({ rotation_days: 30 });
    expect(json.output?.['identity_orders-app_key_app_value']).toMatchObject({ sensitive: true, value: '${ibm_iam_service_api_key.identity-orders-app_key-app_33FE88B1.apikey}' });
    expect(json.output?.['identity_orders-app_key_app_id']?.value).toBe('${ibm_iam_service_api_key.identity-orders-app_key-app_33FE88B1.id}');
    expect(json.output?.['identity_orders-app_iam_id']?.value).toBe('${ibm_iam_service_id.identity-orders-app_7E5212C4.iam_id}');
  });

  test('a trusted profile for a Kubernetes service account and an access group whose members are other identities', () => {
    const stack = stackFrom(`${BASE}identities:
  api:
    kind: trustedProfile
    kubernetesServiceAccounts: [{ clusterCrn: "${CLUSTER}", namespace: orders, serviceAccount: api }]
    grants: [{ instance: orders, databasePrefix: reports-, roles: reader }]
  app:
    kind: serviceId
  ops:
    kind: accessGroup
    allowManager: true
    users: [ana@example.com]
    members: [api, app]
    grants: [{ instance: orders, roles: manager }]
`);
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_iam_trusted_profile_link')).toMatchObject({ cr_type: 'IKS_SA', link: { crn: CLUSTER, namespace: 'orders', name: 'api' } });
    expect(onlyResource(json, 'ibm_iam_trusted_profile_policy').roles).toEqual(['Reader']);
    expect(onlyResource(json, 'ibm_iam_access_group_members')).toEqual({
      access_group_id: '${ibm_iam_access_group.identity-ops_2AA0964C.id}',
      ibm_ids: ['ana@example.com'],
      iam_profile_ids: ['${ibm_iam_trusted_profile.identity-api_E38DB715.id}'],
      iam_service_ids: ['${ibm_iam_service_id.identity-app_39C02260.id}'],
    });
    expect(onlyResource(json, 'ibm_iam_access_group_policy').roles).toEqual(['Manager']);
  });

  test('a key managed by Secrets Manager', () => {
    const json = synthJson(
      stackFrom(`${BASE}identities:
  app:
    kind: serviceId
    keys:
      sm: { secretsManager: { guid: 5a5b5c5d-0000-4000-8000-0123456789ab }, rotationDays: 15, ttlSeconds: 2592000 }
`),
    );
    expect(onlyResource(json, 'ibm_sm_iam_credentials_secret')).toMatchObject({
      instance_id: '5a5b5c5d-0000-4000-8000-0123456789ab',
      region: 'us-east',
      name: 'app-dev-sm',
      ttl: '2592000',
      rotation: { auto_rotate: true, interval: 15, unit: 'day' },
    });
    expect(resourcesOf(json, 'ibm_iam_service_api_key')).toEqual({});
  });

  test('schema mistakes point at their lines', () => {
    expect(
      stackProblemsOf(`${BASE}identities:
  app:
    kind: serviceAccount
  bot:
    kind: serviceId
    grants:
      - { instance: order, roles: [readr] }
    keys:
      k: { rotationDays: 400, ttlSeconds: 60 }
`),
    ).toEqual([
      'environments/dev.yaml:8:11: identities.app.kind: "serviceAccount" is not a known kind; use one of serviceId, trustedProfile, accessGroup',
      'environments/dev.yaml:12:36: identities.bot.grants.0.roles.0: "readr" is not a Cloudant role; did you mean "reader"? use a role set (reader, writer, manager, monitor, checkpointer, replication-source, replication-target) or IBM\'s role name (Reader, Writer, Manager, Monitor, Checkpointer)',
      'environments/dev.yaml:14:43: identities.bot.keys.k.ttlSeconds: only Secrets Manager keys have a ttl; IAM keys expire expiryGraceDays after rotation',
      'environments/dev.yaml:14:26: identities.bot.keys.k.rotationDays: rotation every 400 days plus 30 days of grace lets a key live 430 days, more than 365; shorten rotationDays or expiryGraceDays',
    ]);
  });

  test('a single role set given as a word is checked like a list', () => {
    expect(stackProblemsOf(`${BASE}identities:\n  bot: { kind: serviceId, grants: [{ instance: orders, roles: writr }] }\n`)).toEqual([
      'environments/dev.yaml:7:63: identities.bot.grants.0.roles: "writr" is not a Cloudant role; did you mean "writer"? use a role set (reader, writer, manager, monitor, checkpointer, replication-source, replication-target) or IBM\'s role name (Reader, Writer, Manager, Monitor, Checkpointer)',
    ]);
    expect(stackProblemsOf(`${BASE}identities:\n  bot: { kind: serviceId, grants: [{ instance: orders, roles: 3 }] }\n`)).toEqual([
      'environments/dev.yaml:7:63: identities.bot.grants.0.roles: expected a string or a list, got 3',
    ]);
  });

  test('references to instances and members that are not in the file', () => {
    expect(
      stackProblemsOf(`${BASE}identities:
  bot:
    kind: serviceId
    grants: [{ instance: order, roles: reader }]
  ops:
    kind: accessGroup
    members: [bott]
`),
    ).toEqual([
      'environments/dev.yaml:9:26: identities.bot.grants.0.instance: "order" is not a Cloudant instance of this file; use one of orders',
      'environments/dev.yaml:12:15: identities.ops.members.0: "bott" is not a service ID or trusted profile of this file; use one of bot',
    ]);
  });

  test('an empty role list says what to list', () => {
    expect(stackProblemsOf(`${BASE}identities:\n  bot:\n    kind: serviceId\n    grants: [{ instance: orders, roles: [] }]\n`)).toEqual([
      'environments/dev.yaml:9:41: identities.bot.grants.0.roles: list at least one role set',
    ]);
  });

  test('refusals by the grant rules point at the grant', () => {
    expect(
      stackProblemsOf(`${BASE}identities:
  bot:
    kind: serviceId
    grants:
      - { instance: orders, database: orders, roles: writer }
      - { instance: orders, roles: manager }
`),
    ).toEqual([
      'environments/dev.yaml:11:36: identities.bot.grants.1.roles: Manager is refused for service ID "bot-dev": Manager can create and delete databases, write design documents, _security and replications; grant writer or reader, or set allowManager on the identity if it administers the instance',
    ]);
    expect(
      stackProblemsOf(`${BASE}identities:
  bot:
    kind: serviceId
    grants:
      - { instance: orders, database: orders, roles: writer }
      - { instance: orders, roles: monitor }
`),
    ).toEqual([
      'environments/dev.yaml:11:9: identities.bot.grants.1: service ID "bot-dev" holds grants on database "orders"; Monitor on the whole instance would make them meaningless, because IAM applies it to every database. Grant on those databases instead, or use a separate identity for the instance-wide role',
    ]);
    expect(
      stackProblemsOf(`${BASE}identities:
  bot:
    kind: serviceId
    grants:
      - { instance: orders, database: ordres, roles: reader }
`),
    ).toEqual([
      'environments/dev.yaml:10:39: identities.bot.grants.0.database: "ordres" is not a database of this instance (it has "orders", "reports-a"); add the database to the instance first, or fix the name',
    ]);
  });
});

describe("IBM's role names in grants", () => {
  test('Reader, Writer, Checkpointer… as IBM writes them are the role sets of the same names; platform roles are refused with the reason', () => {
    const stack = stackFrom(`account: { id: 0123456789abcdef0123456789abcdef, region: us-east, endpoints: public-and-private }
cloudant:
  orders: { plan: standard-gen2, serviceEndpoints: public-and-private, databases: { orders: {} } }
identities:
  app:
    kind: serviceId
    grants:
      - { instance: orders, database: orders, roles: [Reader, Checkpointer] }
`);
    const policies = Object.values(resourcesOf(synthJson(stack), 'ibm_iam_service_policy'));
    expect(policies.map((policy) => policy.roles)).toEqual([['Reader', 'Checkpointer']]);
    expect(
      stackProblemsOf(`account: { id: 0123456789abcdef0123456789abcdef, region: us-east }
cloudant:
  orders: { plan: standard-gen2 }
identities:
  app:
    kind: serviceId
    grants:
      - { instance: orders, roles: Editor }
`),
    ).toEqual([
      'environments/dev.yaml:8:36: identities.app.grants.0.roles: "Editor" is an IAM platform role: it manages the instance (Editor and Administrator can delete it), never its data; use a Cloudant service role: Reader, Writer, Manager, Monitor, Checkpointer',
    ]);
  });
});
