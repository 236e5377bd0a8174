import { show } from '../../../constructs/core/validation';
import { found, GuardrailRule } from '../../rule';

import { hasRole, identityOf, isMarkedAdministrator, POLICY_TYPES } from './policies';

export const managerForNonAdministrator: GuardrailRule = {
  id: 'IBM-IAM-3',
  level: 'error',
  types: POLICY_TYPES,
  judges: ['roles'],
  title: 'Manager for an identity not marked as an administrator',
  finding: 'the policy grants Manager to an identity that is not marked as an administrator',
  fix: 'grant Writer or Reader; if the identity does administer the instance, create it with allowManager: true, which records it under "//".guardrails.administrators',
  why: 'Manager on Cloudant can create and delete databases, write design documents and _security, and write replications to anywhere. Applications need Reader or Writer; Manager belongs to the few identities that administer the data.',
  source: 'IBM Cloud Docs, Cloudant: Managing access, the Manager, Writer and Reader action tables (security/access-iam)',
  check: (policy, configuration) => {
    if (!hasRole(policy, 'Manager')) return undefined;
    const identity = identityOf(policy, configuration);
    if (identity === undefined) return found('Manager, and the policy names no identity');
    if (isMarkedAdministrator(identity, configuration)) return undefined;
    const who = identity.resource ? identity.resource.address : `${identity.argument} ${show(identity.value)}`;
    return found(`Manager for ${who}, which is not marked as an administrator`);
  },
};
