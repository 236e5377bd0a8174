// network-lockdown: the instance answers only its VPC (an enabled CBR rule on the data
// plane's private endpoint), and IAM issues tokens only to the deployers and that VPC
// (the account's IP allowlist, with the other account settings at their secure values).
import type { Construct } from 'constructs';
import { AccountSecurity, CloudantInstance, CloudantNetworkRule, IamIpAllowlist, IbmProvider, NetworkZone, ServiceIdentity, ZoneAddress } from 'ibm-data-guard';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';

export function declare(stack: Construct): void {
  new IbmProvider(stack, 'ibm', { region: 'us-east', visibility: 'private' });
  const orders = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', databases: { orders: {} } });
  const app = new ServiceIdentity(stack, 'orders-app', { name: 'orders-app' });
  orders.grantWrite(app, { database: 'orders' });
  app.addApiKey('key', { name: 'orders-app', rotationDays: 30 });

  const vpc = new NetworkZone(stack, 'orders-vpc', {
    accountId: ACCOUNT,
    name: 'orders-vpc',
    addresses: [ZoneAddress.vpc(`crn:v1:bluemix:public:is:us-east:a/${ACCOUNT}::vpc:r014-0c1d2e3f-4a5b-4c6d-8e7f-0123456789ab`)],
  });
  new CloudantNetworkRule(stack, 'orders-rule', { instance: orders, enforcement: 'enabled', allow: [{ zones: [vpc], endpointTypes: ['private'] }] });

  const allowlist = new IamIpAllowlist(stack, 'allowlist', { accountId: ACCOUNT, deployerAddresses: ['203.0.113.16/29'], zones: [vpc] });
  new AccountSecurity(stack, 'account', { accountId: ACCOUNT, ipAllowlist: allowlist });
}
