// The guardrails section of an environment file: level overrides and suppressions, each
// suppression naming the entry of the file it covers (or none, for the whole stack).
import * as z from 'zod';
import { levelsSchema, reasonSchema, ruleIdSchema } from '../guardrails/settings-schema';

const suppression = z.strictObject({
  rule: ruleIdSchema.meta({ description: 'the rule ID, for example IBM-NET-3 (docs/guardrails.md lists them)' }),
  reason: reasonSchema.meta({ description: 'why the rule does not apply here, for the auditor: at least 10 characters' }),
  entry: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'the entry it covers, as a dotted path: cloudant.orders, identities.app.keys.main, network.cloudantRules.orders; default: the whole stack' }),
});

export const guardrailsSchema = z.strictObject({
  levels: levelsSchema
    .optional()
    .meta({ description: 'a level (error or warning) per rule ID, over the rule\'s own level in this environment' }),
  suppressions: z.array(suppression).optional().meta({ description: 'rules switched off where they do not apply, each with a reason' }),
});

export type GuardrailsSection = z.output<typeof guardrailsSchema>;
