import { App } from '../constructs/core/cdktf';
import { ValidationError } from '../constructs/core/validation';
import { EnvironmentDefinition, environmentsDirectory, loadEnvironments } from './load';
import { EnvironmentError, EnvironmentProblem } from './problems';
import { EnvironmentStack } from './stack';

// how cdktf's App.synth() starts the error it throws when a stack has error annotations
const ANNOTATION_ERRORS = 'Encountered Annotations with level "ERROR"';

/** Builds one stack per environment file into an app. Throws EnvironmentError before anything is synthesized. */
export function buildEnvironments(app: App, directory: string = environmentsDirectory()): EnvironmentStack[] {
  return stacksFor(app, loadEnvironments(directory));
}

// Every stack is built, then every construct's synth-time check runs, so one run reports
// the problems of all files; the app skips cdktf's own run of the same checks.
function stacksFor(app: App, environments: readonly EnvironmentDefinition[]): EnvironmentStack[] {
  const stacks: EnvironmentStack[] = [];
  const problems: EnvironmentProblem[] = [];
  for (const environment of environments) {
    try {
      stacks.push(new EnvironmentStack(app, environment));
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      problems.push(...error.problems);
    }
  }
  problems.push(...stacks.flatMap((stack) => stack.validationProblems()));
  if (problems.length > 0) throw new EnvironmentError(problems);
  return stacks;
}

/**
 * The app's entry: synthesizes every environment, or prints every problem and exits 1
 * without writing a stack. Bad input never ends in a stack trace.
 */
export function main(): void {
  try {
    // every file is checked before the app exists: App() creates the output folder
    const environments = loadEnvironments(environmentsDirectory());
    // no stack traces in annotations: they would write this machine's paths into cdktf.out
    const app = new App({ stackTraces: false, skipValidation: true });
    stacksFor(app, environments);
    app.synth();
  } catch (error) {
    if (error instanceof EnvironmentError || error instanceof ValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.stderr.write(`no stack was synthesized: fix the problem${error.message.includes('\n') ? 's' : ''} above and run again\n`);
      process.exit(1);
    }
    // run without the cdktf CLI, app.synth() throws on the guardrails' error findings: print them plainly
    if (error instanceof Error && error.message.startsWith(ANNOTATION_ERRORS)) {
      process.stderr.write(`${error.message.split('\n\nEither fix')[0]}\nfix the findings above, or suppress them with a reason (docs/guardrails.md)\n`);
      process.exit(1);
    }
    throw error;
  }
}
