// The only module of ours that imports the generated IBM provider bindings (.gen/),
// so regenerating them, or moving to prebuilt ones, touches one file.
export { IbmProvider } from '../../.gen/providers/ibm/provider';
export type { IbmProviderConfig } from '../../.gen/providers/ibm/provider';
export { Cloudant } from '../../.gen/providers/ibm/cloudant';
export type { CloudantConfig } from '../../.gen/providers/ibm/cloudant';
export { CloudantDatabase as CloudantDatabaseResource } from '../../.gen/providers/ibm/cloudant-database';
export { DataIbmResourceGroup } from '../../.gen/providers/ibm/data-ibm-resource-group';
export { IamServiceId } from '../../.gen/providers/ibm/iam-service-id';
export { IamServicePolicy } from '../../.gen/providers/ibm/iam-service-policy';
export { IamServiceApiKey } from '../../.gen/providers/ibm/iam-service-api-key';
export { IamTrustedProfile } from '../../.gen/providers/ibm/iam-trusted-profile';
export { IamTrustedProfilePolicy } from '../../.gen/providers/ibm/iam-trusted-profile-policy';
export { IamTrustedProfileClaimRule } from '../../.gen/providers/ibm/iam-trusted-profile-claim-rule';
export { IamTrustedProfileLink } from '../../.gen/providers/ibm/iam-trusted-profile-link';
export { IamAccessGroup } from '../../.gen/providers/ibm/iam-access-group';
export { IamAccessGroupMembers } from '../../.gen/providers/ibm/iam-access-group-members';
export { IamAccessGroupPolicy } from '../../.gen/providers/ibm/iam-access-group-policy';
export { SmIamCredentialsSecret } from '../../.gen/providers/ibm/sm-iam-credentials-secret';
export { CbrZone } from '../../.gen/providers/ibm/cbr-zone';
export type { CbrZoneAddresses as CbrZoneAddressBlock, CbrZoneExcluded as CbrZoneExcludedBlock } from '../../.gen/providers/ibm/cbr-zone';
export { CbrZoneAddressesA as CbrZoneAddresses } from '../../.gen/providers/ibm/cbr-zone-addresses';
export { CbrRule } from '../../.gen/providers/ibm/cbr-rule';
export type { CbrRuleContexts as CbrRuleContextBlock } from '../../.gen/providers/ibm/cbr-rule';
export { IamAccountSettings } from '../../.gen/providers/ibm/iam-account-settings';
export { DataIbmIamAccountSettings } from '../../.gen/providers/ibm/data-ibm-iam-account-settings';
export { Db2 } from '../../.gen/providers/ibm/db2';
export { DataIbmDb2ConnectionInfo } from '../../.gen/providers/ibm/data-ibm-db2-connection-info';
