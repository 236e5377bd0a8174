// Facts about the IBM provider 2.5.0's resources that the guardrails and the review both
// read Terraform JSON by.

/**
 * The attributes the IBM provider 2.5.0 marks sensitive, by resource type (a test checks
 * this against the vendored schema). A reference to the whole resource carries them too.
 */
export const SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  ibm_iam_api_key: ['apikey'],
  ibm_iam_service_api_key: ['apikey'],
  ibm_resource_key: ['credentials', 'credentials_json'],
  ibm_sm_arbitrary_secret: ['payload'],
  ibm_sm_iam_credentials_configuration: ['api_key'],
  ibm_sm_iam_credentials_secret: ['api_key'],
};

/**
 * Attributes that hold secrets although the provider does not mark them: provider 2.5.0
 * marks no Db2 attribute sensitive, yet users_config (and the users data source) carry
 * passwords. Treated as secret everywhere the marked ones are.
 */
export const UNMARKED_SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  ibm_db2: ['users_config'],
  ibm_db2_users: ['resources'],
};

/** every secret attribute of a resource type, marked by the provider or not */
export function secretAttributesOf(type: string): readonly string[] {
  return [...(SECRET_ATTRIBUTES[type] ?? []), ...(UNMARKED_SECRET_ATTRIBUTES[type] ?? [])];
}

/** the policy resources that grant roles to an identity */
export const POLICY_TYPES: readonly string[] = ['ibm_iam_service_policy', 'ibm_iam_trusted_profile_policy', 'ibm_iam_access_group_policy'];
