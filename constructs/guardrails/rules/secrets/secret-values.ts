import type { CheckedConfiguration } from '../../configuration';

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

/** the secret values a value reads: `ibm_iam_service_api_key.x.apikey`, a sensitive variable, … */
export function secretsIn(value: unknown, configuration: CheckedConfiguration): string[] {
  return configuration
    .referencesIn(value)
    .filter((reference) => {
      if (reference.symbol?.kind === 'var') return configuration.sensitiveVariables.has(reference.text);
      const type = reference.resource?.split('.')[0];
      const secrets = type === undefined ? undefined : SECRET_ATTRIBUTES[type];
      return secrets !== undefined && (reference.attribute === undefined || secrets.includes(reference.attribute));
    })
    .map((reference) => reference.text);
}
