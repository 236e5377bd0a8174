// What the project's stacks own: each environment's `managed_identities` output, read from
// its synthesized stack (names) and, after a deploy, from its Terraform outputs (real IDs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from '../constructs/core/cdktf';
import type { ManagedIdentityEntry } from '../constructs/iam/managed-identities';
import { isExpression } from '../constructs/core/terraform-json';
import { buildEnvironments, EnvironmentError, loadEnvironments } from '../environment';
import { HygieneError } from './errors';

export interface ManagedIdentity {
  readonly environment: string;
  readonly kind: ManagedIdentityEntry['kind'];
  /** the name in IAM, when the stack writes it as a literal */
  readonly name?: string;
  /** the real ID, when the environment's outputs were read */
  readonly id?: string;
  readonly construct: string;
}

export interface EnvironmentOwnership {
  readonly environment: string;
  readonly accountId: string;
  /** whether real IDs came from its outputs (otherwise names are matched) */
  readonly fromOutputs: boolean;
  readonly identities: readonly ManagedIdentity[];
}

/**
 * The identities and keys each environment file declares, from stacks built here (so the
 * answer never depends on a stale cdktf.out), with real IDs from `outputs`:
 * `terraform output -json` of each environment's stack, by environment name.
 */
export function readOwnership(directory: string, outputs: ReadonlyMap<string, unknown>): EnvironmentOwnership[] {
  let environments;
  try {
    environments = loadEnvironments(directory);
  } catch (error) {
    if (error instanceof EnvironmentError) throw new HygieneError(`the environment files cannot say what the stacks own:\n${error.message}`, 2);
    throw error;
  }
  const unknown = [...outputs.keys()].filter((name) => !environments.some((each) => each.name === name));
  if (unknown.length > 0) throw new HygieneError(`outputs were given for ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is not an environment' : 'are not environments'} of ${directory} (${environments.map((each) => each.name).join(', ')})`, 2);
  const outdir = mkdtempSync(path.join(tmpdir(), 'ibm-data-guard-identities-'));
  try {
    const app = new App({ outdir, stackTraces: false, skipValidation: true });
    let stacks;
    try {
      stacks = buildEnvironments(app, directory);
    } catch (error) {
      if (error instanceof EnvironmentError) throw new HygieneError(`the environment files cannot say what the stacks own:\n${error.message}`, 2);
      throw error;
    }
    return stacks.map((stack) => {
      const definition = environments.find((each) => each.name === stack.node.id)!;
      const json = stack.toTerraform() as { output?: Record<string, { value?: unknown }> };
      const declared = entriesOf(json.output?.managed_identities?.value);
      const real = outputs.has(stack.node.id) ? entriesOf(outputValue(outputs.get(stack.node.id), stack.node.id)) : undefined;
      const identities = Object.entries(declared).map(([construct, entry]) => ({
        environment: stack.node.id,
        kind: entry.kind,
        name: typeof entry.name === 'string' && !isExpression(entry.name) ? entry.name : undefined,
        id: real?.[construct]?.id,
        construct,
      }));
      return { environment: stack.node.id, accountId: definition.settings.account.id, fromOutputs: real !== undefined, identities };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function entriesOf(value: unknown): Record<string, ManagedIdentityEntry> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, ManagedIdentityEntry>) : {};
}

// all outputs (terraform output -json), or the managed_identities value alone
function outputValue(outputs: unknown, environment: string): unknown {
  const all = outputs as Record<string, { value?: unknown }> | undefined;
  if (all?.managed_identities && typeof all.managed_identities === 'object' && 'value' in all.managed_identities) return all.managed_identities.value;
  throw new HygieneError(`the outputs of ${environment} hold no managed_identities output; apply the stack first (it adds the output), or leave its outputs out to match by name`, 2);
}
