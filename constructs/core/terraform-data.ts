import { Construct } from 'constructs';
import { ITerraformDependable, Lazy, LocalExecProvisioner, TerraformResource, TerraformResourceLifecycle } from './cdktf';

export interface TerraformDataProps {
  /**
   * Values whose change replaces this resource (Terraform's `triggers_replace`).
   * @default - never replaced
   */
  readonly triggersReplace?: unknown;
  /**
   * A value stored in state and echoed as `output`. Never put a secret here: `output` is
   * not marked sensitive even when `input` is.
   * @default - none
   */
  readonly input?: unknown;
  /** @default - none */
  readonly lifecycle?: TerraformResourceLifecycle;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Commands run on create (and, with `when: 'destroy'`, on destroy). A destroy-time
   * command may refer only to the resource itself (`self.input…`).
   * @default - none
   */
  readonly provisioners?: LocalExecProvisioner[];
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform 1.4 and later).
 *
 * cdktf's own `DataResource` adds a validation that runs `terraform version` at synth
 * time, so synthesizing would need a Terraform binary. Synth must work offline on a
 * machine without one; Terraform checks its own version when it plans.
 */
export class TerraformData extends TerraformResource {
  private readonly props: TerraformDataProps;

  constructor(scope: Construct, id: string, props: TerraformDataProps = {}) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      lifecycle: props.lifecycle,
      dependsOn: props.dependsOn,
      provisioners: props.provisioners,
    });
    this.props = props;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { triggers_replace: this.props.triggersReplace, input: this.props.input };
  }
}

/**
 * A resource's address as a bare reference (`terraform_data.x`), the only form Terraform
 * accepts in `replace_triggered_by` and `depends_on`. cdktf writes a resource given there
 * as `${terraform_data.x}`, which Terraform 1.11 rejects ("Invalid expression"). Lazy,
 * so a logical ID overridden later is still followed.
 */
export function bareReference(resource: TerraformResource): string {
  return Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
}
