// Reading guardrail settings (settings.ts says what they are): rule IDs, reasons, levels,
// suppressions and administrator marks, each checked with where it is and what is wrong.
import * as z from 'zod';
import { closestMatch } from '../constructs/core/closest';
import { GuardrailInputError } from './input-error';
import { GUARDRAIL_LEVELS } from './rule';
import { GUARDRAIL_RULE_IDS } from './rules';
import type { GuardrailSettings } from './settings';

export const MIN_SUPPRESSION_REASON_LENGTH = 10;

/** the problem with a rule ID, if any: unknown IDs get the nearest known one */
export function ruleIdProblem(id: string): string | undefined {
  if (GUARDRAIL_RULE_IDS.includes(id)) return undefined;
  const nearest = closestMatch(id, GUARDRAIL_RULE_IDS);
  const hint = nearest ? `did you mean ${nearest}? ` : '';
  return `${JSON.stringify(id)} is not a guardrail rule; ${hint}the rules are listed in docs/guardrails.md`;
}

/** the problem with a suppression reason, if any */
export function reasonProblem(reason: string): string | undefined {
  const length = reason.trim().length;
  if (length >= MIN_SUPPRESSION_REASON_LENGTH) return undefined;
  return `the reason is ${length} characters long; say in at least ${MIN_SUPPRESSION_REASON_LENGTH} why the rule does not apply here, for the auditor who reads it`;
}

export const ruleIdSchema = z.string().superRefine((id, ctx) => {
  const problem = ruleIdProblem(id);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const reasonSchema = z.string().superRefine((reason, ctx) => {
  const problem = reasonProblem(reason);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const levelSchema = z.enum(GUARDRAIL_LEVELS as ['error', 'warning']);

/** a level per rule ID; unknown IDs are reported even when a level is bad too */
export const levelsSchema = z.record(z.string(), levelSchema).superRefine(
  (levels, ctx) => {
    for (const id of Object.keys(levels)) {
      const problem = ruleIdProblem(id);
      if (problem) ctx.addIssue({ code: 'custom', path: [id], message: problem });
    }
  },
  { when: () => true },
);

const suppressionSchema = z
  .strictObject({
    rule: ruleIdSchema,
    reason: reasonSchema,
    path: z.string().min(1).optional(),
    address: z.string().min(1).optional(),
  })
  .refine((each) => each.path === undefined || each.address === undefined, { message: 'give path or address, not both' });

const administratorSchema = z
  .strictObject({
    path: z.string().min(1).optional(),
    address: z.string().min(1).optional(),
    iamId: z.string().min(1).optional(),
  })
  .refine((each) => [each.path, each.address, each.iamId].filter((value) => value !== undefined).length === 1, {
    message: 'name the identity by exactly one of path, address or iamId',
  });

export const guardrailSettingsSchema: z.ZodType<GuardrailSettings> = z.strictObject({
  production: z.boolean().optional(),
  levels: levelsSchema.optional(),
  suppressions: z.array(suppressionSchema).optional(),
  administrators: z.array(administratorSchema).optional(),
});


/** reads recorded settings, refusing anything malformed with where it is and what is wrong */
export function readGuardrailSettings(value: unknown, where: string): GuardrailSettings {
  if (value === undefined) return {};
  const result = guardrailSettingsSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${where}${issue.path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${String(step)}`)).join('')}: ${issue.message}`);
  throw new GuardrailInputError(problems.join('\n'));
}
