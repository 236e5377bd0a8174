import { found, GuardrailRule } from '../../rule';
import { isTrue } from '../values';
import { secretsIn } from './secret-values';

export const secretInOutput: GuardrailRule = {
  id: 'IBM-SEC-2',
  level: 'error',
  types: ['output'],
  title: 'Key value in an output not marked sensitive',
  finding: 'an output that is not marked sensitive carries a secret',
  fix: 'set sensitive = true on the output (ApiKey.addSensitiveOutput does), and never wrap a key in nonsensitive()',
  why: 'terraform apply and terraform output print outputs that are not sensitive; nonsensitive() gets past Terraform\'s own check, and the key then lands in CI logs.',
  source: 'Terraform: output values, "sensitive" (language/values/outputs); provider schema 2.5.0 (apikey, api_key, credentials, payload are sensitive)',
  check: (output, configuration) => {
    if (isTrue(output.config.sensitive)) return undefined;
    const secrets = secretsIn(output.config.value, configuration);
    return secrets.length > 0 ? found(`reads ${secrets.join(', ')}`) : undefined;
  },
};
