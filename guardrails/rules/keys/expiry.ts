import { found, GuardrailRule } from '../../rule';
import { KEY_TYPES } from './rotation';

export const keyWithoutExpiry: GuardrailRule = {
  id: 'IBM-KEY-2',
  level: 'error',
  types: KEY_TYPES,
  title: 'API key without an expiry',
  finding: 'the key never expires',
  fix: 'set expires_at (ApiKey sets it to the next rotation plus a grace period)',
  why: 'A key without expires_at stays valid until someone deletes it: a copy that leaked, or was left behind by a replaced consumer, keeps working. With an expiry, IAM disables it whatever happens to the Terraform that made it.',
  source: 'IBM Cloud Docs, IAM: API keys, expiration (iam-apikeys); provider resource_ibm_iam_service_api_key.go (expires_at)',
  check: (key) => {
    const value = key.config.expires_at;
    return value === undefined || value === null || value === '' ? found('no expires_at') : undefined;
  },
};
