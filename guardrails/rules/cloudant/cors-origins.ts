import { show } from '../../../constructs/core/validation';
import { found, GuardrailRule, notJudged } from '../../rule';
import { blocks, isExpression, isFalse } from '../values';

export const cloudantCorsOrigins: GuardrailRule = {
  id: 'IBM-CLD-2',
  level: 'error',
  types: ['ibm_cloudant'],
  judges: ['enable_cors', 'cors_config.origins', 'cors_config.allow_credentials'],
  title: 'Cloudant CORS on without https origins',
  finding: 'CORS is on without a list of https origins',
  fix: 'set enable_cors = false, or list the https:// origins of the browser applications in cors_config.origins',
  why: 'The provider turns CORS on unless enable_cors = false. Cross-origin access from a browser should be limited to known sites served over TLS; a wildcard or http origin lets any page (or a page on a network path an attacker controls) call the instance with a user\'s credentials.',
  source: 'IBM Cloudant API, CORS configuration (origins are full URLs; HTTPS is the recommended protocol); provider resource_ibm_cloudant.go (enable_cors defaults to true)',
  check: (element) => {
    const enabled = element.config.enable_cors;
    if (isFalse(enabled)) return undefined;
    if (isExpression(enabled)) return notJudged('enable_cors is an expression');
    const state = enabled === undefined ? 'CORS is on (enable_cors is not set, and the provider turns it on)' : 'enable_cors = true';
    const origins = blocks(element.config.cors_config).flatMap((block) => (Array.isArray(block.origins) ? block.origins : []));
    if (origins.length === 0) return found(`${state} with no origins`);
    const unsafe = origins.filter((origin) => typeof origin !== 'string' || (!isExpression(origin) && !/^https:\/\/[^*\s]+$/.test(origin)));
    return unsafe.length > 0 ? found(`${state} with origins that are not https sites: ${unsafe.map(show).join(', ')}`) : undefined;
  },
};
