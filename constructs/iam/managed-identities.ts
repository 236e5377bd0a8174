import { Construct } from 'constructs';
import { Lazy, TerraformOutput, TerraformStack } from '../core/cdktf';
import { stateOf } from '../core/tree-state';

/** One identity or API key a stack manages, as `ibm-data-guard identities report` matches it. No secrets. */
export interface ManagedIdentityEntry {
  readonly kind: 'service-id' | 'trusted-profile' | 'api-key';
  /** the name in IAM */
  readonly name: string;
  /** `ServiceId-…`, `Profile-…` or `ApiKey-…`, known after apply */
  readonly id: string;
  /** the IAM ID the identity (or the key's owner) authenticates as */
  readonly iam_id: string;
}

const OUTPUT_ID = 'ibm-data-guard-managed-identities';

/**
 * Records an identity or key in its stack's `managed_identities` output, keyed by
 * construct path, so the identity report can tell what a stack owns by its real ID.
 */
export function registerManagedIdentity(scope: Construct, entry: ManagedIdentityEntry): void {
  const stack = TerraformStack.of(scope);
  const entries = stateOf(stack, OUTPUT_ID, () => {
    const all = new Map<string, ManagedIdentityEntry>();
    new TerraformOutput(stack, 'managed_identities', {
      value: Lazy.anyValue({ produce: () => Object.fromEntries(all) }),
      description: 'service IDs, trusted profiles and API keys this stack manages, for ibm-data-guard identities report (no secrets)',
    });
    return all;
  });
  entries.set(scope.node.path, entry);
}
