// The only module of ours that imports the hashicorp/time provider bindings (prebuilt
// on npm as @cdktf/provider-time, made for cdktf 0.21).
import { Construct } from 'constructs';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { TerraformStack } from './cdktf';
import { defaultProviderOf } from './default-provider';

export { Rotating as TimeRotating } from '@cdktf/provider-time/lib/rotating';

/**
 * The stack's hashicorp/time provider: the one the stack already has (the user's, or
 * ours), or a new one. Two default configurations of a provider would make Terraform fail.
 */
export function timeProviderOf(scope: Construct): TimeProvider {
  const stack = TerraformStack.of(scope);
  return defaultProviderOf(stack, TimeProvider) ?? new TimeProvider(stack, 'time');
}
