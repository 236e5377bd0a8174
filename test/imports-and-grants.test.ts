// Resources made elsewhere, imported the way aws-cdk imports them (fromXxx(scope, id, attrs)),
// granted on like resources of this app; and a grant other resources are ordered after.
import { AccessGroup, CloudantInstance, ResourceGroup, ServiceIdentity, TrustedProfile } from '../constructs';
import { TerraformData } from '../constructs/core/terraform-data';
import { errorOf } from './support/errors';
import { onlyResource, resourcesOf, synthJson, testStack } from './support/synth';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const GUID = '1b2c3d4e-0000-4000-8000-0123456789ab';
const CRN = `crn:v1:bluemix:public:cloudantnosqldb:us-east:a/${ACCOUNT}:${GUID}::`;
const PROFILE = 'Profile-0f1e2d3c-0000-4000-8000-0123456789ab';
const GROUP = 'AccessGroupId-0f1e2d3c-0000-4000-8000-0123456789ab';

describe('imports', () => {
  test('a trusted profile made elsewhere, by either form of its ID, is granted on by IAM ID', () => {
    const { stack } = testStack();
    const shared = CloudantInstance.fromAttributes(stack, 'shared', { crn: CRN, plan: 'standard-gen2', databaseNames: ['orders'] });
    const byId = TrustedProfile.fromAttributes(stack, 'api', { profileId: PROFILE });
    const byIamId = TrustedProfile.fromAttributes(stack, 'api2', { profileId: `iam-${PROFILE}`, name: 'orders-api' });
    expect([byId.profileId, byId.iamId, byIamId.profileId, byIamId.displayName]).toEqual([PROFILE, `iam-${PROFILE}`, PROFILE, 'orders-api']);
    shared.grantRead(byId, { database: 'orders' });
    expect(onlyResource(synthJson(stack), 'ibm_iam_trusted_profile_policy')).toMatchObject({ iam_id: `iam-${PROFILE}`, roles: ['Reader'], resources: { resource_instance_id: GUID, resource_type: 'database', resource: 'orders' } });
  });

  test('an access group made elsewhere is granted on by its ID', () => {
    const { stack } = testStack();
    const shared = CloudantInstance.fromAttributes(stack, 'shared', { crn: CRN, plan: 'standard-gen2' });
    const operators = AccessGroup.fromAttributes(stack, 'operators', { accessGroupId: GROUP, allowManager: true });
    shared.grantManage(operators);
    expect(onlyResource(synthJson(stack), 'ibm_iam_access_group_policy')).toMatchObject({ access_group_id: GROUP, roles: ['Manager'] });
  });

  test('imports refuse IDs of the wrong kind, with where to find the right one', () => {
    const { stack } = testStack();
    expect(errorOf(() => TrustedProfile.fromAttributes(stack, 'api', { profileId: 'ServiceId-0f1e2d3c-0000-4000-8000-0123456789ab' }))).toBe(
      'TrustedProfile.fromAttributes test/api: profileId: "ServiceId-0f1e2d3c-0000-4000-8000-0123456789ab" is not a trusted profile ID; expected Profile-<uuid> or iam-Profile-<uuid> (ibmcloud iam trusted-profile <name> shows it)',
    );
    expect(errorOf(() => AccessGroup.fromAttributes(stack, 'ops', { accessGroupId: 'operators' }))).toBe(
      'AccessGroup.fromAttributes test/ops: accessGroupId: "operators" is not an access group ID; expected a literal AccessGroupId-<uuid> (ibmcloud iam access-group <name> --id shows it); for a group made in this app, pass the AccessGroup itself',
    );
  });

  test('a resource group by ID is a construct like one by name', () => {
    const { stack } = testStack();
    const group = ResourceGroup.fromId(stack, 'rg', '4f3e2d1c0b0a49988776655443322110');
    expect([group.node.path, group.resourceGroupId]).toEqual(['test/rg', '4f3e2d1c0b0a49988776655443322110']);
    const byName = ResourceGroup.fromName(stack, 'rg-name', 'data-prod');
    new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', resourceGroup: byName });
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_cloudant').resource_group_id).toBe(`\${data.ibm_resource_group.${Object.keys(json.data!.ibm_resource_group!)[0]}.id}`);
  });
});

describe('a grant others are ordered after', () => {
  test('applyBefore makes a resource of the same stack depend on the policy; one in another stack is left alone', () => {
    const { stack } = testStack();
    const instance = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-east', databases: { orders: {} } });
    const app1 = new ServiceIdentity(stack, 'app', { name: 'app' });
    const grant = instance.grantWrite(app1, { database: 'orders' });
    const loader = new TerraformData(stack, 'loader', {});
    const elsewhere = new TerraformData(testStack('other').stack, 'elsewhere', {});
    grant.applyBefore(loader, elsewhere);
    const policy = Object.keys(resourcesOf(synthJson(stack), 'ibm_iam_service_policy'))[0];
    expect(onlyResource(synthJson(stack), 'terraform_data').depends_on).toEqual([`ibm_iam_service_policy.${policy}`]);
    expect(elsewhere.dependsOn).toBeUndefined();
  });
});
