// The IBM Cloud rule pack, in catalogue order. A rule's ID is a public contract: suppressions
// and level overrides name it, so an ID is never reused for another check.
import type { GuardrailRule } from '../rule';
import { apiKeyCreationRestricted } from './account/api-key-creation';
import { allowlistExplicit } from './account/ip-allowlist';
import { accountMfa } from './account/mfa';
import { serviceIdCreationRestricted } from './account/service-id-creation';
import { cloudantCorsOrigins } from './cloudant/cors-origins';
import { cloudantDataEvents } from './cloudant/data-events';
import { cloudantLegacyCredentials } from './cloudant/legacy-credentials';
import { cloudantPreventDestroy } from './cloudant/prevent-destroy';
import { db2AllowlistConfig } from './db2/allowlist-config';
import { db2BluadminServiceId } from './db2/bluadmin';
import { db2WithoutPrivateEndpoint } from './db2/public-only';
import { db2UsersConfig } from './db2/users-config';
import { db2UsersConfigPassword } from './db2/users-config-password';
import { policyWithAdministrator } from './iam/administrator-role';
import { policyDeprecatedIdentity } from './iam/deprecated-identity';
import { managerForNonAdministrator } from './iam/manager-role';
import { policyScopedToInstance } from './iam/policy-scope';
import { keyWithoutExpiry } from './keys/expiry';
import { keyLifetime } from './keys/lifetime';
import { lockedKeyRotates } from './keys/locked-rotation';
import { keyWithoutRotation } from './keys/rotation-missing';
import { keyValueStored } from './keys/stored-value';
import { cloudantRuleApiTypes } from './network/api-types';
import { cloudantRuleOnGen1 } from './network/gen1-instance';
import { cloudantRuleReportMode } from './network/report-mode';
import { cloudantRuleWithoutInstance } from './network/rule-instance';
import { cloudantRuleServiceReferenceZone } from './network/service-reference-zone';
import { unprotectedProductionCloudant } from './network/unprotected-instance';
import { wideNetworkZone } from './network/wide-zone';
import { secretInOutput } from './secrets/output';
import { secretInTerraformData } from './secrets/terraform-data-input';
import { replaceTriggeredByNothing } from './terraform/replace-triggered-by';
import { undeclaredReference } from './terraform/undeclared-reference';

export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  cloudantLegacyCredentials,
  cloudantCorsOrigins,
  cloudantPreventDestroy,
  cloudantDataEvents,
  db2UsersConfig,
  db2UsersConfigPassword,
  db2AllowlistConfig,
  db2BluadminServiceId,
  db2WithoutPrivateEndpoint,
  policyScopedToInstance,
  policyWithAdministrator,
  managerForNonAdministrator,
  policyDeprecatedIdentity,
  keyValueStored,
  keyWithoutExpiry,
  keyLifetime,
  keyWithoutRotation,
  lockedKeyRotates,
  wideNetworkZone,
  cloudantRuleReportMode,
  cloudantRuleWithoutInstance,
  cloudantRuleOnGen1,
  cloudantRuleApiTypes,
  cloudantRuleServiceReferenceZone,
  unprotectedProductionCloudant,
  apiKeyCreationRestricted,
  accountMfa,
  serviceIdCreationRestricted,
  allowlistExplicit,
  secretInTerraformData,
  secretInOutput,
  undeclaredReference,
  replaceTriggeredByNothing,
];

export const GUARDRAIL_RULE_IDS: readonly string[] = GUARDRAIL_RULES.map((rule) => rule.id);
