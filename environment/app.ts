import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from '../constructs/core/cdktf';
import { withoutTokenCreationTraces } from '../constructs/core/token-traces';
import { ValidationError } from '../constructs/core/validation';
import { EnvironmentDefinition, environmentsDirectory, readEnvironments } from './load';
import { EnvironmentError, EnvironmentProblem } from './problems';
import { EnvironmentStack } from './stack';

// how cdktf's App.synth() starts the error it throws when a stack has error annotations
const ANNOTATION_ERRORS = 'Encountered Annotations with level "ERROR"';

/** Builds one stack per environment file into an app. Throws EnvironmentError before anything is synthesized. */
export function buildEnvironments(app: App, directory: string = environmentsDirectory()): EnvironmentStack[] {
  const { environments, problems } = readEnvironments(directory);
  return stacksFor(app, environments, problems);
}

// Every stack is built, then every construct's synth-time check runs, so one run reports
// the problems of all files; the app skips cdktf's own run of the same checks.
// Files with schema problems are left out; every other file is built, so the schema,
// cross-reference and construct problems of all files come out in one run.
function stacksFor(app: App, environments: readonly EnvironmentDefinition[], earlier: readonly EnvironmentProblem[] = []): EnvironmentStack[] {
  const stacks: EnvironmentStack[] = [];
  const problems: EnvironmentProblem[] = [...earlier];
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
    const { environments, problems } = readEnvironments(environmentsDirectory());
    if (problems.length > 0) {
      // the valid files are still built, for their problems, in an app whose output folder
      // is thrown away: nothing is written while any file has problems
      const scratch = mkdtempSync(path.join(tmpdir(), 'ibm-data-guard-'));
      try {
        stacksFor(new App({ outdir: scratch, stackTraces: false, skipValidation: true }), environments, problems);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
    // where cdktf would write (CDKTF_OUTDIR, as the cdktf CLI sets it); cdktf makes only its last folder
    const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
    mkdirSync(outdir, { recursive: true });
    // no stack traces in annotations: they would write this machine's paths into cdktf.out
    const app = new App({ outdir, stackTraces: false, skipValidation: true });
    const stacks = withoutTokenCreationTraces(() => {
      const built = stacksFor(app, environments);
      app.synth();
      return built;
    });
    const written = path.resolve(app.outdir, 'stacks');
    const shown = path.relative(process.cwd(), written);
    // relative when it is under the current folder (cdktf.out/stacks), else the whole path
    process.stdout.write(`synthesized ${stacks.map((stack) => stack.node.id).join(', ')} into ${shown.startsWith('..') || path.isAbsolute(shown) ? written : shown}\n`);
  } catch (error) {
    if (error instanceof EnvironmentError || error instanceof ValidationError) {
      const files = new Set(error.problems.map((problem) => problem.file).filter((file) => file !== undefined));
      const count = error.problems.length;
      const summary = `${count} problem${count === 1 ? '' : 's'}${files.size > 0 ? ` in ${files.size} file${files.size === 1 ? '' : 's'}` : ''}: no stack was synthesized; fix ${count === 1 ? 'it' : 'them'} and run again`;
      process.stderr.write(`${error.message}\n${summary}\n`);
      process.exit(1);
    }
    // run without the cdktf CLI, app.synth() throws on the guardrails' error findings: print them plainly
    if (error instanceof Error && error.message.startsWith(ANNOTATION_ERRORS)) {
      process.stderr.write(`${error.message.split('\n\nEither fix')[0]}\nfix the findings above, or suppress them with a reason (docs/guardrails.md)\n`);
      process.exit(1);
    }
    // anything else (an output folder that cannot be written, a bug): its message, no stack trace
    process.stderr.write(`synth failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
