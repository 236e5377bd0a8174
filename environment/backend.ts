import { Construct } from 'constructs';
import { LocalBackend, RemoteBackend, S3Backend, TerraformBackend, TerraformRemoteState, TerraformStack } from '../constructs/core/cdktf';
import { CloudBlock } from '../constructs/core/cloud-block';
import type { BackendSettings } from './schema';

// Stacks are synthesized to cdktf.out/stacks/<name>/ and Terraform runs there, so this
// leads from a stack folder back to the project root. State stays out of cdktf.out,
// which cdktf prunes, and no machine path is written into the stack.
const STACK_DIR_TO_PROJECT_ROOT = '../../..';

/**
 * No backend block at all: IBM Schematics keeps the state of its workspaces itself and
 * takes none. cdktf adds a local backend to a stack without one; this stands in its place
 * and writes nothing.
 */
class EngineKeepsState extends TerraformBackend {
  constructor(scope: Construct) {
    super(scope, 'backend', 'schematics');
  }

  public toTerraform(): Record<string, unknown> {
    return {};
  }

  public toHclTerraform(): Record<string, unknown> {
    return {};
  }

  public getRemoteStateDataSource(): TerraformRemoteState {
    throw new Error('a Schematics workspace shares its outputs through the ibm_schematics_output data source, not remote state');
  }
}

/** Configures where Terraform keeps the state of an environment's stack. */
export function configureBackend(stack: TerraformStack, settings: BackendSettings | undefined, accountRegion: string, engine: 'local' | 'hcp' | 'schematics' = 'local'): void {
  const name = stack.node.id;
  if (engine === 'schematics') {
    new EngineKeepsState(stack);
    return;
  }
  switch (settings?.type ?? 'local') {
    case 'local': {
      const file = settings?.type === 'local' && settings.path ? settings.path : `terraform.${name}.tfstate`;
      new LocalBackend(stack, { path: `${STACK_DIR_TO_PROJECT_ROOT}/${file}` });
      return;
    }
    case 's3': {
      const s3 = settings as Extract<BackendSettings, { type: 's3' }>;
      // IBM Cloud Object Storage speaks S3 but is not AWS: skip the AWS-only checks.
      // HMAC credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY at deploy time.
      const backend = new S3Backend(stack, {
        bucket: s3.bucket,
        key: s3.key,
        region: s3.region ?? accountRegion,
        endpoints: { s3: s3.endpoint },
        usePathStyle: true,
        skipCredentialsValidation: true,
        skipRegionValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: true,
        skipS3Checksum: true,
      });
      // cdktf 0.21 has no useLockfile option (Terraform >= 1.10 reads it)
      if (s3.lock ?? true) backend.addOverride('use_lockfile', true);
      return;
    }
    case 'cloud': {
      const cloud = settings as Extract<BackendSettings, { type: 'cloud' }>;
      new CloudBlock(stack, { organization: cloud.organization, hostname: cloud.hostname, workspace: cloud.workspace, project: cloud.project });
      return;
    }
    case 'remote': {
      const remote = settings as Extract<BackendSettings, { type: 'remote' }>;
      new RemoteBackend(stack, {
        organization: remote.organization,
        hostname: remote.hostname,
        workspaces: { name: remote.workspace },
      });
      return;
    }
  }
}
