import { Construct, IConstruct } from 'constructs';

// A value kept in the construct tree, on an empty child of the scope it belongs to, so
// per-app and per-stack state lives and dies with its tree (as aws-cdk keeps Aspects.of
// on the scope) instead of in module-level maps shared by every app of the process.
class StateHolder<V> extends Construct {
  constructor(
    scope: IConstruct,
    id: string,
    public readonly value: V,
  ) {
    super(scope as Construct, id);
  }
}

/** the value kept on `scope` under `id`, made by `make` on first use */
export function stateOf<V>(scope: IConstruct, id: string, make: () => V): V {
  const existing = scope.node.tryFindChild(id);
  if (existing instanceof StateHolder) return existing.value as V;
  return new StateHolder(scope, id, make()).value;
}
