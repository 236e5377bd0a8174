// The shapes of IBM Cloud identifiers, in one place for the constructs and the environment schema.
import { Fn } from './cdktf';
import { isUnresolved, Problem, show } from './validation';

/** an account ID: 32 lowercase hexadecimal characters */
export const ACCOUNT_ID_PATTERN = /^[0-9a-f]{32}$/;
/** a resource group ID: 32 lowercase hexadecimal characters */
export const RESOURCE_GROUP_ID_PATTERN = /^[0-9a-f]{32}$/;
/** a service instance GUID: 8-4-4-4-12 lowercase hexadecimal */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** a service ID's ID, as `ibm_iam_service_id.id` and Secrets Manager's `service_id` take it */
export const SERVICE_ID_PATTERN = new RegExp(`^ServiceId-${UUID}$`);
/** a service ID's IAM ID, as policies (`iam_id`) and API keys (`iam_service_id`) take it */
export const SERVICE_ID_IAM_ID_PATTERN = new RegExp(`^iam-ServiceId-${UUID}$`);
/** a trusted profile's ID, as links, claim rules and access group members take it */
export const PROFILE_ID_PATTERN = new RegExp(`^Profile-${UUID}$`);
/** a trusted profile's IAM ID, as policies take it */
export const PROFILE_IAM_ID_PATTERN = new RegExp(`^iam-Profile-${UUID}$`);
/** an access group's ID, which is also how policies name the group */
export const ACCESS_GROUP_ID_PATTERN = new RegExp(`^AccessGroupId-${UUID}$`);

/** the account of a CRN (`…:a/<account>:…`), at synth time when the CRN is known */
export function crnAccountId(crn: string): string {
  if (!isUnresolved(crn)) return (crn.split(':')[6] ?? '').replace(/^a\//, '');
  return Fn.replace(Fn.element(Fn.split(':', crn), 6), 'a/', '');
}

/** an `accountId` prop that is known now must be an account ID; the hint says where to find it */
export function validateAccountId(accountId: string | undefined, hint = ''): Problem[] {
  if (accountId === undefined || isUnresolved(accountId) || ACCOUNT_ID_PATTERN.test(accountId)) return [];
  return [{ path: ['accountId'], message: `${show(accountId)} is not an account ID; an IBM Cloud account ID is 32 lowercase hexadecimal characters${hint}` }];
}
