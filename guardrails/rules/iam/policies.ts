import { POLICY_TYPES } from '../../../constructs/core/provider-facts';
import type { CheckedConfiguration, CheckedElement } from '../../configuration';
import { stringsOf } from '../values';

export { POLICY_TYPES };

// the arguments that name the identity, per policy type, the current form first
const IDENTITY_ARGUMENTS: Record<string, readonly string[]> = {
  ibm_iam_service_policy: ['iam_id', 'iam_service_id'],
  ibm_iam_trusted_profile_policy: ['iam_id', 'profile_id'],
  ibm_iam_access_group_policy: ['access_group_id'],
};

/** whether a policy's roles include a role, by display name or role CRN (…:role:Administrator, …:serviceRole:Manager) */
export function hasRole(policy: CheckedElement, role: string): boolean {
  return stringsOf(policy.config.roles).some((each) => each.toLowerCase() === role.toLowerCase() || each.toLowerCase().endsWith(`role:${role.toLowerCase()}`));
}

/** the identity a policy names: a resource of the configuration, or the value as written */
export interface PolicyIdentity {
  readonly argument: string;
  readonly value: unknown;
  readonly resource?: CheckedElement;
}

export function identityOf(policy: CheckedElement, configuration: CheckedConfiguration): PolicyIdentity | undefined {
  for (const argument of IDENTITY_ARGUMENTS[policy.type] ?? []) {
    const value = policy.config[argument];
    if (value === undefined || value === null) continue;
    const resource = configuration.resourcesReferencedBy(policy, value)[0]?.resource;
    return { argument, value, resource };
  }
  return undefined;
}

/** whether the settings mark an identity as an administrator, by construct path, address or IAM ID */
export function isMarkedAdministrator(identity: PolicyIdentity, configuration: CheckedConfiguration): boolean {
  const path = identity.resource?.constructPath;
  return (configuration.settings.administrators ?? []).some(
    (mark) =>
      (mark.address !== undefined && mark.address === identity.resource?.address) ||
      (mark.path !== undefined && path !== undefined && (path === mark.path || path.startsWith(`${mark.path}/`))) ||
      (mark.iamId !== undefined && mark.iamId === identity.value),
  );
}
