// The benchmark's baseline: a plain cdktf app that writes the resources of synthesized stacks
// (BENCH_STACK_JSON, one cdk.tf.json or several joined by the path delimiter) through the same
// generated bindings, references as reference tokens, with no validation and no guardrails:
// what cdktf itself costs for that many resources.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, ref, TerraformOutput, TerraformStack, Token } from '../../constructs/core/cdktf';
import * as ibm from '../../constructs/core/ibm-bindings';
import { TerraformData } from '../../constructs/core/terraform-data';
import { TimeRotating, timeProviderOf } from '../../constructs/core/time-bindings';

type Json = Record<string, unknown>;
type Binding = new (scope: TerraformStack, id: string, config: never) => { addOverride(path: string, value: unknown): void };

// Terraform's meta-arguments are written as they are; everything else goes through the binding
const META = new Set(['lifecycle', 'depends_on', 'provisioner', 'provider', 'count', 'for_each', 'connection']);
const VALUES = new Set(['input', 'triggers_replace']);
const same = (key: string) => key;
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

// a whole-string reference to another resource's attribute
const REFERENCE = /^\$\{((?:data\.)?[a-z][\w-]*\.[\w-]+\.[\w.-]+)\}$/;

// the binding's props, with references as the tokens an app's attribute getters make, so the
// plain app resolves as many references as ours does
// (terraform_data's input and triggers_replace, and outputs, are values whose keys are written as they are)
function props(value: unknown, stack: TerraformStack, keys: (key: string) => string = camel): unknown {
  if (typeof value === 'string') {
    const reference = REFERENCE.exec(value)?.[1];
    return reference === undefined ? value : Token.asString(ref(reference, stack));
  }
  if (Array.isArray(value)) return value.map((each) => props(each, stack, keys));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Json).map(([key, inner]) => [keys(key), props(inner, stack, VALUES.has(key) ? same : keys)]));
}

function bindings(): { resources: Map<string, Binding>; data: Map<string, Binding> } {
  const resources = new Map<string, Binding>([
    ['terraform_data', TerraformData as unknown as Binding],
    ['time_rotating', TimeRotating as unknown as Binding],
  ]);
  const data = new Map<string, Binding>();
  for (const [name, binding] of Object.entries(ibm)) {
    const type = (binding as { tfResourceType?: string }).tfResourceType;
    if (type === undefined || name === 'IbmProvider') continue;
    (name.startsWith('DataIbm') ? data : resources).set(type, binding as unknown as Binding);
  }
  return { resources, data };
}

function rebuild(app: App, id: string, file: string, { resources, data }: ReturnType<typeof bindings>): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, Json>; data?: Record<string, Json>; provider?: Record<string, Json[]>; output?: Record<string, Json> };
  const stack = new TerraformStack(app, id);
  new ibm.IbmProvider(stack, 'ibm', props(json.provider?.ibm?.[0] ?? {}, stack) as never);
  if (json.provider?.time) timeProviderOf(stack);
  const write = (kinds: Map<string, Binding>, blocks: Record<string, Json> | undefined) => {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      const Binding = kinds.get(type);
      if (!Binding) throw new Error(`no binding for ${type}`);
      for (const [name, config] of Object.entries(byName)) {
        const settings = config as Json;
        const plain = Object.fromEntries(Object.entries(settings).filter(([key]) => !META.has(key) && key !== '//'));
        const element = new Binding(stack, name, props(plain, stack) as never);
        for (const key of Object.keys(settings).filter((each) => META.has(each))) element.addOverride(key, settings[key]);
      }
    }
  };
  write(resources, json.resource);
  write(data, json.data);
  for (const [name, output] of Object.entries(json.output ?? {})) {
    // written as an override: TerraformOutput refuses a null inside its value (post-apply steps carry them)
    const written = new TerraformOutput(stack, name, { value: '', description: output.description as string | undefined, sensitive: output.sensitive === true ? true : undefined });
    written.addOverride('value', props(output.value, stack, same));
  }
}

function main(): void {
  const files = (process.env.BENCH_STACK_JSON ?? '').split(path.delimiter).filter((each) => each !== '');
  if (files.length === 0) throw new Error('set BENCH_STACK_JSON to the cdk.tf.json files to rebuild');
  const app = new App({ stackTraces: false, skipValidation: true });
  const known = bindings();
  // each stack is named after the folder its file was synthesized into
  for (const file of files) rebuild(app, path.basename(path.dirname(file)), file, known);
  app.synth();
}

main();
