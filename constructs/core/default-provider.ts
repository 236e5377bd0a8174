import { IConstruct } from 'constructs';
import { TerraformStack } from './cdktf';
import { stateOf } from './tree-state';

/**
 * The stack's provider of a kind without an alias: the one its resources use unless they
 * name another. Found once per stack and kept in the tree, as every API key and database
 * asks and walking the tree each time made synth quadratic. A stack has one default
 * configuration of a provider (Terraform refuses two), so one found does not change; while
 * none is found, the next call looks again.
 */
export function defaultProviderOf<P extends IConstruct & { readonly alias?: string }>(stack: TerraformStack, kind: abstract new (...args: never[]) => P): P | undefined {
  const known = stateOf(stack, `ibm-data-guard.default-provider.${kind.name}`, (): { provider?: P } => ({}));
  if (known.provider === undefined) {
    const isDefault = (each: IConstruct): each is P => each instanceof kind && each.alias === undefined;
    // providers are almost always children of the stack: look there before walking the tree
    known.provider = stack.node.children.find(isDefault) ?? stack.node.findAll().find(isDefault);
  }
  return known.provider;
}
