import { Construct } from 'constructs';
import { SmIamCredentialsSecret } from '../core/ibm-bindings';
import { GUID_PATTERN } from '../core/identifiers';
import { validateRegion } from '../core/regions';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import type { IServiceIdentity } from './service-identity-ref';

// Secrets Manager's bounds for an IAM credentials secret's ttl (provider validation)
export const SM_TTL_MIN_SECONDS = 60;
export const SM_TTL_MAX_SECONDS = 7_776_000;
const DAY_SECONDS = 86_400;

export interface SecretsManagerApiKeyOptions {
  /** the secret's name in Secrets Manager (2-256 characters) */
  readonly name: string;
  /** the GUID of an existing Secrets Manager instance whose IAM credentials engine is configured */
  readonly secretsManagerGuid: string;
  /**
   * The Secrets Manager instance's region.
   * @default - the provider's region
   */
  readonly secretsManagerRegion?: string;
  /**
   * The secret group (a UUID, or `default`).
   * @default - the default group
   */
  readonly secretGroupId?: string;
  /**
   * How long each generated API key lives, in seconds (60 to 7,776,000 = 90 days). Secrets
   * Manager deletes the key when it ends.
   * @default 5184000 (60 days)
   */
  readonly ttlSeconds?: number;
  /**
   * Secrets Manager rotates the secret (a new API key) every this many days; must be shorter than the ttl.
   * @default 30
   */
  readonly rotationDays?: number;
  /**
   * Reach Secrets Manager over its private endpoint.
   * @default false
   */
  readonly privateEndpoint?: boolean;
  /** @default - none */
  readonly description?: string;
}

export interface SecretsManagerApiKeyProps extends SecretsManagerApiKeyOptions {
  readonly serviceIdentity: IServiceIdentity;
}

/**
 * An API key of a service ID that Secrets Manager creates, hands out and rotates
 * (`ibm_sm_iam_credentials_secret`): Terraform never creates the key itself. Consumers
 * read the current key from Secrets Manager.
 */
export class SecretsManagerApiKey extends Construct {
  public readonly resource: SmIamCredentialsSecret;
  /** the secret's ID in Secrets Manager */
  public readonly secretId: string;
  /** the service ID the key authenticates as */
  public readonly serviceIdentity: IServiceIdentity;

  constructor(scope: Construct, id: string, props: SecretsManagerApiKeyProps) {
    super(scope, id);
    this.serviceIdentity = props.serviceIdentity;
    throwIfProblems(`SecretsManagerApiKey ${this.node.path}`, validateSecretsManagerApiKeyOptions(props));
    const rotationDays = props.rotationDays ?? 30;
    this.resource = new SmIamCredentialsSecret(this, 'Resource', {
      instanceId: props.secretsManagerGuid,
      region: props.secretsManagerRegion,
      endpointType: props.privateEndpoint ? 'private' : undefined,
      name: props.name,
      description: props.description ?? `API key of ${props.serviceIdentity.displayName}, rotated by Secrets Manager every ${rotationDays} days (ibm-data-guard)`,
      // the ServiceId-… form: Secrets Manager looks the service ID up by it
      serviceId: props.serviceIdentity.serviceId,
      ttl: String(props.ttlSeconds ?? 60 * DAY_SECONDS),
      // Terraform-managed IAM credentials secrets fail to create unless the key is reused
      reuseApiKey: true,
      secretGroupId: props.secretGroupId,
      rotation: { autoRotate: true, interval: rotationDays, unit: 'day' },
    });
    this.secretId = this.resource.secretId;
  }
}

export function validateSecretsManagerApiKeyOptions(options: Partial<SecretsManagerApiKeyOptions>): Problem[] {
  const problems: Problem[] = [];
  const { name, secretsManagerGuid, secretsManagerRegion, secretGroupId } = options;
  if (name !== undefined && !isUnresolved(name) && (name.length < 2 || name.length > 256)) {
    problems.push({ path: ['name'], message: `${show(name)} has ${name.length} character${name.length === 1 ? '' : 's'}; Secrets Manager secret names have 2 to 256` });
  }
  if (secretsManagerGuid !== undefined && !isUnresolved(secretsManagerGuid) && !GUID_PATTERN.test(secretsManagerGuid)) {
    problems.push({
      path: ['secretsManagerGuid'],
      message: `${show(secretsManagerGuid)} is not a GUID; pass the Secrets Manager instance GUID (the 8-4-4-4-12 part of its CRN)${secretsManagerGuid.startsWith('crn:') ? ', not the CRN' : ''}`,
    });
  }
  problems.push(...validateRegion('secretsManagerRegion', secretsManagerRegion));
  if (secretGroupId !== undefined && !isUnresolved(secretGroupId) && secretGroupId !== 'default' && !GUID_PATTERN.test(secretGroupId)) {
    problems.push({ path: ['secretGroupId'], message: `${show(secretGroupId)} is not a secret group ID; use the group's UUID or default` });
  }
  const ttl = options.ttlSeconds ?? 60 * DAY_SECONDS;
  const rotation = options.rotationDays ?? 30;
  if (!Number.isInteger(ttl) || ttl < SM_TTL_MIN_SECONDS || ttl > SM_TTL_MAX_SECONDS) {
    problems.push({ path: ['ttlSeconds'], message: `${show(ttl)} is outside Secrets Manager's range; use a whole number of seconds from ${SM_TTL_MIN_SECONDS} to ${SM_TTL_MAX_SECONDS} (90 days)` });
  } else if (!Number.isInteger(rotation) || rotation < 1) {
    problems.push({ path: ['rotationDays'], message: `${show(rotation)} is not a rotation interval; use a whole number of days of at least 1` });
  } else if (rotation * DAY_SECONDS >= ttl) {
    problems.push({ path: ['rotationDays'], message: `rotation every ${rotation} days comes after the key's ttl of ${ttl} seconds (${(ttl / DAY_SECONDS).toFixed(1)} days) has ended, so consumers would hold an expired key; rotate more often or raise ttlSeconds` });
  }
  return problems;
}
