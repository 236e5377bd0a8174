// replication: orders copied to an instance in another region, pulled by the target, with
// one least-privilege key per side (Reader + Checkpointer on the source database, Writer
// on the target) and the _replicator document written by Terraform.
import type { Construct } from 'constructs';
import { CloudantInstance, CloudantReplication, IbmProvider } from 'ibm-data-guard';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';

export function declare(stack: Construct): void {
  new IbmProvider(stack, 'ibm', { region: 'us-east', visibility: 'public-and-private' });
  const orders = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', serviceEndpoints: 'public-and-private', databases: { orders: { partitioned: true } } });
  const replica = new CloudantInstance(stack, 'replica', { name: 'orders-replica', plan: 'standard-gen2', location: 'eu-de', serviceEndpoints: 'public-and-private' });
  new CloudantReplication(stack, 'orders-dr', {
    name: 'orders-dr',
    source: { instance: orders, database: 'orders' },
    target: { instance: replica, database: 'orders' },
    keyRotationDays: 30,
  });
}
