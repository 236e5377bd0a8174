import { found, GuardrailRule, notJudged } from '../../rule';
import { blocks, isTrue } from '../values';
import { rotates } from './rotation';

export const keyWithoutRotation: GuardrailRule = {
  id: 'IBM-KEY-4',
  level: 'warning',
  productionLevel: 'error',
  types: ['ibm_iam_service_api_key', 'ibm_sm_iam_credentials_secret'],
  title: 'API key that is never rotated',
  finding: 'nothing replaces the key on a schedule',
  fix: 'rotate it: a time_rotating behind lifecycle.replace_triggered_by (ApiKey does this, through a terraform_data), or Secrets Manager rotation { auto_rotate = true }',
  why: 'A key that is never replaced stays the same for its whole life, so a copy taken today works until it expires. Rotation bounds that window and proves that consumers can pick up a new key.',
  source: 'IBM Cloud Docs, IAM: Managing service ID API keys (iam-serviceid_keys); provider docs r/sm_iam_credentials_secret (rotation.auto_rotate)',
  check: (key, configuration) => {
    if (key.type === 'ibm_sm_iam_credentials_secret') {
      return blocks(key.config.rotation).some((rotation) => isTrue(rotation.auto_rotate)) ? undefined : found('no rotation { auto_rotate = true }');
    }
    const rotating = rotates(key, configuration);
    if (rotating === undefined) return notJudged('a plan does not record lifecycle.replace_triggered_by; check the configuration (cdk.tf.json) instead');
    return rotating ? undefined : found('neither lifecycle.replace_triggered_by nor apikey leads to a time_rotating');
  },
};
