// Terraform's own data-plane calls: the IBM provider reaches an instance's databases
// through the URL its visibility picks, so a stack whose provider cannot reach the endpoint
// the instance takes requests on is refused at synth.
import { App, TerraformStack, Testing } from '../constructs/core/cdktf';
import { IbmProvider } from '../constructs/core/ibm-bindings';
import { DataPlaneAccess } from '../constructs/cloudant/data-plane';
import { CloudantInstance, CloudantInstanceProps } from '../constructs/cloudant/instance';
import { ReplicatorDatabase } from '../constructs/cloudant/replicator-database';
import { CloudantNetworkRule } from '../constructs/network/cloudant-network-rule';
import { NetworkZone } from '../constructs/network/network-zone';
import { ZoneAddress } from '../constructs/network/zone-address';
import { buildEnvironments, EnvironmentError } from '../environment';
import { directoryWith } from './support/environment';
import { errorOf } from './support/errors';
import { synthJson } from './support/synth';

const ACCOUNT = '0123456789abcdef0123456789abcdef';

function stackWith(visibility: string | undefined, props: Partial<CloudantInstanceProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'data');
  new IbmProvider(stack, 'ibm', { region: 'us-east', visibility });
  const instance = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', databases: { orders: {} }, ...props });
  return { stack, instance };
}

const PRIVATE_ONLY =
  '[data/orders/db-orders] Terraform creates, reads and deletes database "orders" through the data plane of data/orders, and the IBM provider data/ibm uses its public endpoint (visibility not set, so public), but data/orders serves only private endpoints, so every refresh fails; set visibility to "private" or "public-and-private" on the provider (account.endpoints in an environment file) and run Terraform where the private endpoints are reachable, or, when the machine that runs Terraform reaches it another way, say how with DataPlaneAccess.declare(stack, reason) (account.dataPlaneAccess in an environment file)';

describe('Terraform reaching the data plane of the instances it manages databases in', () => {
  test('a private-only instance with a database, under a provider with public visibility, fails the synth', () => {
    expect(() => synthJson(stackWith(undefined).stack)).toThrow(PRIVATE_ONLY);
    expect(() => synthJson(stackWith('public').stack)).toThrow('the IBM provider data/ibm uses its public endpoint (visibility "public"), but data/orders serves only private endpoints');
  });

  test.each(['private', 'public-and-private'])('visibility %s reaches a private-only instance', (visibility) => {
    expect(() => synthJson(stackWith(visibility).stack)).not.toThrow();
  });

  test('a public-only Gen 1 instance under visibility private fails the synth, as the provider would', () => {
    const { stack } = stackWith('private', { plan: 'standard' });
    expect(() => synthJson(stack)).toThrow(
      '[data/orders/db-orders] Terraform creates, reads and deletes database "orders" through the data plane of data/orders, and the IBM provider data/ibm uses private endpoints only (visibility "private"), but data/orders serves only public endpoints, so the provider fails with "Unable to get private URL"; set visibility to "public-and-private" (private where an instance has it, public elsewhere), or, when the machine that runs Terraform reaches it another way, say how with DataPlaneAccess.declare(stack, reason) (account.dataPlaneAccess in an environment file)',
    );
    expect(() => synthJson(stackWith('public-and-private', { plan: 'standard' }).stack)).not.toThrow();
  });

  test('an enabled rule that allows no public context needs the private endpoint, even on an instance that serves both', () => {
    const { stack, instance } = stackWith('public', { serviceEndpoints: 'public-and-private' });
    const vpc = new NetworkZone(stack, 'vpc', { accountId: ACCOUNT, name: 'vpc', addresses: [ZoneAddress.subnet('10.10.0.0/16')] });
    const rule = new CloudantNetworkRule(stack, 'rule', { instance, allow: [{ zones: [vpc], endpointTypes: ['private'] }] });
    expect(() => synthJson(stack)).toThrow('[data/orders/db-orders] Terraform creates, reads and deletes database "orders" through the data plane of data/orders, and the IBM provider data/ibm uses its public endpoint (visibility "public"), but the enabled rule data/rule allows no request on data/orders\'s public endpoint, so every refresh fails');
    rule.allow([vpc], ['public']);
    expect(() => synthJson(stack)).not.toThrow();
  });

  test('a disabled rule restricts nothing yet', () => {
    const { stack, instance } = stackWith('public', { serviceEndpoints: 'public-and-private' });
    const vpc = new NetworkZone(stack, 'vpc', { accountId: ACCOUNT, name: 'vpc', addresses: [ZoneAddress.subnet('10.10.0.0/16')] });
    new CloudantNetworkRule(stack, 'rule', { instance, enforcement: 'disabled', allow: [{ zones: [vpc], endpointTypes: ['private'] }] });
    expect(() => synthJson(stack)).not.toThrow();
  });

  test('_replicator is checked like any database', () => {
    const { stack, instance } = stackWith('private', { plan: 'standard', databases: {} });
    ReplicatorDatabase.of(instance);
    expect(() => synthJson(stack)).toThrow('[data/orders/replicator-database] Terraform creates, reads and deletes database "_replicator" through the data plane of data/orders');
  });

  test('an instance made elsewhere with only a private URL needs the private endpoint', () => {
    const stack = new TerraformStack(Testing.app(), 'data');
    new IbmProvider(stack, 'ibm', { region: 'us-east' });
    const shared = CloudantInstance.fromAttributes(stack, 'shared', {
      crn: `crn:v1:bluemix:public:cloudantnosqldb:us-east:a/${ACCOUNT}:1b2c3d4e-0000-4000-8000-0123456789ab::`,
      plan: 'standard-gen2',
      privateUrl: 'https://1b2c3d4e.private.cloudant.example',
    });
    ReplicatorDatabase.of(shared);
    expect(() => synthJson(stack)).toThrow('the IBM provider data/ibm uses its public endpoint (visibility not set, so public), but data/shared serves only private endpoints, so every refresh fails');
  });

  test('a stack that says how Terraform reaches the data plane is trusted, with its reason', () => {
    const { stack } = stackWith(undefined);
    const access = DataPlaneAccess.declare(stack, 'CI sets IBMCLOUD_VISIBILITY=private for this stack');
    expect(access.reason).toBe('CI sets IBMCLOUD_VISIBILITY=private for this stack');
    expect(() => synthJson(stack)).not.toThrow();
  });

  test('a declaration needs a reason, once per stack', () => {
    const { stack } = stackWith(undefined);
    expect(errorOf(() => DataPlaneAccess.declare(stack, 'vpn'))).toBe(
      'DataPlaneAccess data: reason: "vpn" is too short to explain anything; say how Terraform reaches the data plane in at least 10 characters',
    );
    DataPlaneAccess.declare(stack, 'runner in the VPC, IBMCLOUD_VISIBILITY=private');
    expect(errorOf(() => DataPlaneAccess.declare(stack, 'again, with another reason'))).toBe('DataPlaneAccess data: is declared twice for this stack; declare it once');
  });
});

describe('in environment files', () => {
  const file = (account: string) => `account:
  id: ${ACCOUNT}
  region: us-east
${account}cloudant:
  orders:
    plan: standard-gen2
    databases:
      orders: {}
`;

  test('the problem points at the instance entry, with the setting to change', () => {
    let error: unknown;
    try {
      buildEnvironments(new App({ outdir: directoryWith({}), skipValidation: true }), directoryWith({ 'dev.yaml': file('') }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).problems).toEqual([
      {
        path: ['cloudant', 'orders'],
        file: expect.stringMatching(/dev\.yaml$/),
        line: 6,
        column: 5,
        field: 'cloudant.orders',
        message:
          'Terraform creates, reads and deletes database "orders" through the data plane of dev/cloudant-orders, and the IBM provider dev/ibm uses its public endpoint (visibility not set, so public), but dev/cloudant-orders serves only private endpoints, so every refresh fails; set visibility to "private" or "public-and-private" on the provider (account.endpoints in an environment file) and run Terraform where the private endpoints are reachable, or, when the machine that runs Terraform reaches it another way, say how with DataPlaneAccess.declare(stack, reason) (account.dataPlaneAccess in an environment file)',
      },
    ]);
  });

  test.each([
    ['account.endpoints', '  endpoints: private\n'],
    ['account.dataPlaneAccess', '  dataPlaneAccess: CI sets IBMCLOUD_VISIBILITY=private\n'],
  ])('%s settles it', (_field, line) => {
    const [stack] = buildEnvironments(new App({ outdir: directoryWith({}), skipValidation: true }), directoryWith({ 'dev.yaml': file(line) }));
    expect(() => synthJson(stack!)).not.toThrow();
  });
});
