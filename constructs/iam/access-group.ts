import { Construct } from 'constructs';
import { IamAccessGroup, IamAccessGroupMembers } from '../core/ibm-bindings';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import { IdentityProps, IIamIdentity } from './identity';
import { IServiceIdentity, validateIdentityName } from './service-identity';
import { ITrustedProfile } from './trusted-profile';

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
export class AccessGroup extends Construct implements IIamIdentity {
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
