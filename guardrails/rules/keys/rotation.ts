import type { CheckedConfiguration, CheckedElement } from '../../configuration';
import { parseReference } from '../../references';
import { blocks, stringsOf } from '../values';

/** the IAM key resources the key rules read */
export const KEY_TYPES = ['ibm_iam_service_api_key', 'ibm_iam_api_key'];

// how far to follow references from a key to the time_rotating that replaces it
const MAX_STEPS = 6;

/**
 * Whether the key is replaced on a schedule: something that forces its replacement
 * (`lifecycle.replace_triggered_by`, or the ForceNew `apikey` value) leads, through
 * references, to a `time_rotating`. undefined when the input cannot tell (a plan records no
 * lifecycle, so only the `apikey` path can be seen there).
 */
export function rotates(key: CheckedElement, configuration: CheckedConfiguration): boolean | undefined {
  const triggers = blocks(key.config.lifecycle).flatMap((lifecycle) => stringsOf(lifecycle.replace_triggered_by));
  // replace_triggered_by holds bare addresses (terraform_data.x), not ${...} expressions
  let frontier = [
    ...triggers.flatMap((text) => {
      const reference = parseReference(text.replace(/^\$\{(.*)\}$/, '$1'));
      const resource = reference ? configuration.resolve(key, reference) : undefined;
      return resource ? [resource] : [];
    }),
    ...configuration.resourcesReferencedBy(key, key.config.apikey).map((each) => each.resource),
  ];
  const seen = new Set<string>();
  for (let step = 0; step < MAX_STEPS && frontier.length > 0; step += 1) {
    if (frontier.some((resource) => resource.type === 'time_rotating')) return true;
    const next: CheckedElement[] = [];
    for (const resource of frontier) {
      if (seen.has(resource.address)) continue;
      seen.add(resource.address);
      next.push(...configuration.resourcesReferencedBy(resource, resource.config).map((each) => each.resource));
    }
    frontier = next;
  }
  return key.lifecycleKnown ? false : undefined;
}
