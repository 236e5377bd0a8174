import type { IIamIdentity } from './identity';

/** A trusted profile: an identity that compute resources assume without any API key. */
export interface ITrustedProfile extends IIamIdentity {
  readonly kind: 'trusted-profile';
  /** the `Profile-…` ID, which links, claim rules and access group members take */
  readonly profileId: string;
}
