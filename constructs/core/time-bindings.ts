// The only module of ours that imports the hashicorp/time provider bindings (prebuilt
// on npm as @cdktf/provider-time, made for cdktf 0.21).
import { Construct, IConstruct } from 'constructs';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { TerraformStack } from './cdktf';
import { stateOf } from './tree-state';

export { Rotating as TimeRotating } from '@cdktf/provider-time/lib/rotating';

/**
 * The stack's hashicorp/time provider: the one the stack already has (the user's, or
 * ours), or a new one. Two default configurations of a provider would make Terraform fail.
 */
export function timeProviderOf(scope: Construct): TimeProvider {
  const stack = TerraformStack.of(scope);
  // found once per stack and kept: walking the tree for every key made synth quadratic
  return stateOf(stack, 'ibm-data-guard.time-provider', () => {
    const isDefault = (each: IConstruct): each is TimeProvider => each instanceof TimeProvider && each.alias === undefined;
    return stack.node.children.find(isDefault) ?? stack.node.findAll().find(isDefault) ?? new TimeProvider(stack, 'time');
  });
}
