// What a JSON document given as a plan is, in words that never quote it: the review and
// the guardrails both read plans, and both refuse what is not one.
import { isJsonObject } from './json';

// Terraform's plan JSON format 1.x (Terraform 1.0 and later): minor versions only add
// fields. Older formats mark sensitive values differently, so they are refused.
const SUPPORTED_FORMAT = /^1\.\d+$/;
const HOW_TO_WRITE = 'write it with terraform plan -out plan.out, then terraform show -json plan.out > plan.json';

/**
 * Why a JSON value is not a plan this review reads, in words that never quote it (a state or
 * a configuration may hold secrets); undefined for a plan.
 */
export function notAPlanReason(json: unknown): string | undefined {
  if (!isJsonObject(json)) return `got ${Array.isArray(json) ? 'a JSON list' : json === null ? 'JSON null' : `a JSON ${typeof json}`}, not the JSON of a plan; ${HOW_TO_WRITE}`;
  if (typeof json.version === 'number' && 'lineage' in json) return `got a Terraform state file (terraform.tfstate), not a plan; ${HOW_TO_WRITE}`;
  if ('values' in json && !('planned_values' in json)) return `got the JSON of a state (terraform show -json without a plan file), not a plan; ${HOW_TO_WRITE}`;
  if (['resource', 'terraform', 'provider', 'output'].some((key) => key in json) && !('format_version' in json)) {
    return `got a Terraform configuration, not a plan; review configurations with npm run review -- synth, or ${HOW_TO_WRITE}`;
  }
  const format = json.format_version;
  if (format === undefined) return `got JSON with no format_version, which is not a plan; ${HOW_TO_WRITE}`;
  if (typeof format !== 'string' || !SUPPORTED_FORMAT.test(format)) {
    return `got plan format_version ${typeof format === 'string' && format.length <= 16 ? JSON.stringify(format) : '(not a version)'}, and this review reads format 1.x (Terraform 1.0 and later), whose sensitive marks it relies on; write the plan again with Terraform 1.0 or later`;
  }
  if (!isJsonObject(json.planned_values) || (json.resource_changes !== undefined && !Array.isArray(json.resource_changes))) {
    return `got JSON with a format_version but without a plan's planned_values and resource_changes; ${HOW_TO_WRITE}`;
  }
  if (json.errored === true) return 'got a plan that errored, whose changes are incomplete; fix the errors terraform plan printed and plan again';
  return undefined;
}
