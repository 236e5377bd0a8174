import { show } from '../../../constructs/core/validation';
import type { CheckedElement } from '../../configuration';
import { found, RuleOutcome } from '../../rule';

/** the check of an account setting that must be RESTRICTED (service ID and API key creation) */
export function requireRestricted(setting: string): (settings: CheckedElement) => RuleOutcome {
  return (settings) => {
    const value = settings.config[setting];
    if (value === 'RESTRICTED') return undefined;
    return found(value === undefined ? `${setting} is not set` : `${setting} = ${show(value)}`);
  };
}
