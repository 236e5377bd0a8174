// The quick reader of environment files must mean what the yaml library means, or step aside.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { EnvironmentError, parseEnvironmentFile } from '../environment';
import { readPlainYaml } from '../environment/plain-yaml';
import { estateYaml, SCALES } from '../tools/bench/estate';

const MAX_DEPTH = 64;

// what the app read before the quick path: the yaml library's data, with the app's options
function yamlLibraryData(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  expect(doc.errors).toEqual([]);
  return doc.toJS();
}

// every form YAML 1.2's core schema gives a plain scalar, and some that look like one and are strings
const SCALARS = [
  '~', 'null', 'Null', 'NULL', 'nUll', '', 'true', 'True', 'TRUE', 'tRue', 'false', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0', '-0', '+0', '+1', '007', '0o17', '0o8', '0x1F', '0xff', '0XFF', '0x', '1_000', '1e3', '1E3', '1e+3', '-1.5e-3', '.5', '5.', '-.5',
  '.inf', '-.Inf', '+.INF', '.NaN', '.nan', '.NAN', '0b11', '1:20', '2001-12-14', '0.1.2', '12e', '12345678901234567890', '9007199254740993',
  '1.0', '1.50', '.', '-.', 'e3', '1.e3', '00', 'inf', 'nan', "'quoted'", '"a\\tb"', '"\\x41\\u0042\\U00000043"', '"\\N\\_\\L\\P"', '"a\\/b"',
  '"\\e\\0\\a"', 'a # comment', 'a#b', 'a  b', "'it''s'", '""', "''", '"\\ "', 'orders-*', 'https://x.example/?a=1&b=%20', '"multi\n  line"',
];

const DOCUMENTS: Record<string, string> = {
  'a literal block': 'a: |\n  line1\n  line2\n',
  'a folded block with a paragraph': 'a: >\n  folded\n  text\n\n  para\n',
  'a stripped block with more indented lines': 'a: >-\n  x\n    more\n  y\n',
  'a kept block': 'a: |+\n  keep\n\n\nb: 1\n',
  'a block with an indentation indicator': 'a: |2\n    indented\n',
  'a plain scalar over lines': 'a: plain\n  continued\n   again\n',
  'a double-quoted scalar with an escaped line break': 'a: "dq\n  cont\\\n  x"\n',
  'a single-quoted scalar with a blank line': "a: 'sq\n\n  cont'\n",
  'nested block sequences': 'a:\n  - x\n  -  y\n  - - z\n',
  'flow collections': 'a: {b: [1, 2], c: d, e: [b, c,]}\nf: [1, 2\n  , 3]\n',
  'explicit start and end': '---\na: 1\n...\n',
  'a byte order mark': '\ufeffa: 1\n',
  'CRLF line ends': 'a: 1\r\nb: 2\r\n',
  'tabs as separators': 'a:\tx\t# tab comment\n',
  'an explicit key that is a string': '? a\n: b\n',
  'an empty value': 'a: x\nb:\n',
  'quoted keys, including ones that look like null': '"a b": 1\n\'c\': 2\n"~": 3\n\'null\': 4\n',
  'keys that look like numbers and booleans': '1: a\n0x10: b\ntrue: c\n1.5: d\n.inf: e\n',
  '__proto__ as a key': '__proto__: 1\na: { __proto__: { x: 1 } }\n',
  'a scalar document': 'just words\n',
};

describe('the quick YAML reader', () => {
  test.each(SCALARS)('reads the scalar %j as the yaml library does', (scalar) => {
    const text = `value: ${scalar}\nlist: [${scalar.includes('\n') || scalar.includes('#') ? 'x' : scalar}]\n`;
    const plain = readPlainYaml(text, MAX_DEPTH);
    expect(plain).toBeDefined();
    expect(plain!.data).toStrictEqual(yamlLibraryData(text));
  });

  test.each(Object.entries(DOCUMENTS))('reads %s as the yaml library does', (_, text) => {
    const plain = readPlainYaml(text, MAX_DEPTH);
    expect(plain).toBeDefined();
    expect(plain!.data).toStrictEqual(yamlLibraryData(text));
  });

  test('reads the sample environments and generated estates as the yaml library does', () => {
    const samples = path.join(__dirname, '..', 'environments');
    const texts = [...readdirSync(samples).map((file) => readFileSync(path.join(samples, file), 'utf8')), estateYaml(SCALES.XS!), estateYaml(SCALES.S!)];
    for (const text of texts) expect(readPlainYaml(text, MAX_DEPTH)?.data).toStrictEqual(yamlLibraryData(text));
  });

  test.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['an alias to no anchor', 'b: *x\n'],
    ['an anchor alone', 'a: &x 1\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a local tag', 'a: !thing 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a null key', '~: x\n'],
    ['a key spelled null', 'null: x\n'],
    ['an empty key', ': x\n'],
    ['a flow sequence as a key', '[a, b]: x\n'],
    ['a flow mapping as a key', '{a: 1}: x\n'],
    ['an explicit key that is a sequence', '? - a\n: x\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a key written as a number and as a string', '1: a\n"1": b\n'],
    ['a syntax error', 'a: [\n'],
    ['a reserved character', 'a: @x\n'],
    ['an empty file', ''],
    ['comments only', '# nothing yet\n'],
  ])('leaves %s to the yaml library', (_, text) => {
    expect(readPlainYaml(text, MAX_DEPTH)).toBeUndefined();
  });

  test('leaves a document nested deeper than the limit to the yaml library, and reads one at the limit', () => {
    // the content is at depth 1, each mapping below it one deeper, the innermost scalar at the limit
    const nested = (depth: number) => `${'{a: '.repeat(depth - 1)}x${'}'.repeat(depth - 1)}\n`;
    expect(readPlainYaml(nested(MAX_DEPTH), MAX_DEPTH)?.data).toStrictEqual(yamlLibraryData(nested(MAX_DEPTH)));
    expect(readPlainYaml(nested(MAX_DEPTH + 1), MAX_DEPTH)).toBeUndefined();
    expect(readPlainYaml(nested(10_000), MAX_DEPTH)).toBeUndefined();
  });

  test('the quick path and the yaml library draw the depth limit at the same place', () => {
    // an anchor sends the same document down the yaml library's path
    const firstProblem = (depth: number, leaf: string) => {
      const result = parseEnvironmentFile('environments/prod.yaml', Buffer.from(`${'{a: '.repeat(depth - 1)}${leaf}${'}'.repeat(depth - 1)}\n`));
      return 'problems' in result ? new EnvironmentError(result.problems).message.split('\n')[0] : 'none';
    };
    for (const leaf of ['x', '&anchor x']) {
      expect(firstProblem(MAX_DEPTH, leaf)).toBe('environments/prod.yaml:1:1: account: required, but missing; add a mapping (key: value pairs)');
      expect(firstProblem(MAX_DEPTH + 1, leaf)).toBe(`environments/prod.yaml:1:${4 * MAX_DEPTH - 2}: nested more than ${MAX_DEPTH} levels deep; an environment file is never this deep: flatten it`);
    }
  });

  test("a file read the quick way still points its problems at the file's lines", () => {
    const text = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east }\ncloudant:\n  orders:\n    plan: gold\n';
    expect(readPlainYaml(text, MAX_DEPTH)).toBeDefined();
    const result = parseEnvironmentFile('environments/prod.yaml', Buffer.from(text));
    expect('problems' in result).toBe(true);
    const message = new EnvironmentError((result as { problems: EnvironmentError['problems'] }).problems).message;
    expect(message).toMatch(/^environments\/prod\.yaml:4:11: cloudant\.orders\.plan: /);
  });
});
