// The one way tests synthesize. cdktf's Testing.synth neither prepares stacks (backends,
// cross-stack references) nor fails on error annotations; this does both.
import { IConstruct } from 'constructs';
import { App, TerraformStack, Testing } from '../../constructs/core/cdktf';
import { IbmProvider } from '../../constructs/core/ibm-bindings';

/** the synthesized Terraform JSON of a stack, as text (what cdktf's matchers take) */
export function synthText(stack: TerraformStack): string {
  for (const each of stack.node.root.node.findAll()) {
    if (TerraformStack.isStack(each)) each.prepareStack();
  }
  const text = Testing.synth(stack, true);
  const errors = annotations(stack, '@cdktf/error');
  if (errors.length > 0) throw new Error(`synthesis produced errors:\n${errors.join('\n')}`);
  return text;
}

/**
 * The "//" metadata of a synthesized stack (cdktf's Testing.synth drops it), after
 * synthesizing as synthText does.
 */
export function synthMetadata(stack: TerraformStack): Record<string, unknown> {
  synthText(stack);
  return (stack.toTerraform() as { '//': Record<string, unknown> })['//'];
}

/** the synthesized Terraform JSON of a stack, parsed */
export function synthJson(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(synthText(stack)) as SynthesizedStack;
}

export interface SynthesizedStack {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
}

/** every resource of a type in a synthesized stack, by Terraform name */
export function resourcesOf(json: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** the only resource of a type in a synthesized stack */
export function onlyResource(json: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
}

/** messages of one annotation level found on a construct tree */
export function annotations(scope: IConstruct, level: '@cdktf/error' | '@cdktf/warn' | '@cdktf/info'): string[] {
  return scope.node
    .findAll()
    .flatMap((node) => node.node.metadata.filter((entry) => entry.type === level).map((entry) => `${node.node.path}: ${String(entry.data)}`));
}

/**
 * A fresh app and a stack holding only the IBM provider, for construct tests. The provider
 * reaches private endpoints where an instance has them, public ones elsewhere, as a runner
 * inside IBM Cloud does.
 */
export function testStack(id = 'test'): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  new IbmProvider(stack, 'ibm', { region: 'us-east', visibility: 'public-and-private' });
  return { app, stack };
}
