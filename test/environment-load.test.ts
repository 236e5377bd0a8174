import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EnvironmentError, environmentsDirectory, loadEnvironments, parseEnvironmentFile } from '../environment';
import { directoryWith } from './support/environment';

const ACCOUNT = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east }\n';

/** the problems of one file, formatted as the app prints them */
function problemsOf(text: string | Buffer, file = 'environments/prod.yaml'): string[] {
  const result = parseEnvironmentFile(file, Buffer.isBuffer(text) ? text : Buffer.from(text));
  if (!('problems' in result)) throw new Error('expected problems');
  return new EnvironmentError(result.problems).message.split('\n');
}

describe('environment files', () => {
  test('a minimal file names its account and region; production follows the name', () => {
    const dir = directoryWith({ 'prod.yaml': ACCOUNT, 'dev.yml': ACCOUNT, 'prod-eu.yaml': ACCOUNT, 'product.yaml': ACCOUNT, 'qa.yaml': `${ACCOUNT}production: true\n` });
    const environments = loadEnvironments(dir);
    expect(environments.map((e) => [e.name, e.production])).toEqual([
      ['dev', false],
      ['prod-eu', true],
      ['prod', true],
      ['product', false],
      ['qa', true],
    ]);
    expect(environments[0]!.settings.account).toEqual({ id: '0123456789abcdef0123456789abcdef', region: 'us-east' });
  });

  test('ENVIRONMENTS_DIR chooses the directory', () => {
    expect(environmentsDirectory({ ENVIRONMENTS_DIR: '/srv/envs' })).toBe('/srv/envs');
    expect(environmentsDirectory({})).toBe('environments');
  });

  test.each([
    ['an empty file', '', ['environments/prod.yaml: is empty; an environment needs at least account.id and account.region']],
    ['a file of comments only', '# nothing yet\n', ['environments/prod.yaml: is empty; an environment needs at least account.id and account.region']],
    ['a YAML syntax error', 'account: [\n', ['environments/prod.yaml:2:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['a duplicate key', `${ACCOUNT}tags: [a]\ntags: [b]\n`, ['environments/prod.yaml:3:1: YAML: duplicate key "tags"; each key may appear once in a mapping']],
    ['a scalar document', 'just words\n', ['environments/prod.yaml:1:1: expected a mapping (key: value pairs), got "just words"']],
    ['two documents', `${ACCOUNT}---\n${ACCOUNT}`, ['environments/prod.yaml:2:1: YAML: Source contains multiple documents; please use YAML.parseAllDocuments()']],
    ['a missing account', 'tags: [env:prod]\n', ['environments/prod.yaml:1:1: account: required, but missing; add a mapping (key: value pairs)']],
    ['a missing region', 'account:\n  id: 0123456789abcdef0123456789abcdef\n', ['environments/prod.yaml:2:3: account.region: required, but missing; add a string']],
    ['a malformed account ID', 'account: { id: 12345, region: us-east }\n', ['environments/prod.yaml:1:16: account.id: expected a string, got 12345']],
    ['an account ID of the wrong shape', 'account: { id: abc, region: us-east }\n', ['environments/prod.yaml:1:16: account.id: "abc": an IBM Cloud account ID is 32 lowercase hexadecimal characters (ibmcloud target shows it)']],
    ['a misspelt key with a suggestion', `${ACCOUNT}tgas: [a]\n`, ['environments/prod.yaml:2:1: tgas: unknown key "tgas"; did you mean "tags"? allowed keys here: account, production, backend, tags, cloudant, identities, replications, network, accountSecurity, guardrails']],
    ['an unknown key with no near match', `${ACCOUNT}cloudant:\n  orders:\n    plan: standard\n    wibble: 1\n`, ['environments/prod.yaml:5:5: cloudant.orders.wibble: unknown key "wibble"; allowed keys here: name, plan, location, capacity, dataEvents, serviceEndpoints, corsOrigins, corsAllowCredentials, resourceGroup, resourceGroupId, tags, dedicatedHardwareEnvironmentCrn, preventDestroy, databases']],
    ['an unknown backend key lists that backend\'s keys', `${ACCOUNT}backend: { type: s3, bucket: b, key: k, endpoint: "https://s3.example.com", lok: true }\n`, ['environments/prod.yaml:2:77: backend.lok: unknown key "lok"; did you mean "lock"? allowed keys here: type, bucket, key, endpoint, region, lock']],
    ['an unknown backend type', `${ACCOUNT}backend: { type: gcs }\n`, ['environments/prod.yaml:2:18: backend.type: "gcs" is not a known type; use one of local, s3, cloud, remote']],
    ['a backend without a type', `${ACCOUNT}backend: { bucket: b }\n`, ['environments/prod.yaml:2:10: backend.type: required, but missing; use one of local, s3, cloud, remote']],
    ['an http COS endpoint', `${ACCOUNT}backend: { type: s3, bucket: b, key: k, endpoint: "http://s3.example.com" }\n`, ['environments/prod.yaml:2:51: backend.endpoint: "http://s3.example.com": expected an https:// URL']],
    ['an absolute state path', `${ACCOUNT}backend: { type: local, path: /home/me/x.tfstate }\n`, ['environments/prod.yaml:2:31: backend.path: "/home/me/x.tfstate" is an absolute path; use a path relative to the project root, so no machine path is written into the stack']],
    ['a wrong type', `${ACCOUNT}production: yes\n`, ['environments/prod.yaml:2:13: production: expected true or false, got "yes"']],
    ['an unknown plan', `${ACCOUNT}cloudant:\n  orders: { plan: standard-gen3 }\n`, ['environments/prod.yaml:3:19: cloudant.orders.plan: "standard-gen3" is not allowed; use one of lite, standard, standard-gen2']],
    ['a bad instance key', `${ACCOUNT}cloudant:\n  Orders: { plan: lite }\n`, ['environments/prod.yaml:3:3: cloudant.Orders: key "Orders" is not allowed: cloudant instance keys start with a lowercase letter and use only a-z, 0-9, _ and - (at most 63 characters)']],
    ['an environment tag with a comma', `${ACCOUNT}tags: ["a,b"]\n`, ['environments/prod.yaml:2:8: tags.0: "a,b" is not a valid IBM Cloud tag; use 1 to 128 letters, digits, spaces and the characters _ - . : (for example "env:prod")']],
    ['both resource group forms', 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east, resourceGroup: x, resourceGroupId: 4f3e2d1c0b0a49988776655443322110 }\n', ['environments/prod.yaml:1:102: account.resourceGroupId: give either resourceGroup (a name) or resourceGroupId, not both']],
    ['a region that is not one', 'account: { id: 0123456789abcdef0123456789abcdef, region: Dallas }\n', ['environments/prod.yaml:1:58: account.region: "Dallas": expected an IBM Cloud region name such as us-south, us-east or eu-de']],
  ])('%s', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  test('binary junk is refused as not text', () => {
    expect(problemsOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]))).toEqual(['environments/prod.yaml: is not a UTF-8 text file; an environment file is YAML text']);
    expect(problemsOf(Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0x28]))).toEqual(['environments/prod.yaml: is not a UTF-8 text file; an environment file is YAML text']);
  });

  test('the construct rules apply to YAML entries, every problem at once, at their lines', () => {
    const text = [
      ACCOUNT.trimEnd(),
      'cloudant:',
      '  small:',
      '    plan: lite',
      '    capacity: 2',
      '    serviceEndpoints: private',
      '    corsOrigins: [http://app.example.com]',
      '    databases:',
      '      Orders: {}',
      '      ok: { shards: 0 }',
      '  fine:',
      '    plan: standard-gen2',
      '    location: eu-de',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      'environments/prod.yaml:5:15: cloudant.small.capacity: 2 is not possible on the lite plan, whose capacity is fixed at 1; remove capacity or use plan standard or standard-gen2',
      'environments/prod.yaml:6:23: cloudant.small.serviceEndpoints: "private" needs private endpoints, which Gen 1 multi-tenant instances (plan lite) do not have; use public, choose plan standard-gen2, or place the instance on dedicated hardware',
      'environments/prod.yaml:7:19: cloudant.small.corsOrigins.0: "http://app.example.com" is not an https origin; CORS origins must use https://',
      'environments/prod.yaml:9:15: cloudant.small.databases.Orders: "Orders" is not a valid database name; start with a lowercase letter and use only a-z, 0-9 and _ $ ( ) + - /',
      'environments/prod.yaml:10:21: cloudant.small.databases.ok.shards: 0 is not a valid shard count; use a whole number of at least 1, or leave shards out to let Cloudant choose',
    ]);
  });

  test('problems in several files are reported together', () => {
    const dir = directoryWith({ 'a.yaml': '', 'b.yaml': 'account: 1\n', 'c.yaml': ACCOUNT });
    expect(() => loadEnvironments(dir)).toThrow(
      new EnvironmentError([
        { file: path.join(dir, 'a.yaml'), message: 'is empty; an environment needs at least account.id and account.region' },
        { file: path.join(dir, 'b.yaml'), line: 1, column: 10, field: 'account', message: 'expected a mapping (key: value pairs), got 1' },
      ]),
    );
  });

  test('directory problems', () => {
    const missing = path.join(tmpdir(), 'no-such-environments-dir');
    expect(() => loadEnvironments(missing)).toThrow(`${missing}: is not a readable directory; create it with one <name>.yaml per environment, or point ENVIRONMENTS_DIR at one`);
    const empty = directoryWith({ 'README.md': '# not an environment' });
    expect(() => loadEnvironments(empty)).toThrow(`${empty}: holds no environment files; add one <name>.yaml per environment (see environments/dev.yaml in this project)`);
    const twice = directoryWith({ 'prod.yaml': ACCOUNT, 'prod.yml': ACCOUNT });
    expect(() => loadEnvironments(twice)).toThrow(`${path.join(twice, 'prod.yml')}: names environment "prod" again (so does ${path.join(twice, 'prod.yaml')}); keep one file per environment`);
    const badName = directoryWith({ 'Prod Env.yaml': ACCOUNT });
    expect(() => loadEnvironments(badName)).toThrow(`${path.join(badName, 'Prod Env.yaml')}: "Prod Env" cannot be a stack name; name the file with lowercase letters, digits, _ and - (for example prod.yaml)`);
  });
});
