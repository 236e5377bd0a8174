// The public API of the construct library. Only re-exports.
export * from './core/validation';
export * from './core/tags';
export * from './core/identifiers';
export * from './core/resource-group';
export * from './cloudant/plans';
export * from './cloudant/roles';
export * from './cloudant/instance';
export * from './cloudant/database';
export * from './cloudant/grants';
export * from './iam/identity';
export * from './iam/service-identity';
export * from './iam/trusted-profile';
export * from './iam/access-group';
export * from './iam/api-key';
export * from './iam/secrets-manager-api-key';
export * from './network/ip';
export * from './network/zone-address';
export * from './network/network-zone';
export * from './network/cloudant-network-rule';
export * from './network/ip-allowlist';
export * from './account/account-security';
export * from './cloudant/replicator-database';
export * from './replication/replication-document';
export * from './replication/cloudant-replication';
// the provider class from the same bindings the constructs use, so stacks need no bindings of their own
export { IbmProvider } from './core/ibm-bindings';
