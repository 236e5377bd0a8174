import { found, GuardrailRule } from '../../rule';
import { secretsIn } from './secret-values';

export const secretInTerraformData: GuardrailRule = {
  id: 'IBM-SEC-1',
  level: 'error',
  types: ['terraform_data'],
  title: 'Key value flowing into terraform_data input',
  finding: 'a secret flows into terraform_data input or triggers_replace, which Terraform shows in plans and stores in output unmarked',
  fix: 'pass secrets to scripts through the provisioner\'s environment only, and keep IDs (not values) in input and triggers_replace, as CloudantReplication does',
  why: 'terraform_data echoes input as output without the sensitive mark, so the value appears in plan output, in state outputs and in anything that renders them (pull-request comments, logs).',
  source: 'Terraform: the terraform_data resource (input is echoed as output); seen on Terraform 1.11.4: output is not marked sensitive when input is',
  check: (data, configuration) => {
    const secrets = secretsIn({ input: data.config.input, triggers_replace: data.config.triggers_replace }, configuration);
    return secrets.length > 0 ? found(`reads ${secrets.join(', ')}`) : undefined;
  },
};
