import { parseReference, referencesIn } from '../../references';
import { found, GuardrailRule } from '../../rule';
import { blocks, stringsOf } from '../values';

export const replaceTriggeredByNothing: GuardrailRule = {
  id: 'IBM-TF-2',
  level: 'error',
  types: ['*'],
  title: 'replace_triggered_by naming a resource the configuration does not declare',
  finding: 'lifecycle.replace_triggered_by names a resource the configuration does not declare, so nothing ever triggers the replacement (Terraform refuses it at plan)',
  fix: 'name a resource of the stack (ApiKey does, through its rotation trigger), or remove the entry',
  why: 'A key or document meant to be replaced when something changes is never replaced when the trigger names nothing; Terraform reports it only when it plans.',
  source: 'Terraform: The lifecycle meta-argument, replace_triggered_by',
  check: (element, configuration) => {
    if (configuration.source !== 'configuration' || !element.lifecycleKnown) return undefined;
    const addresses = blocks(element.config.lifecycle).flatMap((lifecycle) => stringsOf(lifecycle.replace_triggered_by));
    const missing = addresses.flatMap((text) => {
      // an address as replace_triggered_by takes it: a resource, or an attribute of one, bare or in ${…}
      const reference = referencesIn(text)[0] ?? parseReference(text);
      return reference?.resource !== undefined && configuration.resolve(element, reference) === undefined ? [reference.resource] : [];
    });
    return missing.length > 0 ? found([...new Set(missing)].join(', ')) : undefined;
  },
};
