import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from '../constructs/core/cdktf';
import { buildEnvironments, EnvironmentError, environmentsDirectory, loadEnvironments, parseEnvironmentFile } from '../environment';
import { directoryWith, stackProblemsOf } from './support/environment';

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
    ['a misspelt key with a suggestion', `${ACCOUNT}tgas: [a]\n`, ['environments/prod.yaml:2:1: tgas: unknown key "tgas"; did you mean "tags"? allowed keys here: account, production, backend, engine, hcpAgentRunsNode, tags, cloudant, db2, identities, replications, network, accountSecurity, guardrails']],
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
    ['a region that is not one', 'account: { id: 0123456789abcdef0123456789abcdef, region: Dallas }\n', ['environments/prod.yaml:1:58: account.region: "Dallas" is not an IBM Cloud region; use one of au-syd, br-sao, ca-mon, ca-tor, eu-de, eu-es, eu-gb, in-che, jp-osa, jp-tok, kr-seo, us-east, us-south (or a data center: che01, mil01, mon01)']],
    ['a region in the right shape that IBM does not have', 'account: { id: 0123456789abcdef0123456789abcdef, region: eu-fr }\n', ['environments/prod.yaml:1:58: account.region: "eu-fr" is not an IBM Cloud region; did you mean "eu-de"? use one of au-syd, br-sao, ca-mon, ca-tor, eu-de, eu-es, eu-gb, in-che, jp-osa, jp-tok, kr-seo, us-east, us-south (or a data center: che01, mil01, mon01)']],
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
    // the instance checks its rules once, when the stack is built
    expect(stackProblemsOf(text, 'prod')).toEqual([
      'environments/prod.yaml:5:15: cloudant.small.capacity: 2 is not possible on the lite plan, whose capacity is fixed at 1; remove capacity or use plan standard or standard-gen2',
      'environments/prod.yaml:6:23: cloudant.small.serviceEndpoints: "private" needs private endpoints, which Gen 1 multi-tenant instances (plan lite) do not have; use public, choose plan standard-gen2, or place the instance on dedicated hardware',
      'environments/prod.yaml:7:19: cloudant.small.corsOrigins.0: "http://app.example.com" is not an https origin; CORS origins must use https://',
      'environments/prod.yaml:9:15: cloudant.small.databases.Orders: "Orders" is not a valid database name; start with a lowercase letter and use only a-z, 0-9 and _ $ ( ) + - /',
      'environments/prod.yaml:10:21: cloudant.small.databases.ok.shards: 0 is not a valid shard count; use a whole number of at least 1, or leave shards out to let Cloudant choose',
    ]);
  });

  test.each([
    ['an alias with no anchor', `${ACCOUNT}tags: [*common]\n`, ['environments/prod.yaml:2:8: YAML: alias *common refers to no anchor; define &common on a value before this line, or write the value out']],
    [
      'an alias bomb',
      `${ACCOUNT}x: &a [q, q, q, q, q, q, q, q, q, q]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nw: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
      ['environments/prod.yaml:3:8: YAML: aliases here expand into more than 100 copies of their anchors, which is refused as a resource exhaustion attack; write the values out, or use fewer aliases'],
    ],
    ['a document nested deeper than any environment', `${ACCOUNT}tags: ${'['.repeat(70)}${']'.repeat(70)}\n`, ['environments/prod.yaml:2:70: nested more than 64 levels deep; an environment file is never this deep: flatten it']],
    [
      'a document nested deep enough to exhaust the parser',
      `${ACCOUNT}tags: ${'['.repeat(20000)}${']'.repeat(20000)}\n`,
      [expect.stringMatching(/^environments\/prod\.yaml(:\d+:\d+)?: YAML: nested far more than 64 levels deep; an environment file is never this deep: flatten it$/)],
    ],
  ])('%s is refused with the file and the line, never a stack trace', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  describe('what files of one account can break together', () => {
    test('a second Lite instance in the account, in another file or the same', () => {
      const dir = directoryWith({
        'dev.yaml': `${ACCOUNT}cloudant: { scratch: { plan: lite } }\n`,
        'test.yaml': `${ACCOUNT}cloudant:\n  trial: { plan: lite }\n`,
        'other.yaml': 'account: { id: fedcba9876543210fedcba9876543210, region: us-east }\ncloudant: { scratch: { plan: lite } }\n',
      });
      expect(() => loadEnvironments(dir)).toThrow(
        new EnvironmentError([
          {
            path: ['cloudant', 'trial', 'plan'],
            file: path.join(dir, 'test.yaml'),
            line: 3,
            column: 18,
            field: 'cloudant.trial.plan',
            message: `is a second Lite instance in account 0123456789abcdef0123456789abcdef (the first is cloudant.scratch in ${path.join(dir, 'dev.yaml')}), and IBM allows one Lite instance per account; use plan standard-gen2, or share the first instance`,
          },
        ]),
      );
    });

    test('two trusted profiles with one name in the account', () => {
      const profile = (name: string) => `  api:\n    kind: trustedProfile\n    name: ${name}\n    vpcInstanceCrns: ["crn:v1:bluemix:public:is:us-east-1:a/0123456789abcdef0123456789abcdef::instance:0757_1"]\n`;
      const dir = directoryWith({ 'dev.yaml': `${ACCOUNT}identities:\n${profile('orders-api')}`, 'prod.yaml': `${ACCOUNT}identities:\n${profile('orders-api')}` });
      expect(() => loadEnvironments(dir)).toThrow(
        `${path.join(dir, 'prod.yaml')}:5:11: identities.api.name: trusted profile name "orders-api" is already taken by identities.api in ${path.join(dir, 'dev.yaml')} in account 0123456789abcdef0123456789abcdef, and trusted profile names are unique in an account; give this profile another name`,
      );
      // the default names differ by environment
      const defaults = directoryWith({ 'dev.yaml': `${ACCOUNT}identities:\n  api: { kind: trustedProfile, vpcInstanceCrns: [x] }\n`, 'prod.yaml': `${ACCOUNT}identities:\n  api: { kind: trustedProfile, vpcInstanceCrns: [x] }\n` });
      expect(() => loadEnvironments(defaults)).not.toThrow(/already taken/);
    });
  });

  test('problems in several files are reported together', () => {
    const dir = directoryWith({ 'a.yaml': '', 'b.yaml': 'account: 1\n', 'c.yaml': ACCOUNT });
    expect(() => loadEnvironments(dir)).toThrow(
      new EnvironmentError([
        { path: [], file: path.join(dir, 'a.yaml'), message: 'is empty; an environment needs at least account.id and account.region' },
        { path: [], file: path.join(dir, 'b.yaml'), line: 1, column: 10, field: 'account', message: 'expected a mapping (key: value pairs), got 1' },
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

describe('one run reports every problem of every file', () => {
  test('a schema problem in one file does not hide the construct problems of another, nor a bad entry the ones after it', () => {
    const dir = directoryWith({
      'dev.yaml': `${ACCOUNT}cloudant:\n  orders: { plan: gen3 }\n`,
      'prod.yaml': `${ACCOUNT.replace('us-east', 'us-east, endpoints: private')}cloudant:\n  orders: { plan: standard-gen2, databases: { orders: {} } }\nidentities:\n  app:\n    kind: serviceId\n    grants:\n      - { instance: orders, database: ordrs, roles: reader }\n      - { instance: orders, database: audit, roles: writer }\n`,
    });
    let error: unknown;
    try {
      buildEnvironments(new App({ outdir: directoryWith({}), skipValidation: true }), dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message.split('\n').map((line) => line.replace(`${dir}/`, ''))).toEqual([
      'dev.yaml:3:19: cloudant.orders.plan: "gen3" is not allowed; use one of lite, standard, standard-gen2',
      'prod.yaml:8:39: identities.app.grants.0.database: "ordrs" is not a database of this instance (it has "orders"); add the database to the instance first, or fix the name',
      'prod.yaml:9:39: identities.app.grants.1.database: "audit" is not a database of this instance (it has "orders"); add the database to the instance first, or fix the name',
    ]);
  });
});
