// complete: every piece together, as a production stack: Cloudant locked to its VPC,
// grants by database and prefix, a cross-region replication, Db2 access for the same
// application, the IAM allowlist and account settings, and the guardrails in production.
import type { Construct } from 'constructs';
import {
  AccountSecurity,
  CloudantInstance,
  CloudantNetworkRule,
  CloudantReplication,
  Db2Instance,
  IamIpAllowlist,
  IbmProvider,
  NetworkZone,
  ServiceIdentity,
  ZoneAddress,
} from 'ibm-data-guard';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';

export function declare(stack: Construct): void {
  new IbmProvider(stack, 'ibm', { region: 'us-east', visibility: 'private' });
  const orders = new CloudantInstance(stack, 'orders', { name: 'orders-prod', plan: 'standard-gen2', location: 'us-east', capacity: 2, databases: { orders: { partitioned: true }, 'reports-daily': {} } });
  const replica = new CloudantInstance(stack, 'replica', { name: 'orders-replica-prod', plan: 'standard-gen2', location: 'eu-de', capacity: 2 });

  const app = new ServiceIdentity(stack, 'orders-app', { name: 'orders-app-prod' });
  orders.grantWrite(app, { database: 'orders' });
  app.addApiKey('key', { name: 'orders-app-prod', rotationDays: 30, expiryGraceDays: 14 });
  const reporting = new ServiceIdentity(stack, 'reporting', { name: 'reporting-prod' });
  orders.grantRead(reporting, { databasePrefix: 'reports-' });
  reporting.addApiKey('jobs', { name: 'reporting-prod-jobs', rotationDays: 60 });

  new CloudantReplication(stack, 'orders-dr', { name: 'orders-dr-prod', source: { instance: orders, database: 'orders' }, target: { instance: replica, database: 'orders' }, keyRotationDays: 30 });

  const ledger = new Db2Instance(stack, 'ledger', { name: 'ledger-prod', location: 'us-east', serviceEndpoints: 'private', backupLocation: 'us' });
  ledger.grantAccess(app, { userId: 'ordersapp', privilegesBy: 'dba', privileges: { schemas: { LEDGER: ['SELECT', 'INSERT', 'UPDATE'] } } });

  const vpc = new NetworkZone(stack, 'orders-vpc', { accountId: ACCOUNT, name: 'orders-vpc', addresses: [ZoneAddress.vpc(`crn:v1:bluemix:public:is:us-east:a/${ACCOUNT}::vpc:r014-0c1d2e3f-4a5b-4c6d-8e7f-0123456789ab`)] });
  for (const [id, instance] of [['orders-rule', orders], ['replica-rule', replica]] as const) {
    new CloudantNetworkRule(stack, id, { instance, enforcement: 'enabled', allow: [{ zones: [vpc], endpointTypes: ['private'] }] });
  }
  const allowlist = new IamIpAllowlist(stack, 'allowlist', { accountId: ACCOUNT, deployerAddresses: ['203.0.113.16/29'], zones: [vpc] });
  new AccountSecurity(stack, 'account', { accountId: ACCOUNT, ipAllowlist: allowlist });
}
