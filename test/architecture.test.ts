// The layout as the README and STYLE describe it, kept so: no import circles (type imports
// count), constructs import nothing of the engine, the reviewer, the YAML model or the
// command line, and the reviewer does not reach into the engine.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const FOLDERS = ['constructs', 'guardrails', 'review', 'environment', 'verify', 'sdk', 'hygiene', 'engines', 'cli', 'tools', 'launch'];
const IMPORT = /(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]*)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder)).flatMap((name) => {
    const relative = path.join(folder, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sourceFiles(relative);
    return /\.(ts|cjs)$/.test(name) ? [relative] : [];
  });
}

function importGraph(): Map<string, string[]> {
  const files = new Set(FOLDERS.flatMap(sourceFiles));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].flatMap((match) => {
      const base = path.normalize(path.join(path.dirname(file), match[1]!));
      const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => files.has(candidate));
      return found ? [found] : [];
    });
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** every group of files that import each other in a circle (Tarjan's strongly connected components) */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('the import graph', () => {
  const graph = importGraph();

  test('has no circles', () => {
    expect(circles(graph)).toEqual([]);
  });

  test('finds a circle when there is one (the check itself works)', () => {
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  test.each([
    ['constructs', ['guardrails/', 'review/', 'environment/', 'verify/', 'hygiene/', 'cli/', 'tools/']],
    ['guardrails', ['review/', 'environment/', 'verify/', 'hygiene/', 'cli/', 'tools/']],
    ['review', ['guardrails/', 'environment/', 'verify/', 'hygiene/', 'cli/', 'tools/']],
    ['environment', ['review/', 'verify/', 'hygiene/', 'cli/', 'tools/']],
    // the identity report reads the environments and IAM; it judges nothing and renders no review
    ['hygiene', ['guardrails/', 'review/', 'verify/', 'engines/', 'cli/', 'tools/']],
    // the hosted engines' clients know the synthesized stack and IBM's APIs, nothing of the rest
    ['engines', ['guardrails/', 'review/', 'verify/', 'hygiene/', 'environment/', 'cli/', 'tools/']],
    // SDK plumbing shared by the commands that call IBM
    ['sdk', ['constructs/', 'guardrails/', 'review/', 'environment/', 'verify/', 'hygiene/', 'engines/', 'cli/', 'tools/']],
    // the stand-in and the Terraform runner know provider schemas and Terraform, not our constructs
    ['verify', ['guardrails/', 'review/', 'environment/', 'hygiene/', 'cli/', 'tools/']],
    // the launcher runs before anything of ours is loaded: plain JavaScript, on its own
    ['launch', ['constructs/', 'guardrails/', 'review/', 'environment/', 'verify/', 'sdk/', 'hygiene/', 'engines/', 'cli/', 'tools/']],
  ])('%s/ imports none of %j', (folder, forbidden) => {
    const arrows = [...graph].flatMap(([file, targets]) => (file.startsWith(`${folder}/`) ? targets.filter((target) => forbidden.some((prefix) => target.startsWith(prefix))).map((target) => `${file} -> ${target}`) : []));
    expect(arrows).toEqual([]);
  });
});
