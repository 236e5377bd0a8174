// Db2 in environment files: the db2 section and identities' db2 entries, what they build,
// and every mistake pointed at its file, line and field.
import { stackFrom, stackProblemsOf } from './support/environment';
import { annotations, onlyResource, resourcesOf, synthJson, synthText } from './support/synth';

const BASE = `account: { id: 0123456789abcdef0123456789abcdef, region: us-south }
db2:
  ledger:
    backupLocation: us
`;

describe('Db2 in environment files', () => {
  test('an instance named after its key and environment, and a service ID mapped to a Db2 user with privileges', () => {
    const stack = stackFrom(`${BASE}identities:
  orders-app:
    kind: serviceId
    db2:
      - instance: ledger
        userId: ordersapp
        privileges:
          schemas: { LEDGER: [SELECT, INSERT] }
          tables: { REPORTING.TOTALS: [SELECT] }
          roles: [REPORT_READER]
`);
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_db2')).toEqual({
      name: 'ledger-dev',
      service: 'dashdb-for-transactions',
      plan: 'performance',
      location: 'us-south',
      high_availability: 'yes',
      backup_location: 'us',
      service_endpoints: 'public-and-private',
      timeouts: { create: '720m' },
      lifecycle: { prevent_destroy: true },
    });
    const entry = (json.output!.db2_users!.value as Record<string, { grant_sql: string }>)['ledger-dev/ordersapp']!;
    expect(entry.grant_sql).toBe(
      [
        '-- Db2 user ordersapp (service ID orders-app-dev) on ledger-dev, declared with ibm-data-guard',
        'GRANT SELECTIN, INSERTIN ON SCHEMA LEDGER TO USER ORDERSAPP;',
        'GRANT SELECT ON TABLE REPORTING.TOTALS TO USER ORDERSAPP;',
        'GRANT ROLE REPORT_READER TO USER ORDERSAPP;',
      ].join('\n'),
    );
    expect(Object.keys(resourcesOf(json, 'terraform_data')).length).toBe(2);
  });

  test('private endpoints by default where the stack\'s Terraform runs inside IBM Cloud (account.endpoints: private)', () => {
    const json = synthJson(stackFrom(BASE.replace('region: us-south }', 'region: us-south, endpoints: private }')));
    expect(onlyResource(json, 'ibm_db2').service_endpoints).toBe('private');
  });

  test('the bad inputs are refused at their lines, before anything is built', () => {
    expect(
      stackProblemsOf(`account: { id: 0123456789abcdef0123456789abcdef, region: us-south }
db2:
  old:
    plan: standard
  far:
    location: kr-seo
identities:
  orders-app:
    kind: serviceId
    db2:
      - instance: ledger
        userId: OrdersApp
      - instance: old
        userId: admin
        role: bluadmin
      - instance: far
        userId: reports
        privileges:
          schemas: { SYSIBM: [SELECT], "bad-name": [SELECT] }
          tables: { ORDERS.ITEMS: [DROP] }
`),
    ).toEqual([
      'environments/dev.yaml:4:11: db2.old.plan: "standard" is deprecated: IBM asks Standard customers to migrate to the Performance plan before 16 October 2026, and all new deployments use Performance (https://cloud.ibm.com/docs/db2-saas?topic=db2-saas-about); use plan performance',
      'environments/dev.yaml:6:15: db2.far.location: "kr-seo" is not a region of the Db2 Performance plan; use one of us-south, us-east, au-syd, br-sao, ca-tor, eu-de, eu-es, eu-gb, jp-tok',
      'environments/dev.yaml:12:17: identities.orders-app.db2.0.userId: "OrdersApp" is not a Db2 user ID; use at most 20 characters of lowercase a-z, 0-9, . @ _ -, not starting with a digit or _ (for example "ordersapp")',
      'environments/dev.yaml:15:15: identities.orders-app.db2.1.role: bluadmin administers the whole database (every table, every user); use bluuser with privileges, or set unsafeAllowBluadmin: true if this identity really must',
      'environments/dev.yaml:19:30: identities.orders-app.db2.2.privileges.schemas.SYSIBM: "SYSIBM" is a Db2 system schema (SYS…), on which privileges are Db2\'s own to give; name an application schema',
      'environments/dev.yaml:19:52: identities.orders-app.db2.2.privileges.schemas.bad-name: "bad-name" is not a schema name; use a letter, then up to 127 letters, digits and _ (Db2 folds it to upper case)',
      'environments/dev.yaml:20:36: identities.orders-app.db2.2.privileges.tables.ORDERS.ITEMS.0: "DROP" is not a privilege this library grants; use SELECT, INSERT, UPDATE, DELETE (anything wider, such as CONTROL or ALTER, is for a DBA)',
      'environments/dev.yaml:11:19: identities.orders-app.db2.0.instance: "ledger" is not a Db2 instance of this file; use one of old, far',
    ]);
  });

  test('a trusted profile cannot be a Db2 user: the file says why, at the entry', () => {
    expect(
      stackProblemsOf(`${BASE}identities:
  api:
    kind: trustedProfile
    kubernetesServiceAccounts:
      - { clusterCrn: "crn:v1:bluemix:public:containers-kubernetes:us-south:a/0123456789abcdef0123456789abcdef:c0ffee0123456789abcd::", namespace: orders, serviceAccount: api }
    db2:
      - { instance: ledger, userId: api }
`),
    ).toEqual([
      "environments/dev.yaml:11:9: identities.api.db2.0.identity: a trusted profile cannot be a Db2 user: IBM documents the Db2 user's IBMid field for IBMids and service IDs only; map a service ID",
    ]);
  });

  test('bluadmin with the opt-in builds; production refuses it at synth unless a suppression gives the reason', () => {
    const text = `${BASE}identities:
  owner:
    kind: serviceId
    db2:
      - { instance: ledger, userId: owner, role: bluadmin, unsafeAllowBluadmin: true }
`;
    const dev = stackFrom(text, 'dev');
    expect(() => synthText(dev)).not.toThrow();
    expect(annotations(dev, '@cdktf/warn')).toEqual([expect.stringMatching(/^dev\/db2-ledger\/user-owner\/user: IBM-DB2-4 terraform_data\.db2-ledger_user-owner_user_[0-9A-F]{8}: a service ID is a bluadmin Db2 user: it administers the whole database: Db2 user owner is created as bluadmin\. Fix: /)]);
    expect(() => synthText(stackFrom(text, 'prod'))).toThrow(/^synthesis produced errors:\nprod\/db2-ledger\/user-owner\/user: IBM-DB2-4 /);
    const suppressed = `${text}guardrails:\n  suppressions:\n    - { rule: IBM-DB2-4, entry: identities.owner.db2.0, reason: the schema migration job owns the database }\n`;
    expect(() => synthText(stackFrom(suppressed, 'prod'))).not.toThrow();
  });
});
