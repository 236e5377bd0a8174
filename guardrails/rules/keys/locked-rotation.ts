import { found, GuardrailRule, notJudged } from '../../rule';
import { isTrue } from '../values';
import { KEY_TYPES, rotates } from './rotation';

export const lockedKeyRotates: GuardrailRule = {
  id: 'IBM-KEY-5',
  level: 'error',
  types: KEY_TYPES,
  judges: ['locked', 'entity_lock'],
  title: 'Locked API key that rotates',
  finding: 'the key is locked and rotates: IAM refuses to delete a locked key, so the rotation fails',
  fix: 'set locked = false on keys that rotate (ApiKey always does), or stop rotating the key',
  why: 'Rotation replaces the key, which deletes the old one; IAM refuses to delete a locked key, so the apply fails and the old key stays valid.',
  source: 'IBM Cloud Docs, IAM: Locking service ID API keys (iam-serviceid_keys, "Locking"); provider resource_ibm_iam_service_api_key.go (locked, applied once)',
  check: (key, configuration) => {
    const locked = key.type === 'ibm_iam_api_key' ? isTrue(key.config.entity_lock) || isTrue(key.config.locked) : isTrue(key.config.locked);
    if (!locked) return undefined;
    const rotating = rotates(key, configuration);
    if (rotating === undefined) return notJudged('the key is locked, and a plan does not record lifecycle.replace_triggered_by to tell whether it rotates');
    return rotating ? found('locked = true and replaced on a schedule') : undefined;
  },
};
