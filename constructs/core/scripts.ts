import * as path from 'node:path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset, TerraformStack } from './cdktf';

/**
 * The folder of the dependency-free scripts Terraform runs (the build copies it into
 * dist/): the scripts and the `http.cjs` they share travel together as one asset.
 */
export const SCRIPTS_FOLDER = path.join(__dirname, '..', 'scripts');

/** the scripts a stack may run */
export type ScriptName = 'replicator.cjs' | 'db2-users.cjs';

const ASSET_ID = 'scripts';

/**
 * A script's path relative to the stack's folder, where Terraform runs it. The scripts
 * folder is shipped once per stack, the first time one of its scripts is needed.
 */
export function scriptPath(scope: Construct, script: ScriptName): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ASSET_ID);
  const asset = existing instanceof TerraformAsset ? existing : new TerraformAsset(stack, ASSET_ID, { path: SCRIPTS_FOLDER, type: AssetType.DIRECTORY });
  return `${asset.path}/${script}`;
}
