// basic: one IAM-only Cloudant instance, one database, one application identity that
// writes to it with a key that rotates. Everything else is the constructs' defaults:
// private endpoints, prevent_destroy, data events, legacy credentials off.
import type { Construct } from 'constructs';
import { CloudantInstance, IbmProvider, ServiceIdentity } from 'ibm-data-guard';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';

export function declare(stack: Construct): void {
  // Terraform runs where the instance's private endpoint is reachable (a VPC, or IBM's private network)
  new IbmProvider(stack, 'ibm', { region: 'us-south', visibility: 'private' });
  const orders = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-south', databases: { orders: {} } });
  const app = new ServiceIdentity(stack, 'orders-app', { name: 'orders-app' });
  orders.grantWrite(app, { database: 'orders' });
  app.addApiKey('key', { name: 'orders-app', rotationDays: 30 });
}
