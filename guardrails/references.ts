// What a Terraform JSON value refers to. Strings in Terraform JSON carry expressions inside
// ${...}; a reference is a traversal such as ibm_cloudant.orders.guid, var.name, local.x
// or data.ibm_iam_account_settings.current.account_id.

/** one traversal found in an expression */
export interface Reference {
  /** the traversal as written, without indexes: `ibm_cloudant.orders.guid`, `var.key`, `ibm_iam_service_id.app` */
  readonly text: string;
  /** the resource it names (`ibm_cloudant.orders`), when it names a managed resource */
  readonly resource?: string;
  /** the attribute after the resource (`guid`), when there is one */
  readonly attribute?: string;
  /** `var` or `local`, with the name */
  readonly symbol?: { readonly kind: 'var' | 'local'; readonly name: string };
}

// a traversal: identifier steps joined by dots, with [index] steps dropped
const TRAVERSAL = /(?<![\w.\]-])([A-Za-z_][\w-]*)((?:\s*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\]))*)/g;
// words that start a traversal but name no object
const NOT_OBJECTS = new Set(['self', 'each', 'count', 'path', 'terraform', 'true', 'false', 'null', 'for', 'in', 'if', 'endif', 'endfor', 'else']);

/** every reference made by the expressions in a value (strings, lists and objects, at any depth) */
export function referencesIn(value: unknown): Reference[] {
  const found = new Map<string, Reference>();
  const visit = (each: unknown): void => {
    if (typeof each === 'string') {
      for (const expression of expressionsIn(each)) {
        for (const reference of traversalsIn(expression)) found.set(reference.text, reference);
      }
    } else if (Array.isArray(each)) {
      each.forEach(visit);
    } else if (each !== null && typeof each === 'object') {
      Object.values(each).forEach(visit);
    }
  };
  visit(value);
  return [...found.values()];
}

/** the reference a plan's `references` entry names (plans list them already parsed) */
export function parseReference(text: string): Reference | undefined {
  return traversalsIn(text)[0];
}

/** the bodies of the ${...} interpolations of a string, nested braces and quoted strings allowed */
function expressionsIn(text: string): string[] {
  const bodies: string[] = [];
  let index = text.indexOf('${');
  while (index !== -1) {
    // $${ is an escaped, literal ${
    if (index > 0 && text[index - 1] === '$') {
      index = text.indexOf('${', index + 2);
      continue;
    }
    let depth = 1;
    let position = index + 2;
    let quoted = false;
    while (position < text.length && depth > 0) {
      const char = text[position]!;
      if (quoted) {
        if (char === '\\') position += 1;
        else if (char === '"') quoted = false;
      } else if (char === '"') quoted = true;
      else if (char === '{') depth += 1;
      else if (char === '}') depth -= 1;
      position += 1;
    }
    bodies.push(text.slice(index + 2, position - 1));
    index = text.indexOf('${', position);
  }
  return bodies;
}

function traversalsIn(expression: string): Reference[] {
  // quoted strings hold no references, and their dots would read as traversals
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const references: Reference[] = [];
  for (const match of code.matchAll(TRAVERSAL)) {
    const head = match[1]!;
    // a function call is not an object
    if (code[match.index + match[0].length] === '(' && match[2] === '') continue;
    if (NOT_OBJECTS.has(head)) continue;
    const steps = [head, ...[...match[2]!.matchAll(/\.([A-Za-z_][\w-]*)/g)].map((step) => step[1]!)];
    const reference = referenceOf(steps);
    if (reference) references.push(reference);
  }
  return references;
}

function referenceOf(steps: readonly string[]): Reference | undefined {
  const [head, second, third] = steps;
  if (second === undefined) return undefined;
  if (head === 'var' || head === 'local') return { text: `${head}.${second}`, symbol: { kind: head, name: second } };
  if (head === 'module') return { text: steps.slice(0, 3).join('.') };
  if (head === 'data') return third === undefined ? undefined : { text: steps.slice(0, 4).join('.') };
  // only provider resource types have an underscore (aws_x, ibm_x, terraform_data, time_rotating)
  if (!head!.includes('_')) return undefined;
  const resource = `${head}.${second}`;
  return third === undefined ? { text: resource, resource } : { text: `${resource}.${third}`, resource, attribute: third };
}
