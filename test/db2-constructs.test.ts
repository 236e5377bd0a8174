// Db2Instance and Db2User in TypeScript: the synthesized resources, the user mapping and
// privileges steps, the connection outputs, and the refusals with their exact messages.
import { Db2Instance, Db2InstanceProps, ServiceIdentity, TrustedProfile } from '../constructs';
import { TerraformStack } from '../constructs/core/cdktf';
import { onlyResource, resourcesOf, synthJson, testStack } from './support/synth';
import { errorOf } from './support/errors';

const CLUSTER = 'crn:v1:bluemix:public:containers-kubernetes:us-south:a/0123456789abcdef0123456789abcdef:c0ffee0000000000000a::';
const CRN = 'crn:v1:bluemix:public:dashdb-for-transactions:eu-de:a/0123456789abcdef0123456789abcdef:5a6b7c8d-0000-4000-8000-000000000db2::';

function instance(props: Partial<Db2InstanceProps> = {}, stack: TerraformStack = testStack().stack): Db2Instance {
  return new Db2Instance(stack, 'orders-db2', { name: 'orders-db2', location: 'us-south', ...props });
}

describe('Db2Instance', () => {
  test('Performance, highly available, public and private endpoints, protected, a 12-hour create, no users_config or allowlist_config', () => {
    const { stack } = testStack();
    instance({}, stack);
    expect(onlyResource(synthJson(stack), 'ibm_db2')).toEqual({
      name: 'orders-db2',
      service: 'dashdb-for-transactions',
      plan: 'performance',
      location: 'us-south',
      high_availability: 'yes',
      service_endpoints: 'public-and-private',
      timeouts: { create: '720m' },
      lifecycle: { prevent_destroy: true },
    });
  });

  test('every option reaches the resource', () => {
    const { stack } = testStack();
    instance(
      {
        highAvailability: false,
        backupLocation: 'us',
        serviceEndpoints: 'private',
        diskEncryptionKeyCrn: 'crn:v1:bluemix:public:kms:us-south:a/0123456789abcdef0123456789abcdef:1b2c3d4e-0000-4000-8000-000000000001:key:2b2c3d4e-0000-4000-8000-000000000002',
        diskEncryptionInstanceCrn: 'crn:v1:bluemix:public:kms:us-south:a/0123456789abcdef0123456789abcdef:1b2c3d4e-0000-4000-8000-000000000001::',
        tags: ['env:prod'],
        allowDestroy: true,
        createTimeout: '6h',
      },
      stack,
    );
    expect(onlyResource(synthJson(stack), 'ibm_db2')).toEqual({
      name: 'orders-db2',
      service: 'dashdb-for-transactions',
      plan: 'performance',
      location: 'us-south',
      high_availability: 'no',
      backup_location: 'us',
      service_endpoints: 'private',
      disk_encryption_key_crn: 'crn:v1:bluemix:public:kms:us-south:a/0123456789abcdef0123456789abcdef:1b2c3d4e-0000-4000-8000-000000000001:key:2b2c3d4e-0000-4000-8000-000000000002',
      disk_encryption_instance_crn: 'crn:v1:bluemix:public:kms:us-south:a/0123456789abcdef0123456789abcdef:1b2c3d4e-0000-4000-8000-000000000001::',
      tags: ['env:prod'],
      timeouts: { create: '6h' },
    });
  });

  test.each([
    ['standard', 'Db2Instance test/orders-db2: plan: "standard" is deprecated: IBM asks Standard customers to migrate to the Performance plan before 16 October 2026, and all new deployments use Performance (https://cloud.ibm.com/docs/db2-saas?topic=db2-saas-about); use plan performance'],
    ['enterprise', 'Db2Instance test/orders-db2: plan: "enterprise" is deprecated: IBM asks Enterprise customers to migrate to the Performance plan before 16 October 2026, and all new deployments use Performance (https://cloud.ibm.com/docs/db2-saas?topic=db2-saas-about); use plan performance'],
    ['lite', 'Db2Instance test/orders-db2: plan: "lite" has no IAM (IBM enables IAM on every plan except Lite), so no service ID can reach it with an API key; use plan performance'],
  ])('refuses plan %s with IBM\'s reason', (plan, message) => {
    expect(errorOf(() => instance({ plan: plan as 'performance' }))).toBe(message);
  });

  test('refuses a region without the Performance plan, an endpoint it does not serve, half a key and a bad CRN', () => {
    expect(errorOf(() => instance({ location: 'kr-seo', serviceEndpoints: 'public', deployEndpoint: 'private', diskEncryptionKeyCrn: 'crn:v1:bluemix:public:cloudantnosqldb:us-south:a/x:y::' }))).toBe(
      [
        'Db2Instance test/orders-db2: location: "kr-seo" is not a region of the Db2 Performance plan; use one of us-south, us-east, au-syd, br-sao, ca-tor, eu-de, eu-es, eu-gb, jp-tok',
        'Db2Instance test/orders-db2: deployEndpoint: the instance serves only public endpoints (serviceEndpoints: public); use public, or change serviceEndpoints',
        'Db2Instance test/orders-db2: diskEncryptionInstanceCrn: is needed too: give both the root key CRN and the CRN of its Key Protect or HPCS instance, or neither',
        'Db2Instance test/orders-db2: diskEncryptionKeyCrn: "crn:v1:bluemix:public:cloudantnosqldb:us-south:a/x:y::" is not the CRN of a root key; expected crn:v1:…:kms:… (Key Protect) or crn:v1:…:hs-crypto:… (HPCS)',
      ].join('\n'),
    );
  });

  test('an instance made elsewhere is read from its CRN, with the API of its region', () => {
    const { stack } = testStack();
    const existing = Db2Instance.fromAttributes(stack, 'legacy', { crn: CRN });
    expect(existing.region).toBe('eu-de');
    expect(existing.apiUrl).toBe('https://eu-de.db2.saas.ibm.com/dbapi/v4');
    expect(errorOf(() => Db2Instance.fromAttributes(stack, 'bad', { crn: CRN.replace('dashdb-for-transactions', 'dashdb') }))).toBe(
      `Db2Instance.fromAttributes test/bad: crn: "${CRN.replace('dashdb-for-transactions', 'dashdb')}" is not a Db2 on Cloud instance CRN; expected crn:v1:<cloud>:<type>:dashdb-for-transactions:<region>:a/<account>:<guid>:: (ibmcloud resource service-instance <name> shows it)`,
    );
  });
});

describe('grantAccess', () => {
  function mapped(options: Parameters<Db2Instance['grantAccess']>[1] = { userId: 'ordersapp' }) {
    const { stack } = testStack();
    const db2 = instance({}, stack);
    const app = new ServiceIdentity(stack, 'orders-app', { name: 'orders-app' });
    const user = db2.grantAccess(app, options);
    return { stack, db2, app, user, json: synthJson(stack) };
  }

  test('maps the service ID (ServiceId-…) to a bluuser through the script; no password or key anywhere', () => {
    const { json } = mapped({ userId: 'ordersapp', privileges: { schemas: { orders: ['SELECT', 'INSERT'] }, tables: { 'orders.items': ['UPDATE'] }, roles: ['report_reader'] } });
    const data = resourcesOf(json, 'terraform_data');
    const user = Object.entries(data).find(([name]) => name.includes('_user_'))![1] as { provisioner: { 'local-exec': Record<string, unknown> }[]; input: unknown; triggers_replace: unknown };
    const [create, destroy] = user.provisioner.map((p) => p['local-exec']);
    expect(create).toEqual({
      command: 'put-user',
      interpreter: ['node', expect.stringMatching(/^assets\/scripts\/[0-9A-F]{32}\/db2-users\.cjs$/)],
      environment: {
        DB2_API_URL: 'https://us-south.db2.saas.ibm.com/dbapi/v4',
        DB2_DEPLOYMENT_ID: '${ibm_db2.orders-db2_66B52079.crn}',
        DB2_DEPLOYMENT_ID_ENCODING: 'raw',
        DB2_IAM_URL: 'https://iam.cloud.ibm.com',
        DB2_USER: '${jsonencode({"id" = "ordersapp", "ibmid" = trimprefix(ibm_iam_service_id.orders-app_331C7DA1.iam_id, "iam-"), "role" = "bluuser", "name" = "orders-app"})}',
      },
    });
    expect(destroy).toMatchObject({ command: 'delete-user', when: 'destroy', environment: expect.objectContaining({ DB2_USER_ID: '${self.input.user_id}', DB2_SQL_URL: '${self.input.sql_url}' }) });
    const privileges = Object.entries(data).find(([name]) => name.includes('_privileges_'))![1] as { provisioner: { 'local-exec': { environment: Record<string, string> } }[]; lifecycle: unknown };
    expect(JSON.parse(privileges.provisioner[0]!['local-exec'].environment.DB2_GRANTS!)).toEqual([
      { kind: 'schema', object: 'ORDERS', privilege: 'SELECT' },
      { kind: 'schema', object: 'ORDERS', privilege: 'INSERT' },
      { kind: 'table', object: 'ORDERS.ITEMS', privilege: 'UPDATE' },
      { kind: 'role', object: 'REPORT_READER' },
    ]);
    expect(privileges.lifecycle).toEqual({ replace_triggered_by: [expect.stringMatching(/^terraform_data\.orders-db2_user-ordersapp_user_[0-9A-F]{8}$/)] });
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/password|apikey"|api_key|IBMCLOUD_API_KEY/i);
    expect(onlyResource(json, 'ibm_db2')).not.toHaveProperty('users_config');
  });

  test('the grant SQL lists objects in code-unit order, the same on every machine whatever its locale', () => {
    const { json } = mapped({ userId: 'ordersapp', privileges: { tables: { 'orders.a_x': ['SELECT'], 'orders.ab': ['SELECT'], 'orders.a1': ['SELECT'] } } });
    const entry = (json.output!.db2_users!.value as Record<string, Record<string, unknown>>)['orders-db2/ordersapp']!;
    // a locale's collation puts _ before digits and letters; code units put it after
    expect((entry.grant_sql as string).split('\n').slice(1)).toEqual(['GRANT SELECT ON TABLE ORDERS.A1 TO USER ORDERSAPP;', 'GRANT SELECT ON TABLE ORDERS.AB TO USER ORDERSAPP;', 'GRANT SELECT ON TABLE ORDERS.A_X TO USER ORDERSAPP;']);
  });

  test('the db2_users output carries the connection strings with a placeholder for the key, and the SQL a DBA can run', () => {
    const { json } = mapped({ userId: 'ordersapp', privileges: { schemas: { orders: ['SELECT'] } } });
    const entry = (json.output!.db2_users!.value as Record<string, Record<string, unknown>>)['orders-db2/ordersapp']!;
    expect(entry.grant_sql).toBe('-- Db2 user ordersapp (service ID orders-app) on orders-db2, declared with ibm-data-guard\nGRANT SELECTIN ON SCHEMA ORDERS TO USER ORDERSAPP;');
    const connection = entry.connection as Record<string, Record<string, string>>;
    expect(Object.keys(connection).sort()).toEqual(['private', 'public']);
    const info = 'data.ibm_db2_connection_info.orders-db2_connection-info_0BF5BDBB';
    expect(connection.public!.cli).toBe(
      `DATABASE=\${try(element(${info}.public, 0).database_name, "")};HOSTNAME=\${try(element(${info}.public, 0).hostname, "")};PORT=\${try(element(${info}.public, 0).ssl_port, "")};SECURITY=SSL;AUTHENTICATION=GSSPLUGIN;APIKEY=<the API key, from your secret store>;`,
    );
    expect(connection.private!.jdbc).toBe(
      `jdbc:db2://\${try(element(${info}.private, 0).hostname, "")}:\${try(element(${info}.private, 0).ssl_port, "")}/\${try(element(${info}.private, 0).database_name, "")}:sslConnection=true;securityMechanism=15;pluginName=IBMIAMauth;apiKey=<the API key, from your secret store>;`,
    );
    expect(json.data!.ibm_db2_connection_info).toEqual({ 'orders-db2_connection-info_0BF5BDBB': { deployment_id: '${urlencode(ibm_db2.orders-db2_66B52079.crn)}', x_deployment_id: '${ibm_db2.orders-db2_66B52079.crn}' } });
  });

  test('privilegesBy dba: no privileges step, and destroy leaves them to the DBA', () => {
    const { json } = mapped({ userId: 'ordersapp', privilegesBy: 'dba', privileges: { schemas: { orders: ['SELECT'] } } });
    const names = Object.keys(resourcesOf(json, 'terraform_data'));
    expect(names).toEqual([expect.stringMatching(/_user_/)]);
    const user = Object.values(resourcesOf(json, 'terraform_data'))[0] as { input: Record<string, string> };
    expect(user.input.sql_url).toBe('');
  });

  test.each([
    [{ userId: '9orders' }, 'userId: "9orders" is not a Db2 user ID; use at most 20 characters of lowercase a-z, 0-9, . @ _ -, not starting with a digit or _ (for example "orders")'],
    [{ userId: 'OrdersApp' }, 'userId: "OrdersApp" is not a Db2 user ID; use at most 20 characters of lowercase a-z, 0-9, . @ _ -, not starting with a digit or _ (for example "ordersapp")'],
    [{ userId: 'orders-application-prod' }, 'userId: "orders-application-prod" is not a Db2 user ID; use at most 20 characters of lowercase a-z, 0-9, . @ _ -, not starting with a digit or _ (for example "orders-application-p")'],
    [{ userId: 'ordersapp', role: 'bluadmin' as const }, 'role: bluadmin administers the whole database (every table, every user); use bluuser with privileges, or set unsafeAllowBluadmin: true if this identity really must'],
    [{ userId: 'ordersapp', privileges: { schemas: { SYSCAT: ['SELECT' as const] } } }, 'privileges.schemas.SYSCAT: "SYSCAT" is a Db2 system schema (SYS…), on which privileges are Db2\'s own to give; name an application schema'],
    [{ userId: 'ordersapp', privileges: { schemas: { 'orders-x': ['SELECT' as const] } } }, 'privileges.schemas.orders-x: "orders-x" is not a schema name; use a letter, then up to 127 letters, digits and _ (Db2 folds it to upper case)'],
    [{ userId: 'ordersapp', privileges: { tables: { items: ['SELECT' as const] } } }, 'privileges.tables.items: "items" is not a table name; write SCHEMA.TABLE, each part a letter, then up to 127 letters, digits and _'],
    [{ userId: 'ordersapp', privileges: { schemas: { orders: ['CONTROL' as 'SELECT'] } } }, 'privileges.schemas.orders.0: "CONTROL" is not a privilege this library grants; use SELECT, INSERT, UPDATE, DELETE (anything wider, such as CONTROL or ALTER, is for a DBA)'],
  ])('refuses %j', (options, message) => {
    expect(errorOf(() => mapped(options))).toBe(`Db2User test/orders-db2/user-${options.userId}: ${message}`);
  });

  test('bluadmin with the loud opt-in is allowed (and left to the guardrails)', () => {
    const { json } = mapped({ userId: 'dbowner', role: 'bluadmin', unsafeAllowBluadmin: true });
    expect(JSON.stringify(json)).toContain('\\"role\\" = \\"bluadmin\\"');
  });

  test('refuses a trusted profile, a second user for one identity and one user ID twice', () => {
    const { stack } = testStack();
    const db2 = instance({}, stack);
    const profile = new TrustedProfile(stack, 'profile', { name: 'p', kubernetesServiceAccounts: [{ clusterCrn: CLUSTER, namespace: 'orders', serviceAccount: 'orders-api' }] });
    expect(errorOf(() => db2.grantAccess(profile, { userId: 'profile' }))).toBe(
      "Db2User test/orders-db2/user-profile: identity: a trusted profile cannot be a Db2 user: IBM documents the Db2 user's IBMid field for IBMids and service IDs only; map a service ID",
    );
    const app = new ServiceIdentity(stack, 'app', { name: 'app' });
    const other = new ServiceIdentity(stack, 'other', { name: 'other' });
    db2.grantAccess(app, { userId: 'app' });
    expect(errorOf(() => db2.grantAccess(app, { userId: 'app2' }))).toBe(
      'Db2User test/orders-db2/user-app2: userId: app is already mapped to Db2 user "app" on orders-db2; an identity is one Db2 user per instance: give that user the privileges instead',
    );
    expect(errorOf(() => db2.grantAccess(other, { userId: 'app' }))).toMatch(
      /^Db2User test\/orders-db2\/user-app-\d+: userId: "app" is already the Db2 user of app on orders-db2; give each identity its own user ID$/,
    );
  });
});
