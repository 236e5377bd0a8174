import { found, GuardrailRule } from '../../rule';
import { isTrue } from '../values';

export const cloudantLegacyCredentials: GuardrailRule = {
  id: 'IBM-CLD-1',
  level: 'error',
  types: ['ibm_cloudant'],
  judges: ['legacy_credentials'],
  title: 'Cloudant instance with legacy credentials',
  finding: 'the Cloudant instance has legacy (username and password) credentials',
  fix: 'set legacy_credentials = false (CloudantInstance always does); an instance that already has them needs an IBM support case to remove them',
  why: 'Legacy credentials always act as Manager: they bypass IAM roles, database-level policies, key expiry and the audit trail of service IDs. IBM requires "Use only IAM" whenever roles other than Manager are used.',
  source: 'IBM Cloud Docs, Cloudant: Managing access, "IAM or legacy credentials" (security/access-iam)',
  check: (element) => (isTrue(element.config.legacy_credentials) ? found('legacy_credentials = true') : undefined),
};
