// The replications section of environment files: what it builds, and every mistake
// pointed at its line.
import { stackFrom, stackProblemsOf } from './support/environment';
import { resourcesOf, synthJson } from './support/synth';

const ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
const OTHER_ACCOUNT_ID = 'fedcba9876543210fedcba9876543210';
const BASE = `account: { id: ${ACCOUNT_ID}, region: us-east, endpoints: public-and-private }
cloudant:
  orders:
    plan: standard-gen2
    databases: { orders: {}, audit: {} }
  replica: { plan: standard-gen2, location: eu-de }
`;

describe('replications in environment files', () => {
  test('a replication between two instances of the file, and one from an instance made elsewhere', () => {
    const stack = stackFrom(`${BASE}replications:
  orders-dr:
    source: { instance: orders, database: orders }
    target: { instance: replica, database: orders }
    continuous: false
    selector: { type: order }
  legacy-import:
    source:
      existing: { crn: "crn:v1:bluemix:public:cloudantnosqldb:us-south:a/${ACCOUNT_ID}:1b2c3d4e-0000-4000-8000-0123456789ab::", plan: standard, publicUrl: "https://legacy.example" }
      database: customers
    target: { instance: replica, database: customers }
    host: target
`);
    expect([...stack.replications.keys()]).toEqual(['orders-dr', 'legacy-import']);
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, 'ibm_iam_service_id')).map((id) => id.name).sort()).toEqual([
      'legacy-import-dev-source',
      'legacy-import-dev-target',
      'orders-dr-dev-source',
      'orders-dr-dev-target',
    ]);
    const replicaDatabases = Object.values(resourcesOf(json, 'ibm_cloudant_database')).filter((db) => String(db.instance_crn).includes('replica'));
    expect(replicaDatabases.map((db) => db.db).sort()).toEqual(['_replicator', 'customers', 'orders']);
    expect(Object.keys(json.output!.replications!.value as object)).toEqual(['legacy-import-dev', 'orders-dr-dev']);
    const orders = Object.entries(resourcesOf(json, 'terraform_data')).find(([name]) => name.startsWith('replication-orders-dr_document'))![1];
    expect((orders.triggers_replace as { document: string }).document).toContain('"continuous" = false');
    expect((orders.triggers_replace as { document: string }).document).toContain('"$and" = [{"type" = "order"}, {"_id" = {"$regex" = "^[^_]"}}]');
  });

  test('references and option mistakes are reported at their lines', () => {
    expect(
      stackProblemsOf(`${BASE}replications:
  a:
    source: { instance: ordres, database: orders }
    target: { instance: replica, existing: { crn: x, plan: standard }, database: orders }
    selector: { type: order }
    documentIds: [x]
  b:
    source:
      existing: { crn: "crn:v1:bluemix:public:cloudantnosqldb:us-south:a/${OTHER_ACCOUNT_ID}:1b2c3d4e-0000-4000-8000-0123456789ab::", plan: standard }
      database: orders
    target: { instance: replica, database: orders }
`),
    ).toEqual([
      'environments/dev.yaml:10:25: replications.a.target.instance: give either instance (a key of the cloudant section) or existing (an instance made elsewhere)',
      'environments/dev.yaml:12:18: replications.a.documentIds: cannot be combined with selector (Cloudant refuses both in one replication); use one of them',
      'environments/dev.yaml:9:25: replications.a.source.instance: "ordres" is not a Cloudant instance of this file; use one of orders, replica, or describe an instance made elsewhere under existing',
      `environments/dev.yaml:15:24: replications.b.source.existing.crn: the instance is in account ${OTHER_ACCOUNT_ID}, not this file's account ${ACCOUNT_ID}; its key must be made in its own account: declare this replication in TypeScript with identityScope (see the README), or in the other account's environment file`,
    ]);
  });

  test("the replication's own checks point at the entry's fields", () => {
    expect(
      stackProblemsOf(`${BASE}replications:
  a:
    source: { instance: orders, database: ordrs, endpoint: public }
    target: { instance: replica, database: orders }
    createTarget: true
`),
    ).toEqual([
      'environments/dev.yaml:9:43: replications.a.source.database: "ordrs" is not a database of dev/cloudant-orders (it has "orders", "audit"); add the database to the instance, or fix the name',
      "environments/dev.yaml:9:60: replications.a.source.endpoint: dev/cloudant-orders serves only private endpoints (serviceEndpoints: private); use private, or change the instance's serviceEndpoints",
      'environments/dev.yaml:11:19: replications.a.createTarget: the target instance is made by this app, so Terraform creates database "orders"; remove createTarget (it would need Manager on the target)',
    ]);
  });
});
