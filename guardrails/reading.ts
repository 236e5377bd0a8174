// Fills a CheckedConfiguration from its two sources: Terraform JSON (a synthesized or
// hand-written cdk.tf.json) and the plan JSON of `terraform show -json`.
import { isJsonObject, JsonObject } from '../constructs/core/json';
import { CheckedConfiguration, CheckedElement } from './configuration';
import { GuardrailInputError } from './input-error';
import { parseReference } from './references';
import type { GuardrailSettings } from './settings';
import { readGuardrailSettings } from './settings-schema';

/** Terraform JSON allows a block body, or a list of them, wherever one is expected */
function bodiesOf(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isJsonObject);
  return isJsonObject(value) ? [value] : [];
}

/**
 * Reads a Terraform JSON configuration: a stack that cdktf synthesized (cdk.tf.json) or
 * one written by hand. Guardrail settings come from its `//` metadata.
 */
export function readTerraformJson(json: unknown, name: string): CheckedConfiguration {
  if (!isJsonObject(json)) throw new GuardrailInputError(`${name}: not a Terraform JSON configuration (expected an object with resource, output or terraform blocks)`);
  const elements: CheckedElement[] = [];
  for (const group of bodiesOf(json.resource)) {
    for (const [type, byName] of Object.entries(group)) {
      for (const named of bodiesOf(byName)) {
        for (const [resourceName, value] of Object.entries(named)) {
          for (const body of bodiesOf(value)) {
            const { '//': metadata, ...config } = body;
            const path = isJsonObject(metadata) && isJsonObject(metadata.metadata) ? metadata.metadata.path : undefined;
            elements.push({
              type,
              name: resourceName,
              address: `${type}.${resourceName}`,
              module: '',
              config,
              lifecycleKnown: true,
              constructPath: typeof path === 'string' ? path : undefined,
            });
          }
        }
      }
    }
  }
  for (const group of bodiesOf(json.output)) {
    for (const [outputName, value] of Object.entries(group)) {
      for (const body of bodiesOf(value)) elements.push(outputElement(outputName, body.value, body.sensitive === true));
    }
  }
  const sensitiveVariables = new Set<string>();
  for (const group of bodiesOf(json.variable)) {
    for (const [variable, value] of Object.entries(group)) {
      if (bodiesOf(value).some((body) => body.sensitive === true)) sensitiveVariables.add(`var.${variable}`);
    }
  }
  const locals = Object.assign({}, ...bodiesOf(json.locals)) as JsonObject;
  const metadata = json['//'];
  const settings = readGuardrailSettings(isJsonObject(metadata) ? metadata.guardrails : undefined, `${name}: "//".guardrails`);
  return new CheckedConfiguration(name, 'configuration', elements, sensitiveVariables, locals, settings);
}

function outputElement(name: string, value: unknown, sensitive: boolean): CheckedElement {
  return { type: 'output', name, address: `output.${name}`, module: '', config: { value, sensitive }, lifecycleKnown: true };
}

/**
 * Reads the JSON of a saved plan (`terraform show -json plan.out`). Arguments come from the
 * configuration the plan records, with references kept as `${…}` so rules can follow them,
 * and values Terraform already knows (variables, constants) filled in from the planned values.
 * A plan records no `lifecycle` and no guardrail settings: pass those in as settings.
 */
export function readPlanJson(plan: unknown, name: string, settings: GuardrailSettings = {}): CheckedConfiguration {
  if (!isJsonObject(plan) || !isJsonObject(plan.configuration)) {
    throw new GuardrailInputError(`${name}: not the JSON of a plan (expected a configuration block, as terraform show -json <plan file> writes it)`);
  }
  const planned = new Map<string, unknown>();
  const collectPlanned = (module: unknown) => {
    if (!isJsonObject(module)) return;
    for (const resource of bodiesOf(module.resources)) {
      if (typeof resource.address !== 'string') continue;
      const address = resource.address.replace(/\[[^\]]*\]$/, '');
      if (!planned.has(address)) planned.set(address, resource.values);
    }
    bodiesOf(module.child_modules).forEach(collectPlanned);
  };
  collectPlanned(isJsonObject(plan.planned_values) ? plan.planned_values.root_module : undefined);

  const root = plan.configuration.root_module;
  const sensitiveVariables = new Set<string>();
  for (const [variable, body] of Object.entries(isJsonObject(root) && isJsonObject(root.variables) ? root.variables : {})) {
    if (isJsonObject(body) && body.sensitive === true) sensitiveVariables.add(`var.${variable}`);
  }
  const fromExpressions = (expressions: JsonObject, known: unknown) => expressionsToConfig(expressions, known, sensitiveVariables);
  const elements: CheckedElement[] = [];
  const readModule = (module: unknown, prefix: string) => {
    if (!isJsonObject(module)) return;
    for (const resource of bodiesOf(module.resources)) {
      if (resource.mode !== 'managed' || typeof resource.type !== 'string' || typeof resource.name !== 'string') continue;
      const address = `${prefix}${resource.type}.${resource.name}`;
      elements.push({
        type: resource.type,
        name: resource.name,
        address,
        module: prefix,
        config: fromExpressions(isJsonObject(resource.expressions) ? resource.expressions : {}, planned.get(address)),
        lifecycleKnown: false,
      });
    }
    if (isJsonObject(module.module_calls)) {
      for (const [call, body] of Object.entries(module.module_calls)) {
        if (isJsonObject(body)) readModule(body.module, `${prefix}module.${call}.`);
      }
    }
  };
  readModule(root, '');
  if (isJsonObject(root)) {
    const plannedOutputs = isJsonObject(plan.planned_values) && isJsonObject(plan.planned_values.outputs) ? plan.planned_values.outputs : {};
    for (const [output, body] of Object.entries(isJsonObject(root.outputs) ? root.outputs : {})) {
      if (!isJsonObject(body)) continue;
      const known = plannedOutputs[output];
      const value = expressionToValue(body.expression, isJsonObject(known) ? known.value : undefined, sensitiveVariables);
      elements.push(outputElement(output, value, body.sensitive === true));
    }
  }
  return new CheckedConfiguration(name, 'plan', elements, sensitiveVariables, {}, settings);
}

function expressionsToConfig(expressions: JsonObject, planned: unknown, sensitiveVariables: ReadonlySet<string>): JsonObject {
  const known = isJsonObject(planned) ? planned : {};
  return Object.fromEntries(Object.entries(expressions).map(([key, expression]) => [key, expressionToValue(expression, known[key], sensitiveVariables)]));
}

/**
 * A plan's expression as Terraform JSON would write it: the constant; `${references}` when
 * it reads resources or sensitive variables, so rules can follow them; otherwise the planned
 * value when Terraform knows it.
 */
function expressionToValue(expression: unknown, planned: unknown, sensitiveVariables: ReadonlySet<string>): unknown {
  if (Array.isArray(expression)) {
    const known = Array.isArray(planned) ? planned : [];
    return expression.map((block, index) => (isJsonObject(block) ? expressionsToConfig(block, known[index], sensitiveVariables) : block));
  }
  if (!isJsonObject(expression)) return expression;
  const isExpression = Object.keys(expression).every((key) => key === 'constant_value' || key === 'references');
  if (!isExpression) return expressionsToConfig(expression, Array.isArray(planned) ? planned[0] : planned, sensitiveVariables);
  if ('constant_value' in expression) return expression.constant_value;
  const references = (Array.isArray(expression.references) ? expression.references : []).filter((each): each is string => typeof each === 'string');
  // a plan lists `ibm_x.a.id` and then `ibm_x.a`; the bare one adds nothing
  const specific = references.filter((each) => !references.some((other) => other !== each && other.startsWith(`${each}.`)));
  const plainSymbols = specific.every((each) => parseReference(each)?.symbol !== undefined && !sensitiveVariables.has(each));
  if (plainSymbols && planned !== undefined && planned !== null) return planned;
  return specific.length === 0 ? undefined : specific.map((each) => `\${${each}}`).join('');
}
