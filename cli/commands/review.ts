// ibm-data-guard review: plans and synth diffs as one Markdown comment per environment.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { parseJsonText } from '../../constructs/core/json';
import { renderReview, reviewFromPlan, ReviewInputError, reviewMarker, reviewSynthesizedApps, upsertComment } from '../../review';
import { synthesize, synthesizeRef } from '../../review/checkouts';
import type { CommandContext } from '../io';

const EXIT_CODES = 'Exit codes: 0 written, 2 the input could not be read or the command was given wrong.';

export function registerReview(program: Command, context: CommandContext, done: (code: number) => void): void {
  const review = program
    .command('review')
    .summary('render a plan or a synth diff as a pull-request comment')
    .description('Turns a change into one Markdown comment per environment: counts, a deletion banner, a security section first, masked values.')
    .addHelpText('after', `\n${EXIT_CODES}`);

  review
    .command('plan')
    .description('review a saved plan (terraform show -json plan.out > plan.json)')
    .argument('<plan.json>', 'the JSON of a plan')
    .option('--env <name>', 'the environment (default: the file name)')
    .option('--out <file>', 'write the comment to a file instead of standard output')
    .addHelpText('after', `\nExamples:\n  $ ibm-data-guard review plan plan.json --env prod --out prod.md\n\n${EXIT_CODES}`)
    .action((file: string, options: { env?: string; out?: string }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ReviewInputError(`${file}: cannot read the plan JSON: ${(error as Error).message}`);
      }
      // never quote the input: a plan holds secrets
      const parsed = parseJsonText(text);
      if (!parsed.ok) throw new ReviewInputError(`${file}: ${parsed.reason}; write the plan with terraform show -json plan.out > plan.json`);
      const comment = renderReview(reviewFromPlan(parsed.value, options.env ?? path.basename(file).replace(/\.json$/, '')));
      if (options.out) writeFileSync(options.out, comment);
      else context.io.stdout.write(comment);
      done(0);
    });

  review
    .command('synth')
    .description('review the synthesized change against a git ref, before anyone plans it (offline, no credentials)')
    .requiredOption('--base <ref>', 'the git ref to compare with, for example origin/main')
    .option('--out-dir <dir>', 'also write one <environment>.md per stack')
    .addHelpText('after', `\nExamples:\n  $ ibm-data-guard review synth --base origin/main --out-dir reviews\n\n${EXIT_CODES}`)
    .action((options: { base: string; outDir?: string }) => {
      const root = context.cwd;
      const work = mkdtempSync(path.join(tmpdir(), 'review-'));
      try {
        const baseOut = synthesizeRef(root, options.base, work);
        const headOut = synthesize(root, path.join(work, 'head'));
        const comments = reviewSynthesizedApps(baseOut, headOut).map((model) => ({ environment: model.environment, text: renderReview(model) }));
        if (options.outDir) {
          mkdirSync(options.outDir, { recursive: true });
          for (const comment of comments) writeFileSync(path.join(options.outDir, `${comment.environment}.md`), comment.text);
        }
        context.io.stdout.write(comments.map((comment) => comment.text).join('\n---\n\n'));
        done(0);
      } finally {
        rmSync(work, { recursive: true, force: true });
        execFileSync('git', ['worktree', 'prune'], { cwd: root });
      }
    });

  review
    .command('comment')
    .description('create the environment\'s pull-request comment, or edit it in place (GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMBER; GITHUB_API_URL honoured)')
    .requiredOption('--env <name>', 'the environment whose comment it is')
    .requiredOption('--file <file>', 'the comment, as review plan or review synth wrote it')
    .addHelpText(
      'after',
      `\nA pull request from a fork gets a read-only token: with IS_FORK=true, or when GitHub refuses the comment (403), the review goes to the job summary ($GITHUB_STEP_SUMMARY) instead, and the workflow uploads it as an artifact.\n\nExamples:\n  $ ibm-data-guard review comment --env prod --file prod.md\n\n${EXIT_CODES}`,
    )
    .action(async (options: { env: string; file: string }) => {
      const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repository, PR_NUMBER: pullRequest, GITHUB_API_URL: apiUrl = 'https://api.github.com', GITHUB_STEP_SUMMARY: summary, IS_FORK: fork } = context.env;
      const body = readFileSync(path.resolve(context.cwd, options.file), 'utf8');
      const toSummary = (why: string) => {
        if (!summary) throw new ReviewInputError(`${why}, and GITHUB_STEP_SUMMARY is not set: nowhere to put the review`);
        appendFileSync(summary, `${body}\n`);
        context.io.stdout.write(`${why}: the review of ${options.env} is in the job summary\n`);
        done(0);
      };
      if (fork === 'true') return toSummary('a pull request from a fork has a read-only token');
      if (!token || !repository || !pullRequest) throw new ReviewInputError('comment needs GITHUB_TOKEN, GITHUB_REPOSITORY and PR_NUMBER in the environment');
      try {
        const result = await upsertComment({ apiUrl, token, repository, pullRequest: Number(pullRequest) }, reviewMarker(options.env), body);
        context.io.stdout.write(`${result.action} ${result.url}\n`);
        done(0);
      } catch (error) {
        if (!/GitHub answered 403/.test((error as Error).message)) throw error;
        toSummary('GitHub refused the comment (403: the token is read-only)');
      }
    });
}
