// The environment model: YAML files in, stacks out. Users who write their own stacks in
// TypeScript use the constructs directly and never need this.
export * from './load';
export * from './problems';
export * from './schema';
export * from './stack';
export * from './backend';
export * from './engine';
export * from './app';
export * from './legacy-security';
