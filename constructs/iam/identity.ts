import { Construct, IConstruct } from 'constructs';
import { IamAccessGroupPolicy, IamServicePolicy, IamTrustedProfilePolicy } from '../core/ibm-bindings';
import { TerraformResource } from '../core/cdktf';
import { isUnresolved, Problem } from '../core/validation';

/** the three kinds of IAM identity that policies can be granted to */
export type IdentityKind = 'service-id' | 'trusted-profile' | 'access-group';

/** what error messages call each kind */
export const IDENTITY_KIND_LABELS: Record<IdentityKind, string> = {
  'service-id': 'service ID',
  'trusted-profile': 'trusted profile',
  'access-group': 'access group',
};

/**
 * An identity that access can be granted to: a service ID, a trusted profile or an
 * access group, made by this stack or elsewhere.
 */
export interface IIamIdentity extends IConstruct {
  readonly kind: IdentityKind;
  /**
   * How policies name the identity: the IAM ID of a service ID (`iam-ServiceId-…`) or a
   * trusted profile (`iam-Profile-…`), or the ID of an access group (`AccessGroupId-…`).
   */
  readonly iamId: string;
  /** the name used in messages and policy descriptions */
  readonly displayName: string;
  /**
   * Whether Manager may be granted to this identity. Manager can create and delete
   * databases, write design documents and `_security`, and write replications.
   */
  readonly allowManager: boolean;
}

/** What every identity construct takes. */
export interface IdentityProps {
  /** the identity's name in IAM (trusted profile and access group names are unique in the account) */
  readonly name: string;
  /** @default - a description naming the toolkit */
  readonly description?: string;
  /**
   * Allow Manager grants to this identity. Manager can create and delete databases, write
   * design documents, `_security` and replications: leave this off for applications.
   * @default false
   */
  readonly allowManager?: boolean;
}

/** One IAM access policy: its roles and what it applies to, in the provider's terms. */
export interface PolicyDefinition {
  /** role display names, for example Reader */
  readonly roles: readonly string[];
  readonly description: string;
  /** the `resources` block: stringEquals attributes */
  readonly resources?: {
    readonly service: string;
    readonly resourceInstanceId: string;
    readonly resourceType?: string;
    readonly resource?: string;
  };
  /** `resource_attributes`, for operators other than stringEquals */
  readonly resourceAttributes?: readonly { readonly name: string; readonly value: string; readonly operator: string }[];
}

/** the policy resource of an identity's kind, whose roles can still grow */
export interface IdentityPolicy {
  readonly resource: TerraformResource;
  setRoles(roles: readonly string[]): void;
}

/**
 * Creates the access policy resource that fits the identity's kind, naming the identity
 * by the form each resource wants: `iam_id` for service IDs and trusted profiles (never
 * the deprecated `iam_service_id` / `profile_id`), `access_group_id` for access groups.
 */
export function createIdentityPolicy(scope: Construct, id: string, identity: IIamIdentity, definition: PolicyDefinition): IdentityPolicy {
  const common = {
    roles: [...definition.roles],
    description: definition.description,
    resources: definition.resources ? { ...definition.resources } : undefined,
    resourceAttributes: definition.resourceAttributes?.map((attribute) => ({ ...attribute })),
  };
  switch (identity.kind) {
    case 'service-id': {
      const policy = new IamServicePolicy(scope, id, { iamId: identity.iamId, ...common });
      return { resource: policy, setRoles: (roles) => (policy.roles = [...roles]) };
    }
    case 'trusted-profile': {
      const policy = new IamTrustedProfilePolicy(scope, id, { iamId: identity.iamId, ...common });
      return { resource: policy, setRoles: (roles) => (policy.roles = [...roles]) };
    }
    case 'access-group': {
      const policy = new IamAccessGroupPolicy(scope, id, { accessGroupId: identity.iamId, ...common });
      return { resource: policy, setRoles: (roles) => (policy.roles = [...roles]) };
    }
  }
}

/** identity names: present and not blank */
export function validateIdentityName(name: string): Problem[] {
  if (isUnresolved(name)) return [];
  if (typeof name !== 'string' || name.trim() === '') return [{ path: ['name'], message: 'the name is empty; give the identity a name that says what uses it' }];
  return [];
}
