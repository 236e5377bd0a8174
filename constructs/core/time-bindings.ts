// The only module of ours that imports the hashicorp/time provider bindings, generated into
// .gen/ from the vendored schema (provider-schemas/time-0.13.1.json), as the IBM ones are:
// no prebuilt package, so neither cdktf nor its fork depends on an archived one.
import { Construct } from 'constructs';
import { TimeProvider } from '../../.gen/providers/time/provider';
import { TerraformStack } from './cdktf';
import { defaultProviderOf } from './default-provider';

export { Rotating as TimeRotating } from '../../.gen/providers/time/rotating';

/**
 * The stack's hashicorp/time provider: the one the stack already has (the user's, or
 * ours), or a new one. Two default configurations of a provider would make Terraform fail.
 */
export function timeProviderOf(scope: Construct): TimeProvider {
  const stack = TerraformStack.of(scope);
  return defaultProviderOf(stack, TimeProvider) ?? new TimeProvider(stack, 'time');
}
