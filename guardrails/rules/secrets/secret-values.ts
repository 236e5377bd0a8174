import { SECRET_ATTRIBUTES, secretAttributesOf } from '../../../constructs/core/provider-facts';
import type { CheckedConfiguration } from '../../configuration';

export { SECRET_ATTRIBUTES };


/** the secret values a value reads: `ibm_iam_service_api_key.x.apikey`, a sensitive variable, … */
export function secretsIn(value: unknown, configuration: CheckedConfiguration): string[] {
  return configuration
    .referencesIn(value)
    .filter((reference) => {
      if (reference.symbol?.kind === 'var') return configuration.sensitiveVariables.has(reference.text);
      const type = reference.resource?.split('.')[0];
      const secrets = type === undefined ? [] : secretAttributesOf(type);
      return secrets.length > 0 && (reference.attribute === undefined || secrets.includes(reference.attribute));
    })
    .map((reference) => reference.text);
}
