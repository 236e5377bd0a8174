import type { IIamIdentity } from './identity';

/** A service ID: the identity of an application, with API keys of its own. */
export interface IServiceIdentity extends IIamIdentity {
  readonly kind: 'service-id';
  /** the `ServiceId-…` form, which access group members and Secrets Manager take */
  readonly serviceId: string;
}
