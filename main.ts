// The cdktf app: one stack per environment file in environments/ (or $ENVIRONMENTS_DIR).

// tsx turns source maps on, so Node parses the inline map of every module it loads (cdktf's
// 370 files carry one) in case a stack trace is printed. The app prints messages, never a
// stack, so it turns them off before it loads anything: a tenth of the CPU of a small synth.
process.setSourceMapsEnabled(false);

// required, not imported: an import would load everything before the line above runs
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('./environment/app') as typeof import('./environment/app');

main();
