import { Construct } from 'constructs';
import { DataTerraformRemoteState, TerraformBackend, TerraformRemoteState } from './cdktf';

export interface CloudBlockProps {
  readonly organization: string;
  /** the one HCP Terraform workspace the stack is planned and applied in */
  readonly workspace: string;
  /** @default - the organization's default project */
  readonly project?: string;
  /** @default app.terraform.io */
  readonly hostname?: string;
}

/**
 * HCP Terraform's `cloud` block for one named workspace, written as cdktf's `CloudBackend`
 * writes it (the same block, the same `"//"` metadata the cdktf CLI reads).
 *
 * `CloudBackend` also adds a validation that runs `terraform version` on the machine that
 * synthesizes. A stack applied by HCP Terraform is planned there, so that machine may have
 * no Terraform at all, and the check would fail the synth; Terraform 1.1 and later, where
 * it runs, is what reads the block.
 */
export class CloudBlock extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly props: CloudBlockProps,
  ) {
    super(scope, 'backend', 'cloud');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      organization: this.props.organization,
      hostname: this.props.hostname,
      workspaces: { name: this.props.workspace, project: this.props.project },
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      organization: this.props.organization,
      hostname: this.props.hostname,
      workspaces: {
        value: {
          name: { value: this.props.workspace, type: 'simple', storageClassType: 'string' },
          ...(this.props.project === undefined ? {} : { project: { value: this.props.project, type: 'simple', storageClassType: 'string' } }),
        },
        isBlock: true,
        type: 'map',
        storageClassType: 'stringmap',
      },
    };
  }

  // the base class writes terraform.backend.cloud, overrides merged in; Terraform wants terraform.cloud
  public toTerraform(): unknown {
    return { terraform: { cloud: (super.toTerraform() as BackendJson).terraform.backend.cloud } };
  }

  public toHclTerraform(): unknown {
    return { terraform: { cloud: (super.toHclTerraform() as BackendJson).terraform.backend.cloud } };
  }

  // the cdktf CLI tells HCP Terraform (tfc) from Terraform Enterprise (tfe) by this
  public toMetadata(): unknown {
    const hostname = this.props.hostname;
    return { ...(super.toMetadata() as object), cloud: hostname === undefined || hostname.startsWith('app.terraform.io') ? 'tfc' : 'tfe' };
  }

  public getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    return new DataTerraformRemoteState(scope, name, {
      organization: this.props.organization,
      hostname: this.props.hostname,
      workspaces: { name: this.props.workspace },
    });
  }
}

interface BackendJson {
  readonly terraform: { readonly backend: { readonly cloud: unknown } };
}
