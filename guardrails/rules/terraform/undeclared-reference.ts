import { found, GuardrailRule } from '../../rule';

export const undeclaredReference: GuardrailRule = {
  id: 'IBM-TF-1',
  level: 'error',
  types: ['*'],
  title: 'Reference to a resource the configuration does not declare',
  finding: 'the configuration refers to a resource it does not declare, which Terraform refuses ("Reference to undeclared resource")',
  fix: 'refer to a resource of the stack (an escape hatch such as addOverride takes the address Terraform uses, with the construct\'s unique suffix), or declare the resource',
  why: 'Terraform stops at validate on a reference to nothing; found at synth, the mistake never reaches a pipeline or a plan.',
  source: 'Terraform: References to Named Values (resource references must name a declared resource)',
  check: (element, configuration) => {
    if (configuration.source !== 'configuration') return undefined;
    const missing = configuration
      .referencesIn(element.config)
      .filter((reference) => reference.resource !== undefined && configuration.resolve(element, reference) === undefined)
      .map((reference) => reference.resource!);
    return missing.length > 0 ? found([...new Set(missing)].join(', ')) : undefined;
  },
};
