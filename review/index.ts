// The reviewer's entry point (`ibm-data-guard/review`): plans and synth diffs as one masked
// Markdown comment per environment, and the GitHub comment that carries it.
export * from './model';
export * from './plan';
export * from './security';
export * from './markdown';
export * from './synth-diff';
export * from './github-comment';
