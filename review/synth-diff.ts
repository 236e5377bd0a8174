// The review of a change before anyone plans it: the difference between the synthesized
// stacks of two versions (cdktf.out folders), per stack, in the same form as a plan review.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isJsonObject } from '../constructs/core/json';
import { maskMarked, secretMark } from './masking';
import { ReviewedChange, ReviewedOutput, ReviewInputError, ReviewModel } from './model';

/** cdktf's "//" metadata (construct paths, IDs), which says nothing about what Terraform does */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '//').map(([key, each]) => [key, withoutMetadata(each)]));
}

/** every block of a stack that Terraform acts on, by address: resources, outputs, settings */
function blocksOf(stack: unknown): { resources: Map<string, { type: string; config: unknown }>; outputs: Map<string, unknown> } {
  const resources = new Map<string, { type: string; config: unknown }>();
  const outputs = new Map<string, unknown>();
  if (!isJsonObject(stack)) return { resources, outputs };
  for (const [type, byName] of Object.entries(isJsonObject(stack.resource) ? stack.resource : {})) {
    for (const [name, config] of Object.entries(isJsonObject(byName) ? byName : {})) {
      resources.set(`${type}.${name}`, { type, config: maskMarked(withoutMetadata(config), secretMark(type)) });
    }
  }
  // the backend, required providers and provider settings, as reviewable blocks of their own
  if (stack.terraform !== undefined) resources.set('terraform', { type: 'terraform', config: withoutMetadata(stack.terraform) });
  for (const [name, config] of Object.entries(isJsonObject(stack.provider) ? stack.provider : {})) resources.set(`provider.${name}`, { type: 'provider', config: withoutMetadata(config) });
  for (const [name, output] of Object.entries(isJsonObject(stack.output) ? stack.output : {})) outputs.set(name, withoutMetadata(output));
  return { resources, outputs };
}

/** the review of one stack between two synthesized versions (undefined: the stack is new, or gone) */
export function reviewFromSynthesized(base: unknown, head: unknown, environment: string, notes: readonly string[] = []): ReviewModel {
  const before = blocksOf(base);
  const after = blocksOf(head);
  const changes: ReviewedChange[] = [];
  for (const address of [...new Set([...before.resources.keys(), ...after.resources.keys()])].sort()) {
    const old = before.resources.get(address);
    const next = after.resources.get(address);
    const action = old === undefined ? 'create' : next === undefined ? 'delete' : JSON.stringify(old.config) === JSON.stringify(next.config) ? 'no-op' : 'update';
    const actions = action === 'no-op' ? ['no-op'] : [action];
    changes.push({ address, type: (next ?? old)!.type, action, actions, before: old?.config, after: next?.config, reason: action === 'delete' ? 'it is no longer in the configuration' : undefined });
  }
  const outputs: ReviewedOutput[] = [...new Set([...before.outputs.keys(), ...after.outputs.keys()])].sort().map((name) => {
    const old = before.outputs.get(name);
    const next = after.outputs.get(name);
    const action = old === undefined ? 'create' : next === undefined ? 'delete' : JSON.stringify(old) === JSON.stringify(next) ? 'no-op' : 'update';
    return { name, action, before: old, after: next };
  });
  return { environment, source: 'configuration', changes, outputs, drift: [], notes };
}

/** one review per stack of two cdktf.out folders, with the head's guardrail annotations as notes */
export function reviewSynthesizedApps(baseOut: string, headOut: string): ReviewModel[] {
  const stacksOf = (out: string) => {
    const folder = path.join(out, 'stacks');
    if (!existsSync(folder)) throw new ReviewInputError(`${out}: no stacks folder; is it a cdktf.out folder?`);
    return readdirSync(folder).filter((name) => existsSync(path.join(folder, name, 'cdk.tf.json')));
  };
  const read = (out: string, name: string) => {
    const file = path.join(out, 'stacks', name, 'cdk.tf.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
  };
  const annotations = headAnnotations(headOut);
  return [...new Set([...stacksOf(baseOut), ...stacksOf(headOut)])].sort().map((name) => reviewFromSynthesized(read(baseOut, name), read(headOut, name), name, annotations.get(name) ?? []));
}

// cdktf.out/manifest.json keeps each stack's annotations; the guardrails' findings are among them
function headAnnotations(out: string): Map<string, string[]> {
  const file = path.join(out, 'manifest.json');
  const result = new Map<string, string[]>();
  if (!existsSync(file)) return result;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { stacks?: Record<string, { annotations?: { level: string; constructPath: string; message: string }[] }> };
  const LEVELS: Record<string, string> = { '@cdktf/error': '❌ error', '@cdktf/warn': '⚠️ warning' };
  for (const [name, stack] of Object.entries(manifest.stacks ?? {})) {
    const lines = (stack.annotations ?? []).filter((each) => LEVELS[each.level]).map((each) => `${LEVELS[each.level]} \`${each.constructPath}\`: ${each.message}`);
    if (lines.length > 0) result.set(name, lines);
  }
  return result;
}
