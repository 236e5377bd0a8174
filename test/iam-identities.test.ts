// Service IDs, trusted profiles and access groups: the resources, the ID forms, the refusals.
import { AccessGroup, ServiceIdentity, TrustedProfile } from '../constructs';
import { TerraformOutput } from '../constructs/core/cdktf';
import { onlyResource, resourcesOf, synthJson, testStack } from './support/synth';
import { errorOf } from './support/errors';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const CLUSTER = `crn:v1:bluemix:public:containers-kubernetes:us-east:a/${ACCOUNT}:c0ffee0123456789abcd::`;
const PROJECT = `crn:v1:bluemix:public:codeengine:us-east:a/${ACCOUNT}:5a5b5c5d-0000-4000-8000-0123456789ab::`;
const VSI = `crn:v1:bluemix:public:is:us-east-1:a/${ACCOUNT}::instance:0717-aaaa-bbbb`;

describe('ServiceIdentity', () => {
  test('makes one ibm_iam_service_id and exposes both ID forms as references', () => {
    const { stack } = testStack();
    const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
    new TerraformOutput(stack, 'iam_id', { value: app.iamId });
    new TerraformOutput(stack, 'service_id', { value: app.serviceId });
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_iam_service_id')).toEqual({ name: 'orders-app', description: 'Application identity managed by ibm-data-guard' });
    expect(json.output?.iam_id?.value).toBe('${ibm_iam_service_id.app_735A5B53.iam_id}');
    expect(json.output?.service_id?.value).toBe('${ibm_iam_service_id.app_735A5B53.id}');
    expect(app.allowManager).toBe(false);
  });

  test('refuses an empty name', () => {
    const { stack } = testStack();
    expect(errorOf(() => new ServiceIdentity(stack, 'app', { name: ' ' }))).toBe('ServiceIdentity test/app: name: the name is empty; give the identity a name that says what uses it');
  });
});

describe('TrustedProfile', () => {
  test('links a Kubernetes service account, a Code Engine app and a VPC instance, and adds claim rules', () => {
    const { stack } = testStack();
    new TrustedProfile(stack, 'api', {
      name: 'orders-api',
      kubernetesServiceAccounts: [
        { clusterCrn: CLUSTER, namespace: 'orders', serviceAccount: 'orders-api' },
        { clusterCrn: CLUSTER, namespace: 'batch', serviceAccount: 'loader', openshift: true },
      ],
      codeEngineComponents: [{ projectCrn: PROJECT, componentType: 'job', componentName: 'nightly' }],
      vpcInstanceCrns: [VSI],
      claimRules: [{ name: 'prod-vsis', computeResourceType: 'VSI', conditions: [{ claim: 'tags', operator: 'CONTAINS', value: '"env:prod"' }] }],
    });
    const json = synthJson(stack);
    const profile = '${ibm_iam_trusted_profile.api_C8550315.id}';
    const links = Object.values(resourcesOf(json, 'ibm_iam_trusted_profile_link'));
    expect(links).toHaveLength(4);
    expect(links).toEqual(expect.arrayContaining([
      { profile_id: profile, cr_type: 'IKS_SA', link: { crn: CLUSTER, namespace: 'orders', name: 'orders-api' } },
      { profile_id: profile, cr_type: 'ROKS_SA', link: { crn: CLUSTER, namespace: 'batch', name: 'loader' } },
      { profile_id: profile, cr_type: 'CE', link: { crn: PROJECT, component_type: 'job', component_name: 'nightly' } },
      { profile_id: profile, cr_type: 'VSI', link: { crn: VSI } },
    ]));
    expect(onlyResource(json, 'ibm_iam_trusted_profile_claim_rule')).toEqual({
      profile_id: profile,
      type: 'Profile-CR',
      cr_type: 'VSI',
      name: 'prod-vsis',
      conditions: [{ claim: 'tags', operator: 'CONTAINS', value: '"env:prod"' }],
    });
  });

  test('refuses wrong CRNs, bad Kubernetes names, bad claim rules and duplicate links, all at once', () => {
    const { stack } = testStack();
    const message = errorOf(
      () =>
        new TrustedProfile(stack, 'api', {
          name: 'orders-api',
          kubernetesServiceAccounts: [{ clusterCrn: PROJECT, namespace: 'Orders', serviceAccount: 'orders_api' }],
          vpcInstanceCrns: [CLUSTER],
          claimRules: [{ name: 'r', computeResourceType: 'VSI', conditions: [{ claim: 'tags', operator: 'LIKE' as 'IN', value: 'env:prod' }] }],
        }),
    );
    expect(message.split('\n')).toEqual([
      `TrustedProfile test/api: kubernetesServiceAccounts.0.clusterCrn: "${PROJECT}" is not the CRN of an IKS or OpenShift cluster; expected crn:v1:<cloud>:<type>:containers-kubernetes:<region>:a/<account>:<id>::`,
      'TrustedProfile test/api: kubernetesServiceAccounts.0.namespace: "Orders" is not a Kubernetes namespace name; use at most 63 lowercase letters, digits and -',
      'TrustedProfile test/api: kubernetesServiceAccounts.0.serviceAccount: "orders_api" is not a Kubernetes service account name; use lowercase letters, digits, - and .',
      `TrustedProfile test/api: vpcInstanceCrns.0: "${CLUSTER}" is not the CRN of a VPC instance; expected crn:v1:<cloud>:<type>:is:<region>:a/<account>::instance:<id>`,
      'TrustedProfile test/api: claimRules.0.conditions.0.operator: "LIKE" is not a claim operator; use one of EQUALS, NOT_EQUALS, EQUALS_IGNORE_CASE, NOT_EQUALS_IGNORE_CASE, CONTAINS, IN',
      'TrustedProfile test/api: claimRules.0.conditions.0.value: "env:prod" is not JSON; IAM takes the value JSON-encoded, for example "\\"prod\\""',
    ]);
    const other = testStack();
    const profile = new TrustedProfile(other.stack, 'api', { name: 'p', kubernetesServiceAccounts: [{ clusterCrn: CLUSTER, namespace: 'a', serviceAccount: 'b' }] });
    expect(errorOf(() => profile.linkKubernetesServiceAccount({ clusterCrn: CLUSTER, namespace: 'a', serviceAccount: 'b' }))).toBe(
      'TrustedProfile test/api: "k8s-a-b" is linked twice; list each compute resource once',
    );
  });

  test('a claim rule without conditions is refused', () => {
    const { stack } = testStack();
    expect(errorOf(() => new TrustedProfile(stack, 'api', { name: 'p', claimRules: [{ name: 'all', computeResourceType: 'CE', conditions: [] }] }))).toBe(
      'TrustedProfile test/api: claimRules.0.conditions: a claim rule without conditions would match every compute resource of its type; add at least one condition',
    );
  });
});

describe('AccessGroup', () => {
  test('one members resource holds users, service IDs by ServiceId-… and profiles by Profile-…', () => {
    const { stack } = testStack();
    const app = new ServiceIdentity(stack, 'app', { name: 'app' });
    const profile = new TrustedProfile(stack, 'api', { name: 'api' });
    const group = new AccessGroup(stack, 'ops', { name: 'operators', users: ['ana@example.com'], serviceIdentities: [app] });
    group.addTrustedProfile(profile);
    group.addUser('bo@example.com');
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_iam_access_group')).toEqual({ name: 'operators', description: 'Access group managed by ibm-data-guard' });
    expect(onlyResource(json, 'ibm_iam_access_group_members')).toEqual({
      access_group_id: '${ibm_iam_access_group.ops_FCC65C9B.id}',
      ibm_ids: ['ana@example.com', 'bo@example.com'],
      iam_service_ids: ['${ibm_iam_service_id.app_735A5B53.id}'],
      iam_profile_ids: ['${ibm_iam_trusted_profile.api_C8550315.id}'],
    });
  });

  test('a group without members has no members resource', () => {
    const { stack } = testStack();
    new AccessGroup(stack, 'ops', { name: 'operators' });
    expect(resourcesOf(synthJson(stack), 'ibm_iam_access_group_members')).toEqual({});
  });

  test('refuses users that are not IBMids and users listed twice', () => {
    const { stack } = testStack();
    expect(errorOf(() => new AccessGroup(stack, 'ops', { name: 'ops', users: ['ana', 'bo@example.com', 'BO@example.com'] })).split('\n')).toEqual([
      'AccessGroup test/ops: users.0: "ana" is not an IBMid; give the user\'s e-mail address, as invited to the account',
      'AccessGroup test/ops: users.2: "BO@example.com" is listed twice',
    ]);
  });
});
