import { TerraformOutput } from '../constructs/core/cdktf';
import { CloudantDatabase, CloudantInstance } from '../constructs';
import { onlyResource, synthJson, testStack } from './support/synth';
import { errorOf } from './support/errors';

const GUID = '0f1e2d3c-0000-4000-8000-0123456789ab';
const CRN = `crn:v1:bluemix:public:cloudantnosqldb:us-east:a/0123456789abcdef0123456789abcdef:${GUID}::`;

describe('CloudantInstance.fromAttributes', () => {
  test('reads the GUID from the CRN and carries the plan and endpoints', () => {
    const { stack } = testStack();
    const existing = CloudantInstance.fromAttributes(stack, 'existing', { crn: CRN, plan: 'standard-gen2', publicUrl: 'https://x.cloudant.com' });
    const { crn, guid, plan, generation, publicUrl, privateUrl, databaseNames } = existing;
    expect({ crn, guid, plan, generation, publicUrl, privateUrl, databaseNames }).toEqual({
      crn: CRN,
      guid: GUID,
      plan: 'standard-gen2',
      generation: 2,
      publicUrl: 'https://x.cloudant.com',
      privateUrl: '',
      databaseNames: undefined,
    });
  });

  test('databases can be created in an instance made elsewhere', () => {
    const { stack } = testStack();
    const existing = CloudantInstance.fromAttributes(stack, 'existing', { crn: CRN, plan: 'standard', databaseNames: ['orders'] });
    new CloudantDatabase(stack, 'events', { instance: existing, name: 'events' });
    expect(onlyResource(synthJson(stack), 'ibm_cloudant_database')).toMatchObject({ instance_crn: CRN, db: 'events' });
    expect(existing.generation).toBe(1);
    expect(existing.databaseNames).toEqual(['orders']);
  });

  test('a CRN known only at apply time yields the GUID with Terraform functions', () => {
    const { stack } = testStack();
    const made = new CloudantInstance(stack, 'made', { name: 'made', plan: 'standard-gen2', location: 'us-east' });
    const existing = CloudantInstance.fromAttributes(stack, 'existing', { crn: made.crn, plan: 'standard-gen2' });
    new TerraformOutput(stack, 'guid', { value: existing.guid });
    expect(synthJson(stack).output!.guid!.value).toBe('${element(split(":", ibm_cloudant.made_A3A6F981.crn), 7)}');
  });

  test.each([
    ['a GUID passed as the CRN', { crn: GUID, plan: 'standard-gen2' }, `crn: "${GUID}" is a GUID, not a CRN; pass the instance CRN (crn:v1:…:cloudantnosqldb:…) as crn and the GUID as guid`],
    ['a CRN passed as the GUID', { crn: CRN, guid: CRN, plan: 'standard-gen2' }, `guid: "${CRN}" is a CRN, not a GUID; pass the CRN as crn and the GUID (the 8-4-4-4-12 part of the CRN) as guid`],
    ['a GUID that is not the one in the CRN', { crn: CRN, guid: '11111111-2222-4333-8444-555555555555', plan: 'standard-gen2' }, `guid: "11111111-2222-4333-8444-555555555555" is not the GUID in the CRN (${GUID}); leave guid out to read it from the CRN`],
    ['a CRN of another service', { crn: CRN.replace('cloudantnosqldb', 'databases-for-redis'), plan: 'standard' }, `crn: "${CRN.replace('cloudantnosqldb', 'databases-for-redis')}" is not a Cloudant instance CRN; expected crn:v1:<cloud>:<type>:cloudantnosqldb:<region>:a/<account>:<guid>:: (ibmcloud resource service-instance <name> shows it)`],
    ['a malformed GUID', { crn: CRN, guid: 'abc', plan: 'standard' }, 'guid: "abc" is not a GUID; an instance GUID looks like 1b2c3d4e-0000-4000-8000-0123456789ab'],
    ['an unknown plan', { crn: CRN, plan: 'dedicated' }, 'plan: "dedicated" is not a Cloudant plan; use one of lite, standard, standard-gen2'],
  ])('refuses %s', (_name, attrs, message) => {
    const { stack } = testStack();
    expect(errorOf(() => CloudantInstance.fromAttributes(stack, 'existing', attrs as never))).toBe(`CloudantInstance.fromAttributes test/existing: ${message}`);
  });
});
