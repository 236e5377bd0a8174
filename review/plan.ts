// Reads the JSON of a saved plan (`terraform show -json plan.out`) into a review, masking
// every secret before anything else sees the values.
import { isJsonObject, JsonObject } from '../constructs/core/json';
import { notAPlanReason } from '../constructs/core/plan-json';
import { changedAttributes, flatten } from './attributes';
import { combineMarks, MASK, maskMarked, SecretCollector, secretMark } from './masking';
import { ChangeAction, ReviewedChange, ReviewedOutput, ReviewInputError, ReviewModel } from './model';

// Terraform's action_reason values (internal/command/jsonplan), in words
const REASONS: Record<string, string> = {
  replace_because_cannot_update: 'an argument that cannot be updated in place changed',
  replace_because_tainted: 'the resource is tainted',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'replace_triggered_by fired',
  delete_because_no_resource_config: 'it is no longer in the configuration',
  delete_because_wrong_repetition: 'count or for_each was added or removed',
  delete_because_count_index: 'its count index is out of range',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_no_move_target: 'the target of its moved block does not exist',
  read_because_config_unknown: 'its configuration is known only after apply',
  read_because_dependency_pending: 'a resource it depends on has pending changes',
  read_because_check_nested: 'a check block reads it',
};

/** the kind of change Terraform's action list stands for */
export function actionOf(actions: readonly string[]): ChangeAction {
  const key = actions.join(',');
  if (key === 'delete,create' || key === 'create,delete') return 'replace';
  if (actions.includes('forget')) return 'forget';
  if (key === 'create' || key === 'update' || key === 'delete' || key === 'read' || key === 'no-op') return key;
  return actions.includes('delete') ? 'replace' : 'update';
}

/** a plan as a review: resource changes, output changes and drift, with secrets masked */
export function reviewFromPlan(plan: unknown, environment: string): ReviewModel {
  const notAPlan = notAPlanReason(plan);
  if (notAPlan !== undefined || !isJsonObject(plan)) throw new ReviewInputError(`${environment}: ${notAPlan}`);
  const rawChanges = (plan.resource_changes as unknown[] | undefined ?? []).filter(isJsonObject);
  const rawDrift = (Array.isArray(plan.resource_drift) ? plan.resource_drift : []).filter(isJsonObject);
  const rawOutputs = isJsonObject(plan.output_changes) ? plan.output_changes : {};

  // first every secret, from every change, so a value marked in one place is masked in all
  const secrets = new SecretCollector();
  for (const change of [...rawChanges, ...rawDrift]) {
    const { before, after, beforeMark, afterMark } = sidesOf(change);
    secrets.collect(before, beforeMark);
    secrets.collect(after, afterMark);
  }
  // an output the configuration declares sensitive is masked whole, whatever its own marks say
  const sensitiveOutputs = declaredSensitiveOutputs(plan);
  const outputMark = (name: string, mark: unknown) => (sensitiveOutputs.has(name) ? true : mark);
  for (const [name, output] of Object.entries(rawOutputs)) {
    if (!isJsonObject(output)) continue;
    secrets.collect(output.before, outputMark(name, output.before_sensitive));
    secrets.collect(output.after, outputMark(name, output.after_sensitive));
  }

  const reviewed = (change: JsonObject): ReviewedChange => {
    const body = isJsonObject(change.change) ? change.change : {};
    const actions = (Array.isArray(body.actions) ? body.actions : []).filter((each): each is string => typeof each === 'string');
    const { before, after, beforeMark, afterMark } = sidesOf(change);
    const reason = typeof change.action_reason === 'string' ? (REASONS[change.action_reason] ?? change.action_reason) : undefined;
    const replacePaths = Array.isArray(body.replace_paths) ? body.replace_paths.map(pathText) : undefined;
    const maskedBefore = secrets.scrub(maskMarked(before, beforeMark)) ?? undefined;
    const maskedAfter = secrets.scrub(maskMarked(after, afterMark)) ?? undefined;
    return {
      address: String(change.address ?? ''),
      type: String(change.type ?? ''),
      action: actionOf(actions),
      actions,
      reason,
      replacePaths: replacePaths && replacePaths.length > 0 ? replacePaths : undefined,
      previousAddress: typeof change.previous_address === 'string' ? change.previous_address : undefined,
      importing: body.importing !== undefined && body.importing !== null,
      before: maskedBefore,
      after: maskedAfter,
      afterUnknown: body.after_unknown,
      sensitiveChanges: hiddenChanges(before, after, maskedBefore, maskedAfter, body.after_unknown),
    };
  };

  const outputs: ReviewedOutput[] = Object.entries(rawOutputs).flatMap(([name, output]) => {
    if (!isJsonObject(output)) return [];
    const actions = (Array.isArray(output.actions) ? output.actions : []).filter((each): each is string => typeof each === 'string');
    return [
      {
        name,
        action: actionOf(actions),
        before: secrets.scrub(maskMarked(output.before, outputMark(name, output.before_sensitive))),
        after: secrets.scrub(maskMarked(output.after, outputMark(name, output.after_sensitive))),
        afterUnknown: output.after_unknown,
      },
    ];
  });
  const notes = typeof plan.terraform_version === 'string' ? [`Terraform ${plan.terraform_version}`] : [];
  return { environment, source: 'plan', changes: rawChanges.map(reviewed), outputs, drift: rawDrift.map(reviewed), notes };
}

/** the outputs the plan's configuration declares sensitive, in the root module */
function declaredSensitiveOutputs(plan: JsonObject): Set<string> {
  const root = isJsonObject(plan.configuration) && isJsonObject(plan.configuration.root_module) ? plan.configuration.root_module : {};
  const outputs = isJsonObject(root.outputs) ? root.outputs : {};
  return new Set(Object.entries(outputs).filter(([, body]) => isJsonObject(body) && body.sensitive === true).map(([name]) => name));
}

/**
 * The masked paths whose values differ although the masked values do not: a change to
 * nothing but a secret, which the review must still show happens.
 */
function hiddenChanges(before: unknown, after: unknown, maskedBefore: unknown, maskedAfter: unknown, afterUnknown: unknown): string[] | undefined {
  const shown = new Set(changedAttributes(maskedBefore, maskedAfter, afterUnknown).map((each) => each.path));
  const masked = new Map([...flatten(maskedBefore), ...flatten(maskedAfter)].filter(([, value]) => value === MASK));
  const hidden = new Set<string>();
  for (const { path } of changedAttributes(before, after, afterUnknown)) {
    const at = [...masked.keys()].find((each) => each === '' || path === each || path.startsWith(`${each}.`) || path.startsWith(`${each}[`));
    if (at !== undefined && !shown.has(at)) hidden.add(at);
  }
  return hidden.size > 0 ? [...hidden].sort() : undefined;
}

function sidesOf(change: JsonObject): { before: unknown; after: unknown; beforeMark: unknown; afterMark: unknown } {
  const body = isJsonObject(change.change) ? change.change : {};
  const secret = secretMark(String(change.type ?? ''));
  return {
    before: body.before,
    after: body.after,
    beforeMark: combineMarks(body.before_sensitive, secret),
    afterMark: combineMarks(body.after_sensitive, secret),
  };
}

/** ["resources", 0, "attributes"] as resources[0].attributes */
export function pathText(path: unknown): string {
  const steps = Array.isArray(path) ? path : [path];
  return steps.map((step, index) => (typeof step === 'number' ? `[${step}]` : `${index === 0 ? '' : '.'}${String(step)}`)).join('');
}
