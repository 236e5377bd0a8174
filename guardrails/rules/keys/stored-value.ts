import { found, GuardrailRule } from '../../rule';
import { isFalse } from '../values';
import { KEY_TYPES } from './rotation';

export const keyValueStored: GuardrailRule = {
  id: 'IBM-KEY-1',
  level: 'error',
  types: KEY_TYPES,
  judges: ['store_value'],
  title: 'API key whose value IAM keeps',
  finding: 'IAM keeps the key\'s value, so anyone allowed to read the key can retrieve it again',
  fix: 'set store_value = false (ApiKey always does); the value is then shown once, to Terraform, and never again',
  why: 'With store_value left at its default (true), the key value can be read back from IAM later by anyone with access to the service ID. The setting applies only when the key is created, so a stored key has to be replaced.',
  source: 'provider resource_ibm_iam_service_api_key.go (store_value defaults to true, applied once); IBM Cloud Docs, IAM: Managing service ID API keys (iam-serviceid_keys)',
  check: (key) => {
    const value = key.config.store_value;
    if (isFalse(value)) return undefined;
    return found(value === undefined ? 'store_value is not set (the provider default is true)' : `store_value = ${String(value)}`);
  },
};
