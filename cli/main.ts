#!/usr/bin/env node
// ibm-data-guard: the one command line. Each subcommand is a thin shell over a library
// function; this file parses, runs one, prints what went wrong in words, and picks the exit
// code. No input ends in a stack trace.
import { Command, CommanderError } from 'commander';
import { ValidationError } from '../constructs/core/validation';
import { EnvironmentError } from '../environment/problems';
import { LegacySecurityError } from '../environment/legacy-security';
import { GuardrailInputError } from '../guardrails/input-error';
import { ReviewInputError } from '../review/model';
import { registerApplySteps } from './commands/apply-steps';
import { registerCi } from './commands/ci';
import { registerDb2 } from './commands/db2';
import { registerGuardrails } from './commands/guardrails';
import { registerIdentities } from './commands/identities';
import { registerMaintenance } from './commands/maintenance';
import { registerMigrateSecurity } from './commands/migrate-security';
import { registerReplicationStatus } from './commands/replication-status';
import { registerReview } from './commands/review';
import { registerSchematics } from './commands/schematics';
import { registerVerify } from './commands/verify';
import { CommandContext, CommandFailure } from './io';

/** errors that are the input's fault, each with the exit code its command documents */
const INPUT_ERRORS: readonly [new (...args: never[]) => Error, number][] = [
  [GuardrailInputError, 2],
  [ReviewInputError, 2],
  [LegacySecurityError, 1],
  [EnvironmentError, 1],
  [ValidationError, 1],
];

/** runs the command line; returns the exit code */
export async function runCli(argv: readonly string[], context: Partial<CommandContext> = {}): Promise<number> {
  const full: CommandContext = { io: context.io ?? process, env: context.env ?? process.env, cwd: context.cwd ?? process.cwd() };
  const { io } = full;
  let code = 0;
  const done = (exitCode: number) => {
    code = exitCode;
  };
  const program = new Command('ibm-data-guard')
    .description('Guardrails, reviews and operations for IBM Cloud data services built with ibm-data-guard.')
    .showHelpAfterError()
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .addHelpText('after', '\nRun ibm-data-guard <command> --help for a command\'s options, examples and exit codes.\nA wrong command or option exits 2 with the usage.');
  registerGuardrails(program, full, done);
  registerReview(program, full, done);
  registerMaintenance(program, full, done);
  registerMigrateSecurity(program, full, done);
  registerReplicationStatus(program, full, done);
  registerDb2(program, full, done);
  registerApplySteps(program, full, done);
  registerSchematics(program, full, done);
  registerCi(program, full, done);
  registerIdentities(program, full, done);
  registerVerify(program, full, done);
  // every command and subcommand reports usage mistakes through the same path
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program)) command.exitOverride();

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with code 0; usage mistakes exit 2
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CommandFailure) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    const known = INPUT_ERRORS.find(([type]) => error instanceof type);
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return known ? known[1] : 1;
  }
}

if (require.main === module) {
  // a reader that stops early (| head) closes the pipe: stop quietly, as Unix tools do
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
