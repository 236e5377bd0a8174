import { Construct } from 'constructs';
import { IamServiceId } from '../core/ibm-bindings';
import { SERVICE_ID_IAM_ID_PATTERN, SERVICE_ID_PATTERN } from '../core/identifiers';
import { isUnresolved, show, throwIfProblems } from '../core/validation';
import { ApiKey, ApiKeyOptions } from './api-key';
import { IdentityProps, validateIdentityName } from './identity';
import { registerManagedIdentity } from './managed-identities';
import type { IServiceIdentity } from './service-identity-ref';

export type { IServiceIdentity } from './service-identity-ref';
import { SecretsManagerApiKey, SecretsManagerApiKeyOptions } from './secrets-manager-api-key';

/** a service ID's props: the name (IBM does not require it to be unique; keep it so anyway) */
export type ServiceIdentityProps = IdentityProps;

export interface ServiceIdentityAttributes {
  /** the service ID, in either form: `ServiceId-…` or its IAM ID `iam-ServiceId-…` */
  readonly serviceId: string;
  /**
   * The name used in messages.
   * @default - the service ID
   */
  readonly name?: string;
  /** @default false */
  readonly allowManager?: boolean;
}

/** A service ID (`ibm_iam_service_id`) that policies and API keys name by its IAM ID. */
export class ServiceIdentity extends Construct implements IServiceIdentity {
  /**
   * A service ID made elsewhere. Either form of its ID is accepted; the other is derived,
   * so each resource gets the form it wants.
   */
  public static fromAttributes(scope: Construct, id: string, attrs: ServiceIdentityAttributes): IServiceIdentity {
    const subject = `ServiceIdentity.fromAttributes ${scope.node.path}/${id}`;
    const given = attrs.serviceId;
    if (isUnresolved(given)) {
      throwIfProblems(subject, [{ path: ['serviceId'], message: 'must be a literal ServiceId-… or iam-ServiceId-… value; for a service ID made in this app, pass the ServiceIdentity itself' }]);
    }
    const serviceId = SERVICE_ID_IAM_ID_PATTERN.test(given) ? given.slice('iam-'.length) : given;
    if (!SERVICE_ID_PATTERN.test(serviceId)) {
      throwIfProblems(subject, [{ path: ['serviceId'], message: `${show(given)} is not a service ID; expected ServiceId-<uuid> or iam-ServiceId-<uuid> (ibmcloud iam service-id <name> shows it)` }]);
    }
    return new ImportedServiceIdentity(scope, id, serviceId, attrs.name ?? serviceId, attrs.allowManager ?? false);
  }

  public readonly kind = 'service-id' as const;
  public readonly iamId: string;
  public readonly serviceId: string;
  public readonly crn: string;
  public readonly displayName: string;
  public readonly allowManager: boolean;
  /** the Terraform resource, for escape hatches */
  public readonly resource: IamServiceId;

  constructor(scope: Construct, id: string, props: ServiceIdentityProps) {
    super(scope, id);
    throwIfProblems(`ServiceIdentity ${this.node.path}`, validateIdentityName(props.name));
    this.resource = new IamServiceId(this, 'Resource', {
      name: props.name,
      description: props.description ?? 'Application identity managed by ibm-data-guard',
    });
    this.iamId = this.resource.iamId;
    this.serviceId = this.resource.id;
    this.crn = this.resource.crn;
    this.displayName = isUnresolved(props.name) ? this.node.id : props.name;
    this.allowManager = props.allowManager ?? false;
    registerManagedIdentity(this, { kind: 'service-id', name: props.name, id: this.serviceId, iam_id: this.iamId });
  }

  /** An API key for this service ID that IAM does not keep, that expires and that rotates. */
  public addApiKey(id: string, options: ApiKeyOptions): ApiKey {
    return new ApiKey(this, id, { ...options, serviceIdentity: this });
  }

  /** An API key for this service ID that Secrets Manager creates and rotates instead of Terraform. */
  public addSecretsManagerApiKey(id: string, options: SecretsManagerApiKeyOptions): SecretsManagerApiKey {
    return new SecretsManagerApiKey(this, id, { ...options, serviceIdentity: this });
  }
}

class ImportedServiceIdentity extends Construct implements IServiceIdentity {
  public readonly kind = 'service-id' as const;
  public readonly iamId: string;

  constructor(
    scope: Construct,
    id: string,
    public readonly serviceId: string,
    public readonly displayName: string,
    public readonly allowManager: boolean,
  ) {
    super(scope, id);
    this.iamId = `iam-${serviceId}`;
  }
}

export { validateIdentityName } from './identity';
