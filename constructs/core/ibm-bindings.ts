// The only module of ours that imports the generated IBM provider bindings (.gen/),
// so regenerating them, or moving to prebuilt ones, touches one file.
export { IbmProvider } from '../../.gen/providers/ibm/provider';
export type { IbmProviderConfig } from '../../.gen/providers/ibm/provider';
export { Cloudant } from '../../.gen/providers/ibm/cloudant';
export type { CloudantConfig } from '../../.gen/providers/ibm/cloudant';
export { CloudantDatabase as CloudantDatabaseResource } from '../../.gen/providers/ibm/cloudant-database';
export { DataIbmResourceGroup } from '../../.gen/providers/ibm/data-ibm-resource-group';
