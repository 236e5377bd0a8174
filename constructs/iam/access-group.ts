import { Construct } from 'constructs';
import { IamAccessGroup, IamAccessGroupMembers } from '../core/ibm-bindings';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import { ACCESS_GROUP_ID_PATTERN } from '../core/identifiers';
import type { IAccessGroup } from './access-group-ref';
import { IdentityProps, validateIdentityName } from './identity';
import type { IServiceIdentity } from './service-identity-ref';
import type { ITrustedProfile } from './trusted-profile-ref';

export type { IAccessGroup } from './access-group-ref';

export interface AccessGroupProps extends IdentityProps {
  /** users by IBMid (their e-mail address). @default - none */
  readonly users?: readonly string[];
  /** @default - none */
  readonly serviceIdentities?: readonly IServiceIdentity[];
  /** @default - none */
  readonly trustedProfiles?: readonly ITrustedProfile[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An access group (`ibm_iam_access_group`): roles for a set of users, service IDs and
 * trusted profiles. Its members are one `ibm_iam_access_group_members` resource: the
 * provider warns that two of them for the same group fight each other.
 */
/** The attributes of an access group made elsewhere. */
export interface AccessGroupAttributes {
  /** the group's `AccessGroupId-…` ID (ibmcloud iam access-group <name> --id shows it) */
  readonly accessGroupId: string;
  /**
   * The name used in messages.
   * @default - the group ID
   */
  readonly name?: string;
  /** @default false */
  readonly allowManager?: boolean;
}

export class AccessGroup extends Construct implements IAccessGroup {
  /** an access group made elsewhere, to grant on */
  public static fromAttributes(scope: Construct, id: string, attrs: AccessGroupAttributes): IAccessGroup {
    if (isUnresolved(attrs.accessGroupId) || !ACCESS_GROUP_ID_PATTERN.test(attrs.accessGroupId)) {
      throwIfProblems(`AccessGroup.fromAttributes ${scope.node.path}/${id}`, [
        { path: ['accessGroupId'], message: `${isUnresolved(attrs.accessGroupId) ? 'a reference' : show(attrs.accessGroupId)} is not an access group ID; expected a literal AccessGroupId-<uuid> (ibmcloud iam access-group <name> --id shows it); for a group made in this app, pass the AccessGroup itself` },
      ]);
    }
    return new ImportedAccessGroup(scope, id, attrs.accessGroupId, attrs.name ?? attrs.accessGroupId, attrs.allowManager ?? false);
  }

  public readonly kind = 'access-group' as const;
  /** the `AccessGroupId-…` ID, which is how policies name the group */
  public readonly iamId: string;
  public readonly displayName: string;
  public readonly allowManager: boolean;
  /** the Terraform resource, for escape hatches */
  public readonly resource: IamAccessGroup;
  private membersResource?: IamAccessGroupMembers;
  private readonly users: string[] = [];
  private readonly serviceIds: string[] = [];
  private readonly profileIds: string[] = [];

  constructor(scope: Construct, id: string, props: AccessGroupProps) {
    super(scope, id);
    throwIfProblems(`AccessGroup ${this.node.path}`, [...validateIdentityName(props.name), ...validateUsers(props.users ?? [])]);
    this.resource = new IamAccessGroup(this, 'Resource', {
      name: props.name,
      description: props.description ?? 'Access group managed by ibm-data-guard',
    });
    this.iamId = this.resource.id;
    this.displayName = isUnresolved(props.name) ? this.node.id : props.name;
    this.allowManager = props.allowManager ?? false;
    props.users?.forEach((user) => this.addUser(user));
    props.serviceIdentities?.forEach((identity) => this.addServiceIdentity(identity));
    props.trustedProfiles?.forEach((profile) => this.addTrustedProfile(profile));
  }

  /** adds a user by IBMid (e-mail address) */
  public addUser(ibmId: string): void {
    throwIfProblems(`AccessGroup ${this.node.path}`, validateUsers([...this.users, ibmId]).map((p) => ({ ...p, path: ['users'] })));
    this.users.push(ibmId);
    this.members().ibmIds = [...this.users];
  }

  /** adds a service ID (by its `ServiceId-…` ID, which the members resource takes) */
  public addServiceIdentity(identity: IServiceIdentity): void {
    this.serviceIds.push(identity.serviceId);
    this.members().iamServiceIds = [...this.serviceIds];
  }

  /** adds a trusted profile (by its `Profile-…` ID) */
  public addTrustedProfile(profile: ITrustedProfile): void {
    this.profileIds.push(profile.profileId);
    this.members().iamProfileIds = [...this.profileIds];
  }

  private members(): IamAccessGroupMembers {
    this.membersResource ??= new IamAccessGroupMembers(this, 'members', { accessGroupId: this.iamId });
    return this.membersResource;
  }
}

class ImportedAccessGroup extends Construct implements IAccessGroup {
  public readonly kind = 'access-group' as const;

  constructor(
    scope: Construct,
    id: string,
    public readonly iamId: string,
    public readonly displayName: string,
    public readonly allowManager: boolean,
  ) {
    super(scope, id);
  }
}

function validateUsers(users: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  users.forEach((user, index) => {
    if (isUnresolved(user)) return;
    if (!EMAIL.test(user)) problems.push({ path: ['users', index], message: `${show(user)} is not an IBMid; give the user's e-mail address, as invited to the account` });
    else if (seen.has(user.toLowerCase())) problems.push({ path: ['users', index], message: `${show(user)} is listed twice` });
    seen.add(user.toLowerCase());
  });
  return problems;
}
