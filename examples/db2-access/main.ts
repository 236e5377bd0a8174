// db2-access: a Db2 on Cloud instance (Performance plan) and an application's service ID
// mapped to a Db2 user with schema privileges, reached with its API key (never a password).
import type { Construct } from 'constructs';
import { Db2Instance, IbmProvider, ServiceIdentity } from 'ibm-data-guard';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';

export function declare(stack: Construct): void {
  new IbmProvider(stack, 'ibm', { region: 'us-south' });
  const ledger = new Db2Instance(stack, 'ledger', { name: 'ledger', location: 'us-south', backupLocation: 'us' });
  const app = new ServiceIdentity(stack, 'orders-app', { name: 'orders-app' });
  app.addApiKey('key', { name: 'orders-app', rotationDays: 30 });
  ledger.grantAccess(app, { userId: 'ordersapp', privileges: { schemas: { LEDGER: ['SELECT', 'INSERT', 'UPDATE'] } } });
}
