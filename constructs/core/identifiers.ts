// The shapes of IBM Cloud identifiers, in one place for the constructs and the environment schema.

/** an account ID: 32 lowercase hexadecimal characters */
export const ACCOUNT_ID_PATTERN = /^[0-9a-f]{32}$/;
/** a resource group ID: 32 lowercase hexadecimal characters */
export const RESOURCE_GROUP_ID_PATTERN = /^[0-9a-f]{32}$/;
/** a service instance GUID: 8-4-4-4-12 lowercase hexadecimal */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** a region or multi-zone location name: us-east, eu-de, che01 */
export const REGION_PATTERN = /^[a-z]{2}-[a-z]+$|^[a-z]{3}\d{2}$/;
