import * as path from 'node:path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset, TerraformStack } from '../core/cdktf';

/** the script's file, next to this module (the build copies it into dist/) */
export const REPLICATOR_SCRIPT_SOURCE = path.join(__dirname, 'replicator.cjs');

const ASSET_ID = 'replicator-script';

/**
 * The replication script as an asset of the stack that `scope` is in, shipped once per
 * stack: its path, relative to the stack's folder, where Terraform runs it.
 */
export function replicatorScriptPath(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ASSET_ID);
  const asset = existing instanceof TerraformAsset ? existing : new TerraformAsset(stack, ASSET_ID, { path: REPLICATOR_SCRIPT_SOURCE, type: AssetType.FILE });
  return asset.path;
}
