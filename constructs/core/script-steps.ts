// Where the steps that need our scripts run: inside Terraform, from a terraform_data's
// local-exec, where the engine that applies the stack has Node.js (a workstation or CI
// runner, an HCP Terraform agent built with it); or after the apply, as
// `ibm-data-guard apply-steps`, where the engine has none (HCP Terraform's own workers,
// IBM Schematics). Either way the terraform_data stays, with the same triggers, so a change
// that would rerun the step still shows in the plan.
import { Construct } from 'constructs';
import { ITerraformDependable, Lazy, TerraformOutput, TerraformResourceLifecycle, TerraformSelf, TerraformStack } from './cdktf';
import { scriptPath, ScriptName } from './scripts';
import { TerraformData } from './terraform-data';
import { stateOf } from './tree-state';

export type ScriptPlacement = 'terraform' | 'post-apply';

export interface ScriptStepSettings {
  readonly placement: ScriptPlacement;
  /** why, for messages: the engine that applies the stack */
  readonly engine: string;
}

const SETTINGS_ID = 'ibm-data-guard-script-steps';
const STEPS_ID = 'ibm-data-guard-post-apply-steps';

/** Decides, for every step of a stack, where its script runs. Call before the constructs are made. */
export function placeScriptSteps(stack: TerraformStack, settings: ScriptStepSettings): void {
  const current = stateOf(stack, SETTINGS_ID, () => ({ settings }));
  current.settings = settings;
}

/** where the steps of the scope's stack run; inside Terraform unless the stack says otherwise */
export function scriptStepSettings(scope: Construct): ScriptStepSettings {
  return stateOf(TerraformStack.of(scope), SETTINGS_ID, () => ({ settings: { placement: 'terraform', engine: 'local' } as ScriptStepSettings })).settings;
}

/** One command of a script, with what it reads from its environment. */
export interface ScriptCommand {
  readonly command: string;
  /** values only (IDs, URLs, documents): they are written into the stack */
  readonly environment: Readonly<Record<string, string>>;
  /** sensitive values (key values): a local-exec environment, or sensitive outputs after apply */
  readonly secretEnvironment?: Readonly<Record<string, string>>;
}

export interface ScriptStepProps {
  readonly script: ScriptName;
  /** a short description of the step, for people */
  readonly description: string;
  /** what replaces the step when it changes (Terraform's triggers_replace) */
  readonly triggersReplace: unknown;
  /** what the destroy command reads: kept in state as terraform_data input; never a secret */
  readonly input: Readonly<Record<string, string>>;
  readonly create: ScriptCommand;
  /** the destroy command; its environment names input keys, which it reads from the state */
  readonly destroy?: { readonly command: string; readonly environmentFromInput: Readonly<Record<string, string>>; readonly environment?: Readonly<Record<string, string>> };
  readonly dependsOn?: ITerraformDependable[];
  readonly lifecycle?: TerraformResourceLifecycle;
}

/** A post-apply step as `ibm-data-guard apply-steps` reads it from the `post_apply_steps` output. */
interface PostApplyStep {
  readonly name: string;
  readonly description: string;
  readonly script: ScriptName;
  readonly command: string;
  readonly environment: Readonly<Record<string, string>>;
  /** environment variable → sensitive output holding its value */
  readonly secrets: Readonly<Record<string, string>>;
  readonly destroy: { readonly command: string; readonly environment: Readonly<Record<string, string>> } | null;
}

/**
 * A step that runs one of our scripts: a terraform_data whose local-exec runs it, or, where
 * the stack's engine has no Node.js, the same terraform_data without provisioners and an
 * entry of the stack's `post_apply_steps` output that `ibm-data-guard apply-steps` runs.
 */
export function scriptStep(scope: Construct, id: string, props: ScriptStepProps): TerraformData {
  const { placement } = scriptStepSettings(scope);
  const input = Object.keys(props.input).length > 0 ? props.input : undefined;
  if (placement === 'terraform') {
    const script = scriptPath(scope, props.script);
    const self = (key: string) => TerraformSelf.getString(`input.${key}`);
    return new TerraformData(scope, id, {
      input,
      triggersReplace: props.triggersReplace,
      dependsOn: props.dependsOn,
      lifecycle: props.lifecycle,
      provisioners: [
        // sensitive values in the environment: Terraform hides the command's output and never stores them with this resource
        { type: 'local-exec', interpreter: ['node', script], command: props.create.command, environment: { ...props.create.environment, ...props.create.secretEnvironment } },
        ...(props.destroy
          ? [
              {
                type: 'local-exec' as const,
                when: 'destroy' as const,
                interpreter: ['node', script],
                command: props.destroy.command,
                environment: { ...props.destroy.environment, ...Object.fromEntries(Object.entries(props.destroy.environmentFromInput).map(([variable, key]) => [variable, self(key)])) },
              },
            ]
          : []),
      ],
    });
  }
  const data = new TerraformData(scope, id, { input, triggersReplace: props.triggersReplace, dependsOn: props.dependsOn, lifecycle: props.lifecycle });
  const stack = TerraformStack.of(scope);
  const name = `${scope.node.path}/${id}`;
  const secrets: Record<string, string> = {};
  for (const [variable, value] of Object.entries(props.create.secretEnvironment ?? {})) {
    const output = `step_secret_${data.friendlyUniqueId}_${variable.toLowerCase()}`.replace(/[^A-Za-z0-9_]/g, '_');
    new TerraformOutput(stack, output, { value, sensitive: true, description: `${variable} for the post-apply step ${name} (sensitive: read by ibm-data-guard apply-steps)` });
    secrets[variable] = output;
  }
  postApplySteps(stack).push({
    name,
    description: props.description,
    script: props.script,
    command: props.create.command,
    environment: props.create.environment,
    secrets,
    destroy: props.destroy
      ? { command: props.destroy.command, environment: { ...props.destroy.environment, ...Object.fromEntries(Object.entries(props.destroy.environmentFromInput).map(([variable, key]) => [variable, props.input[key]!])) } }
      : null,
  });
  return data;
}

// One `post_apply_steps` output per stack, in the order the steps were made (a list: the
// order matters, and Terraform sorts the keys of a map).
function postApplySteps(stack: TerraformStack): PostApplyStep[] {
  return stateOf(stack, STEPS_ID, () => {
    const steps: PostApplyStep[] = [];
    new TerraformOutput(stack, 'post_apply_steps', {
      value: Lazy.anyValue({ produce: () => steps }),
      description: `steps this stack's engine (${scriptStepSettings(stack).engine}) cannot run: after every apply, run ibm-data-guard apply-steps <environment> (before a destroy: --destroy). No secrets`,
    });
    return steps;
  });
}
