// A Terraform configuration as the rules read it: one element per resource block and per
// output, each with its arguments as Terraform JSON writes them. reading.ts fills it from a
// synthesized (or hand-written) cdk.tf.json, or from the plan JSON of `terraform show -json`.
import { Reference, referencesIn } from './references';
import type { GuardrailSettings } from './settings';

/** One resource block or output of a configuration. */
export interface CheckedElement {
  /** the resource type, or `output` */
  readonly type: string;
  readonly name: string;
  /** how Terraform addresses it: `ibm_cloudant.orders`, `module.data.ibm_cloudant.orders`, `output.url` */
  readonly address: string;
  /** the module it is in, as an address prefix: `` for the root module, `module.data.` inside one */
  readonly module: string;
  /** arguments and blocks (single blocks as objects or one-item lists); for outputs `value` and `sensitive` */
  readonly config: Readonly<Record<string, unknown>>;
  /** false when the source does not record `lifecycle` (plan JSON does not) */
  readonly lifecycleKnown: boolean;
  /** the cdktf construct path, from the synthesized metadata */
  readonly constructPath?: string;
}

export class CheckedConfiguration {
  private readonly byAddress: ReadonlyMap<string, CheckedElement>;
  private readonly byType = new Map<string, CheckedElement[]>();
  private readonly facts = new Map<string, unknown>();

  constructor(
    /** the stack or configuration name shown in reports */
    public readonly name: string,
    /** what it was read from */
    public readonly source: 'configuration' | 'plan',
    public readonly elements: readonly CheckedElement[],
    /** `var.<name>` of the variables declared sensitive */
    public readonly sensitiveVariables: ReadonlySet<string>,
    /** the root module's locals (Terraform JSON only; a plan does not record them) */
    public readonly locals: Readonly<Record<string, unknown>>,
    /** production flag, levels, suppressions and administrators recorded in the configuration */
    public readonly settings: GuardrailSettings,
    /** files beside it that were not read, each with the reason */
    public readonly skipped: readonly string[] = [],
  ) {
    this.byAddress = new Map(elements.map((element) => [element.address, element]));
    for (const element of elements) {
      const ofType = this.byType.get(element.type);
      if (ofType) ofType.push(element);
      else this.byType.set(element.type, [element]);
    }
  }

  /** the same configuration with other elements (arguments read another way) */
  public withElements(elements: readonly CheckedElement[]): CheckedConfiguration {
    return new CheckedConfiguration(this.name, this.source, elements, this.sensitiveVariables, this.locals, this.settings, this.skipped);
  }

  /** the same configuration, noting the files beside it that were not read */
  public withSkipped(skipped: readonly string[]): CheckedConfiguration {
    return new CheckedConfiguration(this.name, this.source, this.elements, this.sensitiveVariables, this.locals, this.settings, skipped);
  }

  /** the resources of a type */
  public resourcesOfType(type: string): CheckedElement[] {
    return [...(this.byType.get(type) ?? [])];
  }

  /**
   * A fact a rule derives from the whole configuration (every enabled network rule and the
   * instances it names), computed once: a rule that derived it per element was quadratic.
   */
  public derived<T>(key: string, compute: () => T): T {
    if (!this.facts.has(key)) this.facts.set(key, compute());
    return this.facts.get(key) as T;
  }

  /** the element at an address, if the configuration has it */
  public element(address: string): CheckedElement | undefined {
    return this.byAddress.get(address);
  }

  /** the resource a reference names, looked up in the module of the element that makes it */
  public resolve(from: CheckedElement, reference: Reference): CheckedElement | undefined {
    return reference.resource === undefined ? undefined : this.byAddress.get(`${from.module}${reference.resource}`);
  }

  /** every reference a value makes, with locals followed to what they refer to */
  public referencesIn(value: unknown): Reference[] {
    const result = new Map<string, Reference>();
    const seen = new Set<string>();
    const visit = (each: unknown) => {
      for (const reference of referencesIn(each)) {
        result.set(reference.text, reference);
        const local = reference.symbol?.kind === 'local' ? reference.symbol.name : undefined;
        if (local !== undefined && !seen.has(local) && local in this.locals) {
          seen.add(local);
          visit(this.locals[local]);
        }
      }
    };
    visit(value);
    return [...result.values()];
  }

  /** the resources a value refers to, each with the attribute it reads */
  public resourcesReferencedBy(from: CheckedElement, value: unknown): { readonly resource: CheckedElement; readonly attribute?: string }[] {
    return this.referencesIn(value).flatMap((reference) => {
      const resource = this.resolve(from, reference);
      return resource ? [{ resource, attribute: reference.attribute }] : [];
    });
  }
}
