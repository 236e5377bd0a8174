import { Construct } from 'constructs';
import { Fn, TerraformOutput, TerraformStack } from '../core/cdktf';
import { IamServiceApiKey } from '../core/ibm-bindings';
import { bareReference, TerraformData } from '../core/terraform-data';
import { TimeRotating, timeProviderOf } from '../core/time-bindings';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import type { IServiceIdentity } from './service-identity-ref';
import { registerManagedIdentity } from './managed-identities';

/** A key may not stay valid for more than a year from its creation. */
export const MAX_KEY_LIFETIME_DAYS = 365;
export const DEFAULT_ROTATION_DAYS = 90;
export const DEFAULT_EXPIRY_GRACE_DAYS = 30;

// IBM's expires_at format, yyyy-MM-ddTHH:mm+0000, in Terraform's formatdate() spec.
// time_rotating reports UTC (a Z offset), so +0000 is literally true.
const IBM_EXPIRY_FORMAT = "YYYY-MM-DD'T'hh:mm'+0000'";

export interface ApiKeyOptions {
  /** the key's name, shown in the console beside the service ID */
  readonly name: string;
  /**
   * @default - a description naming the service ID and the rotation period
   */
  readonly description?: string;
  /**
   * Replace the key with a new one every this many days. Rotation happens at the first
   * `terraform apply` after the period ends; the new key is made before the old one is
   * deleted.
   * @default 90
   */
  readonly rotationDays?: number;
  /**
   * How long a key stays valid after its rotation falls due, so a key whose stack is not
   * applied on time keeps working for this long. The key expires (in IAM, whatever
   * Terraform does) at rotation + grace.
   * @default 30
   */
  readonly expiryGraceDays?: number;
  /**
   * The IBM service that exchanges the key for IAM tokens, when it is not your own workload:
   * `cloudantnosqldb` for a key in a replication document, which Cloudant's replicator
   * uses from Cloudant's own network. The IAM IP allowlist then needs that service's zone.
   * @default - your own workload exchanges it
   */
  readonly exchangedByService?: string;
}

export interface ApiKeyProps extends ApiKeyOptions {
  /** the service ID the key authenticates as */
  readonly serviceIdentity: IServiceIdentity;
}

/**
 * An API key of a service ID (`ibm_iam_service_api_key`) that IAM does not keep
 * (`store_value = false`), that expires, and that rotates every `rotationDays`.
 *
 * Rotation: `time_rotating` → `terraform_data.triggers_replace` → the key's
 * `replace_triggered_by`. A `time_rotating` named in `replace_triggered_by` directly never
 * fires (hashicorp/terraform-provider-time#118): when it expires it is dropped from state
 * and created again, which Terraform does not count as a replacement. The `terraform_data`
 * in between is replaced when the new rotation time is planned, and that does count.
 * The key is never `locked`: a locked key cannot be deleted, so rotation would fail.
 *
 * The key's value is in Terraform state (all IBM keys made by Terraform are); `value` is
 * a sensitive reference for consumers in the same stack.
 */
export class ApiKey extends Construct {
  /** the Terraform resource, for escape hatches */
  public readonly resource: IamServiceApiKey;
  /** the `time_rotating` that decides when the key is due */
  public readonly rotation: TimeRotating;
  /** the `terraform_data` that carries a rotation into the key's replacement */
  public readonly rotationTrigger: TerraformData;
  /** the key's ID (`ApiKey-…`), not a secret */
  public readonly apiKeyId: string;
  public readonly rotationDays: number;
  public readonly expiryGraceDays: number;
  /** the service ID the key authenticates as */
  public readonly serviceIdentity: IServiceIdentity;
  /** the IBM service that exchanges the key for tokens, when it is not your own workload */
  public readonly exchangedByService: string | undefined;

  constructor(scope: Construct, id: string, props: ApiKeyProps) {
    super(scope, id);
    throwIfProblems(`ApiKey ${this.node.path}`, validateApiKeyOptions(props));
    this.rotationDays = props.rotationDays ?? DEFAULT_ROTATION_DAYS;
    this.expiryGraceDays = props.expiryGraceDays ?? DEFAULT_EXPIRY_GRACE_DAYS;
    this.serviceIdentity = props.serviceIdentity;
    this.exchangedByService = props.exchangedByService;

    timeProviderOf(this);
    this.rotation = new TimeRotating(this, 'rotation', { rotationDays: this.rotationDays });
    this.rotationTrigger = new TerraformData(this, 'rotation-trigger', {
      triggersReplace: [this.rotation.rotationRfc3339],
    });
    const expiresAt = Fn.formatdate(IBM_EXPIRY_FORMAT, Fn.timeadd(this.rotation.rotationRfc3339, `${this.expiryGraceDays * 24}h`));

    this.resource = new IamServiceApiKey(this, 'Resource', {
      // the IAM ID (iam-ServiceId-…), unlike the deprecated policy argument of the same name
      iamServiceId: props.serviceIdentity.iamId,
      name: props.name,
      description:
        props.description ??
        `Key of ${props.serviceIdentity.displayName}, rotated every ${this.rotationDays} days, valid ${this.expiryGraceDays} days past rotation (ibm-data-guard)`,
      storeValue: false,
      locked: false,
      expiresAt,
      lifecycle: {
        createBeforeDestroy: true,
        replaceTriggeredBy: [bareReference(this.rotationTrigger)],
      },
    });
    this.apiKeyId = this.resource.id;
    registerManagedIdentity(this, { kind: 'api-key', name: props.name, id: this.apiKeyId, iam_id: props.serviceIdentity.iamId });
  }

  /**
   * The key's value: a sensitive reference for consumers in the same stack (for example a
   * replication document). Never put it in `terraform_data` input or a non-sensitive output.
   */
  public get value(): string {
    return this.resource.apikey;
  }

  /** A sensitive output of the key's value, for `terraform output -raw <name>`, named `name` at the top of the stack. */
  public addSensitiveOutput(name: string, description?: string): TerraformOutput {
    return new TerraformOutput(TerraformStack.of(this), name, {
      value: this.value,
      sensitive: true,
      description: description ?? `value of API key ${this.node.path} (sensitive; rotates every ${this.rotationDays} days)`,
    });
  }
}

export function validateApiKeyOptions(options: Partial<ApiKeyOptions>): Problem[] {
  const problems: Problem[] = [];
  if (options.name !== undefined && !isUnresolved(options.name) && options.name.trim() === '') {
    problems.push({ path: ['name'], message: 'the key name is empty; name the key after what uses it' });
  }
  const rotation = options.rotationDays ?? DEFAULT_ROTATION_DAYS;
  const grace = options.expiryGraceDays ?? DEFAULT_EXPIRY_GRACE_DAYS;
  const wholeDays = (value: number) => Number.isInteger(value) && value >= 1;
  if (!wholeDays(rotation)) {
    problems.push({ path: ['rotationDays'], message: `${show(rotation)} is not a rotation period; use a whole number of days of at least 1` });
  }
  if (!wholeDays(grace)) {
    problems.push({ path: ['expiryGraceDays'], message: `${show(grace)} is not a grace period; use a whole number of days of at least 1 (the key must outlive its rotation until the next apply)` });
  }
  if (wholeDays(rotation) && wholeDays(grace) && rotation + grace > MAX_KEY_LIFETIME_DAYS) {
    problems.push({
      path: [options.rotationDays !== undefined ? 'rotationDays' : 'expiryGraceDays'],
      message: `rotation every ${rotation} days plus ${grace} days of grace lets a key live ${rotation + grace} days, more than ${MAX_KEY_LIFETIME_DAYS}; shorten rotationDays or expiryGraceDays`,
    });
  }
  return problems;
}
