// The remaining refusals of the IAM constructs, grants and identities section, each by exact message.
import { AccessGroup, CloudantInstance, ServiceIdentity, TrustedProfile } from '../constructs';
import { Fn } from '../constructs/core/cdktf';
import { LegacySecurityError, migrateLegacySecurity } from '../environment';
import { stackProblemsOf } from './support/environment';
import { errorOf } from './support/errors';
import { testStack } from './support/synth';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const SM_GUID = '5a5b5c5d-0000-4000-8000-0123456789ab';

describe('refusals', () => {
  test('a service ID made elsewhere given as a Terraform reference', () => {
    const { stack } = testStack();
    expect(errorOf(() => ServiceIdentity.fromAttributes(stack, 'x', { serviceId: Fn.upper('ServiceId-x') }))).toBe(
      'ServiceIdentity.fromAttributes test/x: serviceId: must be a literal ServiceId-… or iam-ServiceId-… value; for a service ID made in this app, pass the ServiceIdentity itself',
    );
  });

  test('Code Engine links and claim rule types', () => {
    const { stack } = testStack();
    const message = errorOf(
      () =>
        new TrustedProfile(stack, 'p', {
          name: 'p',
          codeEngineComponents: [{ projectCrn: 'crn:v1:bluemix:public:is:us-east:a/1:x::', componentType: 'build' as 'job', componentName: 'Nightly' }],
          claimRules: [{ name: 'r', computeResourceType: 'K8S' as 'CE', conditions: [{ claim: 'name', operator: 'EQUALS', value: '"x"' }] }],
        }),
    );
    expect(message.split('\n')).toEqual([
      'TrustedProfile test/p: codeEngineComponents.0.projectCrn: "crn:v1:bluemix:public:is:us-east:a/1:x::" is not the CRN of a Code Engine project; expected crn:v1:<cloud>:<type>:codeengine:<region>:a/<account>:<id>::',
      'TrustedProfile test/p: codeEngineComponents.0.componentType: "build" is not a Code Engine component type; use application or job',
      'TrustedProfile test/p: codeEngineComponents.0.componentName: "Nightly" is not a Code Engine component name; use lowercase letters, digits and -',
      'TrustedProfile test/p: claimRules.0.computeResourceType: "K8S" is not a compute resource type; use one of VSI, BMS, IKS_SA, ROKS_SA, CE',
    ]);
  });

  test('a user added twice after the group is made', () => {
    const { stack } = testStack();
    const group = new AccessGroup(stack, 'ops', { name: 'ops', users: ['ana@example.com'] });
    expect(errorOf(() => group.addUser('ana@example.com'))).toBe('AccessGroup test/ops: users: "ana@example.com" is listed twice');
  });

  test('unknown role sets, and databases or prefixes given as references', () => {
    const { stack } = testStack();
    const instance = new CloudantInstance(stack, 'cloudant', { name: 'c', plan: 'standard-gen2', location: 'us-east' });
    const app = new ServiceIdentity(stack, 'app', { name: 'app' });
    const subject = 'grant on Cloudant instance cloudant to service ID "app"';
    expect(errorOf(() => instance.grants.roleSets(app, ['readonly' as 'reader']))).toBe(
      `${subject}: roles: "readonly" is not a role set; use one of reader, writer, manager, monitor, checkpointer, replication-source, replication-target`,
    );
    expect(errorOf(() => instance.grantRead(app, { database: Fn.lower('Orders') }))).toBe(
      `${subject}: database: must be a literal database name: the IAM policy names the database, and the grant is checked against the instance`,
    );
    expect(errorOf(() => instance.grantRead(app, { databasePrefix: Fn.lower('R') }))).toBe(`${subject}: databasePrefix: must be a literal prefix`);
  });

  test('a Secrets Manager region or secret group that is not one', () => {
    const { stack } = testStack();
    const app = new ServiceIdentity(stack, 'app', { name: 'app' });
    expect(errorOf(() => app.addSecretsManagerApiKey('k', { name: 'key', secretsManagerGuid: SM_GUID, secretsManagerRegion: 'US East', secretGroupId: 'group-1' })).split('\n')).toEqual([
      'SecretsManagerApiKey test/app/k: secretsManagerRegion: "US East" is not an IBM Cloud region; did you mean "us-east"? use one of au-syd, br-sao, ca-mon, ca-tor, eu-de, eu-es, eu-gb, in-che, jp-osa, jp-tok, kr-seo, us-east, us-south (or a data center: che01, mil01, mon01)',
      'SecretsManagerApiKey test/app/k: secretGroupId: "group-1" is not a secret group ID; use the group\'s UUID or default',
    ]);
  });

  test('environment files: IAM-key options on a Secrets Manager key, a database and a prefix together, a bad SM GUID', () => {
    const base = `account: { id: ${ACCOUNT}, region: us-east }\ncloudant:\n  orders: { plan: standard-gen2, databases: { orders: {} } }\n`;
    // the grant's own rule, checked once by the grant when the stack is built
    expect(
      stackProblemsOf(`${base}identities:
  app:
    kind: serviceId
    grants: [{ instance: orders, database: orders, databasePrefix: ord, roles: reader }]
`),
    ).toEqual(['environments/dev.yaml:7:68: identities.app.grants.0.databasePrefix: give either database or databasePrefix, not both']);
    expect(
      stackProblemsOf(`${base}identities:
  app:
    kind: serviceId
    grants: [{ instance: orders, database: orders, roles: reader }]
    keys:
      sm: { secretsManager: { guid: not-a-guid }, expiryGraceDays: 3, output: true }
`),
    ).toEqual([
      'environments/dev.yaml:9:68: identities.app.keys.sm.expiryGraceDays: Secrets Manager decides when its keys expire (ttlSeconds); remove expiryGraceDays',
      'environments/dev.yaml:9:79: identities.app.keys.sm.output: a Secrets Manager key is read from Secrets Manager, not from Terraform; remove output',
      'environments/dev.yaml:9:37: identities.app.keys.sm.secretsManager.guid: "not-a-guid" is not a GUID; pass the Secrets Manager instance GUID (the 8-4-4-4-12 part of its CRN)',
    ]);
  });

  test('legacy _security documents with malformed sections', () => {
    const options = { instance: 'orders', database: 'orders', source: 's.json' };
    expect(() => migrateLegacySecurity({ cloudant: ['_reader'] }, options)).toThrow(new LegacySecurityError('s.json', 'cloudant: expected an object of <name>: [roles]'));
    expect(() => migrateLegacySecurity({ members: { names: 'app' } }, options)).toThrow(new LegacySecurityError('s.json', 'members.names: expected a list of user names'));
  });
});
