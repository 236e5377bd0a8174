// The guardrails section of environment files: every stack is checked at synth, production
// more strictly; levels and suppressions come from the file and are recorded in the stack.
import { annotations, synthMetadata, synthText } from './support/synth';
import { stackFrom, stackProblemsOf } from './support/environment';

const ACCOUNT = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east }\n';
const SCRATCH = `${ACCOUNT}cloudant:\n  scratch: { plan: standard, preventDestroy: false }\n`;

describe('guardrails in environment files', () => {
  test('production refuses what another environment allows', () => {
    expect(() => synthText(stackFrom(SCRATCH, 'dev'))).not.toThrow();
    expect(() => synthText(stackFrom(SCRATCH, 'prod'))).toThrow(
      /^synthesis produced errors:\nprod\/cloudant-scratch\/Resource: IBM-CLD-3 ibm_cloudant\.cloudant-scratch_[0-9A-F]{8}: a production Cloudant instance or database can be destroyed by a plan: no lifecycle\.prevent_destroy = true\. Fix: /,
    );
  });

  test('a level from the file applies to this environment and is recorded', () => {
    const stack = stackFrom(`${SCRATCH}guardrails:\n  levels: { IBM-CLD-3: warning }\n`, 'prod');
    expect(synthMetadata(stack).guardrails).toEqual({ production: true, levels: { 'IBM-CLD-3': 'warning' } });
    expect(annotations(stack, '@cdktf/warn')).toEqual([expect.stringMatching(/^prod\/cloudant-scratch\/Resource: IBM-CLD-3 /)]);
  });

  test('a suppression names the entry it covers, and is recorded with that entry\'s construct path', () => {
    const text = `${SCRATCH}guardrails:\n  suppressions:\n    - { rule: IBM-CLD-3, entry: cloudant.scratch, reason: scratch data is rebuilt from orders every night }\n`;
    const stack = stackFrom(text, 'prod');
    expect(synthMetadata(stack).guardrails).toEqual({
      production: true,
      suppressions: [{ rule: 'IBM-CLD-3', reason: 'scratch data is rebuilt from orders every night', path: 'prod/cloudant-scratch' }],
    });
  });

  test('a suppression that suppresses nothing is a warning', () => {
    const stack = stackFrom(`${SCRATCH}guardrails:\n  suppressions:\n    - { rule: IBM-NET-1, reason: the office zone is wide on purpose }\n`, 'dev');
    synthText(stack);
    expect(annotations(stack, '@cdktf/warn')).toEqual([
      'dev: unused guardrail suppression: IBM-NET-1 found nothing in this stack to suppress (reason given: "the office zone is wide on purpose"); remove it',
    ]);
  });

  test('refuses unknown rules, short reasons, unknown levels and entries, at their lines', () => {
    const text = [
      `${SCRATCH}guardrails:`,
      '  levels: { IBM-CLD-33: error, IBM-CLD-4: fatal }',
      '  suppressions:',
      '    - { rule: IBM-KEY-2, reason: later }',
      '    - { rule: IBM-KEY-2, entry: cloudant.scrach, reason: the key is short-lived anyway }',
      '',
    ].join('\n');
    expect(stackProblemsOf(text, 'prod')).toEqual([
      'environments/prod.yaml:5:43: guardrails.levels.IBM-CLD-4: "fatal" is not allowed; use one of error, warning',
      'environments/prod.yaml:5:25: guardrails.levels.IBM-CLD-33: "IBM-CLD-33" is not a guardrail rule; did you mean IBM-CLD-3? the rules are listed in docs/guardrails.md',
      'environments/prod.yaml:7:34: guardrails.suppressions.0.reason: the reason is 5 characters long; say in at least 10 why the rule does not apply here, for the auditor who reads it',
    ]);
    const entry = `${SCRATCH}guardrails:\n  suppressions:\n    - { rule: IBM-KEY-2, entry: cloudant.scrach, reason: the key is short-lived anyway }\n`;
    expect(stackProblemsOf(entry, 'prod')).toEqual([
      'environments/prod.yaml:6:33: guardrails.suppressions.0.entry: "cloudant.scrach" is not an entry of this file; did you mean "cloudant.scratch"? name an entry by its dotted path, such as cloudant.<key> or identities.<key>.keys.<name>, or leave entry out to cover the whole stack',
    ]);
  });
});
