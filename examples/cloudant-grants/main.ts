// cloudant-grants: grants by role on an instance, a database and a database prefix, to a
// service ID, a trusted profile (a Kubernetes service account, no key at all) and an
// access group of people.
import type { Construct } from 'constructs';
import { AccessGroup, CloudantInstance, IbmProvider, ServiceIdentity, TrustedProfile } from 'ibm-data-guard';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';
const CLUSTER = `crn:v1:bluemix:public:containers-kubernetes:us-south:a/${ACCOUNT}:c0ffee0123456789abcd::`;

export function declare(stack: Construct): void {
  new IbmProvider(stack, 'ibm', { region: 'us-south', visibility: 'private' });
  const orders = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-south', databases: { orders: {}, 'reports-daily': {}, 'reports-monthly': {} } });

  // reporting jobs read every reports-* database, now and later
  const reporting = new ServiceIdentity(stack, 'reporting', { name: 'reporting' });
  orders.grantRead(reporting, { databasePrefix: 'reports-' });
  reporting.addApiKey('jobs', { name: 'reporting-jobs', rotationDays: 60 });

  // the orders API in Kubernetes: its pod's service account assumes the profile
  const api = new TrustedProfile(stack, 'orders-api', { name: 'orders-api', kubernetesServiceAccounts: [{ clusterCrn: CLUSTER, namespace: 'orders', serviceAccount: 'orders-api' }] });
  orders.grantWrite(api, { database: 'orders' });

  // people on call may manage the instance: Manager, allowed explicitly
  const operators = new AccessGroup(stack, 'operators', { name: 'data-operators', allowManager: true });
  operators.addUser('oncall-data@example.com');
  orders.grantManage(operators);
}
