import type { IIamIdentity } from './identity';

/** An access group: roles for a set of users, service IDs and trusted profiles. */
export interface IAccessGroup extends IIamIdentity {
  readonly kind: 'access-group';
}
