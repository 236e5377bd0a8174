// ibm-data-guard identities report / enable: the keys and service IDs nobody uses, beside
// what the stacks own, and a clean-up that is safe to run.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { environmentsDirectory } from '../../environment/load';
import { ACTIONS, CleanupAction, FAIL_ON, FailOn, Format, FORMATS, HygieneError, identityReport, identityServiceFrom, readRecord, undo, upsertReportIssue } from '../../hygiene';
import { CommandFailure, pollInterval, type CommandContext } from '../io';

interface ReportCommandOptions {
  account?: string;
  days: number;
  environments?: string;
  outputs: Map<string, unknown>;
  format: Format;
  out?: string;
  markdown?: string;
  failOn: FailOn;
  wait: number;
  disable?: boolean;
  lock?: boolean;
  delete?: boolean;
  yes?: boolean;
  includeManaged?: string;
  record?: string;
}

const ACCOUNT_ID = /^[0-9a-f]{32}$/;

export function registerIdentities(program: Command, context: CommandContext, done: (code: number) => void): void {
  const identities = program.command('identities').summary('identity hygiene: unused keys and service IDs, beside what the stacks own');
  const resolve = (file: string) => path.resolve(context.cwd, file);
  identities
    .command('report')
    .summary("classify every API key, service ID and trusted profile of the account by IAM's inactivity report and the stacks' ownership")
    .option('--account <id>', "the account (default: the one the environment files name in account.id)", (value) => {
      if (!ACCOUNT_ID.test(value)) throw new InvalidArgumentError(`${value} is not an account ID: 32 lowercase hexadecimal characters (ibmcloud target shows it)`);
      return value;
    })
    .option('--days <n>', "inactive = no authentication in this many days (IBM's definition: 30)", wholeNumber(1, 365), 30)
    .option('--environments <dir>', 'the environment files (default environments/, or $ENVIRONMENTS_DIR)')
    .option('--outputs <environment=file>', 'terraform output -json of an environment, for real IDs (repeatable; otherwise names are matched)', (value, all: Map<string, unknown>) => {
      const at = value.indexOf('=');
      const [name, file] = at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
      if (!name || !file) throw new InvalidArgumentError(`${value}: write <environment>=<file>, such as prod=prod-outputs.json`);
      try {
        all.set(name, JSON.parse(readFileSync(resolve(file), 'utf8')) as unknown);
      } catch (error) {
        throw new InvalidArgumentError(`cannot read ${file} as JSON (${(error as Error).message.split('\n')[0]}); write it with terraform output -json > ${file}`);
      }
      return all;
    }, new Map<string, unknown>())
    .addOption(new Option('--format <format>', 'table, markdown, json or csv').choices(FORMATS).default('table'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--markdown <file>', 'also write the Markdown form to this file (for an issue), from the same IAM report')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding is at this level or above: action, warning, never').choices(FAIL_ON).default('action'))
    .option('--wait <seconds>', 'how long to wait for IAM to build the report', wholeNumber(1, 3600), 300)
    .option('--disable', 'disable the unmanaged inactive API keys (reversible; dry run without --yes)')
    .option('--lock', 'lock the unmanaged inactive API keys and service IDs (dry run without --yes)')
    .option('--delete', 'delete the unmanaged inactive API keys and service IDs; never a locked one (dry run without --yes)')
    .option('--yes', 'carry out the clean-up')
    .option('--include-managed <reason>', 'act on managed inactive identities too, for this reason (Terraform will recreate or fail on them)')
    .option('--record <file>', 'where to write the record of what is acted on (default identity-cleanup-<time>.json)')
    .addHelpText(
      'after',
      [
        '',
        'The key comes from IAM_IDENTITY_APIKEY (or IBMCLOUD_API_KEY), never from an argument; IAM_IDENTITY_URL and',
        'IAM_IDENTITY_AUTH_URL point the SDK elsewhere, as for IBM\'s own tools. The report needs Service Configuration',
        'Reader on iam-identity, listing keys API key reviewer (or Operator); a clean-up needs Operator or Administrator.',
        '',
        'Examples:',
        '  $ ibm-data-guard identities report',
        '  $ ibm-data-guard identities report --outputs prod=prod-outputs.json --format markdown --out hygiene.md',
        '  $ ibm-data-guard identities report --disable            # dry run: what it would disable',
        '  $ ibm-data-guard identities report --disable --yes      # writes the record, disables, says how to undo',
        '',
        'Exit codes: 0 nothing at --fail-on; 1 findings at --fail-on or a clean-up step failed; 2 cannot check.',
      ].join('\n'),
    )
    .action(async (options: ReportCommandOptions) => {
      const actions = ACTIONS.filter((action) => options[action]);
      if (actions.length > 1) throw new CommandFailure(`choose one of --${actions.join(', --')}`, 2);
      if ((options.yes || options.includeManaged || options.record) && actions.length === 0) throw new CommandFailure('--yes, --include-managed and --record go with --disable, --lock or --delete', 2);
      if (options.includeManaged !== undefined && options.includeManaged.trim().length < 10) throw new CommandFailure('--include-managed needs a reason of at least 10 characters: why Terraform-managed identities may be changed behind its back', 2);
      const action = actions[0] as CleanupAction | undefined;
      try {
        const result = await identityReport({
          env: context.env,
          accountId: options.account,
          days: options.days,
          environmentsDir: resolve(options.environments ?? environmentsDirectory(context.env)),
          outputs: options.outputs,
          format: options.format,
          colour: options.out === undefined && options.format === 'table' && Boolean((context.io.stdout as { isTTY?: boolean }).isTTY) && !context.env.NO_COLOR,
          failOn: options.failOn,
          maxWaitMs: options.wait * 1000,
          // IAM builds the report in seconds to minutes; IDENTITY_REPORT_POLL_MS tunes how often it is asked
          pollMs: pollInterval(context.env, 'IDENTITY_REPORT_POLL_MS', 2000),
          progress: (line) => context.io.stderr.write(`${line}\n`),
          cleanup: action && { action, yes: options.yes ?? false, includeManaged: options.includeManaged, recordFile: resolve(options.record ?? `identity-cleanup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`) },
        });
        if (options.markdown) writeFileSync(resolve(options.markdown), result.markdown);
        if (options.out) writeFileSync(resolve(options.out), result.text);
        else context.io.stdout.write(result.text);
        if (result.cleanupText) context.io.stderr.write(`${result.cleanupText}\n`);
        done(result.exitCode);
      } catch (error) {
        if (error instanceof HygieneError) throw new CommandFailure(error.message, error.exitCode);
        throw error;
      }
    });

  identities
    .command('issue')
    .summary('keep one GitHub issue (label identity-hygiene) holding the latest Markdown report, edited in place')
    .requiredOption('--file <report.md>', 'the report, as identities report --format markdown wrote it')
    .option('--title <title>', 'the issue title', 'Identity hygiene report')
    .addHelpText('after', '\nNeeds GITHUB_TOKEN (with issues: write) and GITHUB_REPOSITORY; GITHUB_API_URL is honoured.\n\nExit codes: 0 created or updated; 2 missing settings, an unreadable file, or GitHub refused.')
    .action(async (options: { file: string; title: string }) => {
      const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repository, GITHUB_API_URL: apiUrl = 'https://api.github.com' } = context.env;
      if (!token || !repository) throw new CommandFailure('issue needs GITHUB_TOKEN and GITHUB_REPOSITORY in the environment', 2);
      let markdown: string;
      try {
        markdown = readFileSync(resolve(options.file), 'utf8');
      } catch (error) {
        throw new CommandFailure(`cannot read ${options.file}: ${(error as Error).message}`, 2);
      }
      try {
        const result = await upsertReportIssue({ apiUrl, token, repository }, options.title, markdown);
        context.io.stdout.write(`${result.action} issue #${result.number}: ${result.url}\n`);
        done(0);
      } catch (error) {
        throw new CommandFailure((error as Error).message, 2);
      }
    });

  identities
    .command('enable')
    .summary('undo a clean-up from its record: enable the keys it disabled, unlock what it locked')
    .requiredOption('--record <file>', 'the record the clean-up wrote')
    .option('--yes', 'carry it out (without: a dry run)')
    .addHelpText('after', '\nExit codes: 0 undone (or nothing to do); 1 a step failed, or the record is of a delete; 2 cannot read the record or reach IAM.')
    .action(async (options: { record: string; yes?: boolean }) => {
      try {
        const record = readRecord(resolve(options.record));
        const service = identityServiceFrom(context.env);
        const outcome = await undo(service, record, options.yes ?? false);
        const verb = record.action === 'disable' ? 'enabled' : 'unlocked';
        const lines = [
          ...outcome.impossible,
          ...outcome.done.map((what) => (options.yes ? `${verb}: ${what}` : `would be ${verb}: ${what}`)),
          ...outcome.failed.map((reason) => `FAILED: ${reason}`),
        ];
        if (!options.yes && outcome.impossible.length === 0) lines.push('dry run: nothing changed. Run again with --yes.');
        context.io.stdout.write(`${lines.join('\n')}\n`);
        done(outcome.failed.length > 0 || outcome.impossible.length > 0 ? 1 : 0);
      } catch (error) {
        if (error instanceof HygieneError) throw new CommandFailure(error.message, error.exitCode);
        throw error;
      }
    });
}

function wholeNumber(min: number, max: number) {
  return (value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) throw new InvalidArgumentError(`${value}: give a whole number from ${min} to ${max}`);
    return number;
  };
}
