// The rule catalogue (docs/guardrails.md), written from the rules themselves so it cannot
// drift from them; `npm run catalogue` rewrites it and a test fails when it is stale.
import type { GuardrailRule } from './rule';
import { GUARDRAIL_RULES } from './rules';
import { MIN_SUPPRESSION_REASON_LENGTH } from './settings-schema';

const AREAS: Record<string, string> = { CLD: 'Cloudant', IAM: 'IAM policies', KEY: 'API keys', NET: 'Network (CBR)', ACC: 'Account settings', SEC: 'Secrets', TF: 'Terraform references' };

function levelText(rule: GuardrailRule): string {
  if (rule.productionOnly) return `${rule.productionLevel ?? rule.level} (production only)`;
  return rule.productionLevel && rule.productionLevel !== rule.level ? `${rule.level}; ${rule.productionLevel} in production` : rule.level;
}

export function ruleCatalogue(rules: readonly GuardrailRule[] = GUARDRAIL_RULES): string {
  const lines = [
    '# Guardrail rule catalogue',
    '',
    '<!-- written by `npm run catalogue` from constructs/guardrails/rules; do not edit by hand -->',
    '',
    'Every stack of the app is checked at synth (`cdktf synth` fails on an error finding), and',
    '`npm run guardrails -- <cdktf.out | stack folder | cdk.tf.json | *.tf.json folder | plan.json>`',
    'applies the same rules to any Terraform JSON. How to apply, level and suppress them is in the',
    'README (Guardrails). Levels: an **error** fails the synth and makes `npm run guardrails` exit 1;',
    'a **warning** is printed.',
    '',
    `A suppression names the rule and gives a reason of at least ${MIN_SUPPRESSION_REASON_LENGTH} characters. In an environment file:`,
    '',
    '```yaml',
    'guardrails:',
    '  suppressions:',
    '    - { rule: IBM-NET-3, entry: network.cloudantRules.orders, reason: <why it does not apply> }',
    '```',
    '',
    "In TypeScript: `Guardrails.suppress(construct, [{ rule: 'IBM-NET-3', reason: '…' }])` (a stack",
    'for the whole stack). For a plan: a settings file (`--settings`) with `suppressions: [{ rule, address, reason }]`.',
    '',
    '| ID | Level | Checks | Resources |',
    '| --- | --- | --- | --- |',
    ...rules.map((rule) => `| [${rule.id}](#${rule.id.toLowerCase()}) | ${levelText(rule)} | ${rule.title} | ${rule.types.map((type) => (type === '*' ? 'every resource and output' : `\`${type}\``)).join(', ')} |`),
  ];
  let area = '';
  for (const rule of rules) {
    const current = rule.id.split('-')[1]!;
    if (current !== area) {
      area = current;
      lines.push('', `## ${AREAS[current] ?? current}`);
    }
    lines.push(
      '',
      `### ${rule.id}`,
      '',
      `**${rule.title}.** Level: ${levelText(rule)}.${rule.mirrors ? ` Mirrors checkov ${rule.mirrors}.` : ''}`,
      '',
      `- **Finding:** ${rule.finding}.`,
      `- **Why:** ${rule.why}`,
      `- **Source:** ${rule.source}.`,
      `- **Fix:** ${rule.fix}.`,
      `- **Suppress:** \`{ rule: ${rule.id}, reason: … }\`, on the construct or entry it covers.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
