// ibm-data-guard ci environments: the environments a pull-request workflow plans and applies,
// in the order it applies them (the others first, production last: dev → staging → prod),
// each with its engine. An environment whose state is a local file is refused (a CI job's
// disk is gone when it ends: every plan would create everything and the state of an apply
// would be lost), or skipped with the same message when asked to.
import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { engineOf } from '../../environment/engine';
import { environmentsDirectory, loadEnvironments } from '../../environment/load';
import { CommandFailure, type CommandContext } from '../io';

export function registerCi(program: Command, context: CommandContext, done: (code: number) => void): void {
  const ci = program.command('ci').summary('what a CI workflow needs to know about the environments');
  ci.command('environments')
    .summary('the environments to plan and apply, in order, as JSON for a job matrix; refuses local state')
    .option('--skip-local', 'skip environments whose state is a local file (with the message) instead of failing')
    .option('--github-output <file>', 'also write matrix=<json> and terraform=<version> to this file ($GITHUB_OUTPUT)')
    .addHelpText('after', '\nThe Terraform version comes from .terraform-version at the project root: the one place it is pinned.\n\nExit codes: 0 listed; 1 an environment keeps local state (without --skip-local); 2 unreadable environment files.')
    .action((options: { skipLocal?: boolean; githubOutput?: string }) => {
      const environments = loadEnvironments(path.resolve(context.cwd, environmentsDirectory(context.env)));
      const local = environments.filter((each) => engineOf(each.settings) === 'local' && (each.settings.backend?.type ?? 'local') === 'local');
      for (const each of local) {
        const message = `${each.name} keeps its state in a local file, which a CI job loses when it ends (every plan would create everything); configure backend s3 (IBM Cloud Object Storage) or cloud (HCP Terraform) in ${each.file}`;
        if (!options.skipLocal) throw new CommandFailure(`${message}, or skip it in CI with --skip-local`, 1);
        context.io.stderr.write(`skipped: ${message}\n`);
      }
      const listed = environments
        .filter((each) => !local.includes(each))
        .sort((a, b) => Number(a.production) - Number(b.production) || a.name.localeCompare(b.name))
        .map((each) => ({ name: each.name, engine: engineOf(each.settings), production: each.production }));
      const terraform = readFileSync(path.resolve(context.cwd, '.terraform-version'), 'utf8').trim();
      const matrix = JSON.stringify(listed);
      context.io.stdout.write(`${matrix}\n`);
      if (options.githubOutput) appendFileSync(path.resolve(context.cwd, options.githubOutput), `matrix=${matrix}\nterraform=${terraform}\n`);
      done(0);
    });
}
