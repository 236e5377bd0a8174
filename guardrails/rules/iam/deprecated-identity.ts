import { found, GuardrailRule } from '../../rule';

// the deprecated argument of each policy type, and the argument that replaces it
const DEPRECATED: Record<string, { readonly argument: string; readonly replacement: string }> = {
  ibm_iam_service_policy: { argument: 'iam_service_id', replacement: 'iam_id = <service ID>.iam_id' },
  ibm_iam_trusted_profile_policy: { argument: 'profile_id', replacement: 'iam_id = <trusted profile>.iam_id' },
};

export const policyDeprecatedIdentity: GuardrailRule = {
  id: 'IBM-IAM-4',
  level: 'warning',
  types: Object.keys(DEPRECATED),
  title: 'IAM policy naming its identity in the deprecated form',
  finding: 'the policy names its identity by a deprecated argument',
  fix: 'name the identity by iam_id (the iam-ServiceId-… or iam-Profile-… value) instead of iam_service_id or profile_id',
  why: 'The provider deprecates iam_service_id and profile_id; both are ForceNew, so the move to iam_id replaces the policy (briefly removing access) and is best done before the provider drops them. iam_id also works across accounts.',
  source: 'provider docs r/iam_service_policy and r/iam_trusted_profile_policy (iam_service_id and profile_id deprecated)',
  check: (policy) => {
    const deprecated = DEPRECATED[policy.type];
    if (deprecated === undefined || policy.config[deprecated.argument] === undefined) return undefined;
    return found(`${deprecated.argument} is set; use ${deprecated.replacement}`);
  },
};
