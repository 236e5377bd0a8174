// The sample environments as a user synthesizes them: snapshot, schema conformance, hygiene.
import { tmpdir } from 'node:os';
import { App, Testing } from '../constructs/core/cdktf';
import { buildEnvironments, EnvironmentStack } from '../environment';
import { checkStackConformance, loadIbmProviderFacts } from '../tools/schema-conformance';
import { checkZoneAddress, ZoneAddress } from '../constructs/network/zone-address';
import { checkConfiguration, readTerraformJson } from '../guardrails';
import { annotations, onlyResource, SynthesizedStack, synthText } from './support/synth';

const facts = loadIbmProviderFacts();

interface Sample {
  readonly stack: EnvironmentStack;
  readonly text: string;
  readonly json: SynthesizedStack;
}

// one app and one synth per sample, shared by every test of this file: the samples are read,
// never changed, so building them again for each test would only cost time
let built: Map<string, Sample> | undefined;
function samples(): Map<string, Sample> {
  if (built === undefined) {
    const app: App = Testing.app();
    const stacks = buildEnvironments(app, 'environments');
    built = new Map(
      stacks.map((stack) => {
        const text = synthText(stack);
        return [stack.node.id, { stack, text, json: JSON.parse(text) as SynthesizedStack }];
      }),
    );
  }
  return built;
}
const SAMPLES = ['dev', 'prod', 'reporting', 'staging'];
const sample = (name: string): Sample => samples().get(name)!;
const sampleStacks = () => [...samples().values()].map((each) => each.stack);

describe('sample environments', () => {
  test('there is one stack per file: dev, prod, reporting, staging', () => {
    expect(sampleStacks().map((stack) => stack.node.id)).toEqual(SAMPLES);
  });

  test.each(SAMPLES)('%s synthesizes to the reviewed configuration', (name) => {
    // our own formatting of the parsed JSON, and asset folders without their hash: the framework's
    // printer ({} against {\n}) and its hash of a test app's assets differ between cdktf and cdktn
    expect(JSON.stringify(sample(name).json, null, 2).replace(/assets\/([\w-]+)\/[0-9A-F]{32}\//g, 'assets/$1/<hash>/')).toMatchSnapshot();
  });

  test.each(SAMPLES)('%s conforms to the IBM provider 2.5.0 schema and validators', (name) => {
    const json = sample(name).json as Record<string, unknown>;
    expect(Object.keys((json.resource ?? {}) as object).length).toBeGreaterThan(0);
    expect(checkStackConformance(json, facts.schema, facts.validators)).toEqual([]);
  });

  test.each(SAMPLES)('%s passes the guardrails with no finding, as synth and as npm run guardrails read it', (name) => {
    const { stack } = sample(name);
    expect(annotations(stack, '@cdktf/warn').filter((message) => /: IBM-[A-Z]+-\d+ /.test(message))).toEqual([]);
    const report = checkConfiguration(readTerraformJson(stack.toTerraform(), name));
    expect([report.production, report.findings, report.suppressed, report.unusedSuppressions, report.notJudged]).toEqual([name === 'prod', [], [], [], []]);
  });

  test.each(SAMPLES)('%s pins the provider and holds no machine path and no secret', (name) => {
    const { text } = sample(name);
    const json = JSON.parse(text) as { terraform: { required_providers: unknown } };
    // hashicorp/time carries key rotation (time_rotating); every sample stack has API keys
    expect(json.terraform.required_providers).toEqual({ ibm: { source: 'ibm-cloud/ibm', version: '2.5.0' }, time: { source: 'hashicorp/time', version: '0.13.1' } });
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain(tmpdir());
    expect(text).not.toMatch(/ibmcloud_api_key|"apikey"|password/i);
  });

  test('every Cloudant instance in the samples is IAM-only with CORS decided explicitly', () => {
    for (const { json } of samples().values()) {
      for (const instance of Object.values(json.resource!.ibm_cloudant!)) {
        expect(instance.legacy_credentials).toBe(false);
        expect(typeof instance.enable_cors).toBe('boolean');
      }
    }
  });

  describe.each(SAMPLES)('%s grants least privilege', (name) => {
    const json = () => sample(name).json;
    const policyTypes = ['ibm_iam_service_policy', 'ibm_iam_trusted_profile_policy', 'ibm_iam_access_group_policy'];
    const policies = () => policyTypes.flatMap((type) => Object.values(json().resource?.[type] ?? {}).map((policy) => ({ type, policy })));

    test('each policy names its identity by IAM ID and is scoped to one Cloudant instance', () => {
      const all = policies();
      expect(all.length).toBeGreaterThan(0);
      for (const { type, policy } of all) {
        if (type === 'ibm_iam_access_group_policy') expect(policy.access_group_id).toMatch(/^\$\{ibm_iam_access_group\.[^.]+\.id\}$/);
        else expect(policy.iam_id).toMatch(/^\$\{ibm_iam_(service_id|trusted_profile)\.[^.]+\.iam_id\}$/);
        expect(policy).not.toHaveProperty('iam_service_id');
        expect(policy).not.toHaveProperty('profile_id');
        const resources = policy.resources as Record<string, string> | undefined;
        const attributes = policy.resource_attributes as { name: string; value: string }[] | undefined;
        const service = resources?.service ?? attributes?.find((a) => a.name === 'serviceName')?.value;
        const instance = resources?.resource_instance_id ?? attributes?.find((a) => a.name === 'serviceInstance')?.value;
        expect(service).toBe('cloudantnosqldb');
        expect(instance).toMatch(/^\$\{ibm_cloudant\.[^.]+\.guid\}$/);
      }
    });

    test('at least one grant is database-scoped', () => {
      const scoped = policies().filter(({ policy }) => (policy.resources as Record<string, string> | undefined)?.resource_type === 'database');
      expect(scoped.length).toBeGreaterThan(0);
    });

    test('no Administrator, and Manager only for identities that allow it', () => {
      for (const { type, policy } of policies()) {
        const roles = policy.roles as string[];
        expect(roles).not.toContain('Administrator');
        // the samples allow Manager only to the operators access group
        if (roles.includes('Manager')) expect(type).toBe('ibm_iam_access_group_policy');
      }
    });

    test('every API key is unstored, expires and rotates', () => {
      const keys = Object.values(json().resource?.ibm_iam_service_api_key ?? {});
      expect(keys.length).toBeGreaterThan(0);
      const triggers = Object.keys(json().resource?.terraform_data ?? {});
      for (const key of keys) {
        expect(key.store_value).toBe(false);
        expect(key.locked).toBe(false);
        expect(key.expires_at).toMatch(/^\$\{formatdate\("YYYY-MM-DD'T'hh:mm'\+0000'", timeadd\(time_rotating\.[^.]+\.rotation_rfc3339, "\d+h"\)\)\}$/);
        const lifecycle = key.lifecycle as { create_before_destroy: boolean; replace_triggered_by: string[] };
        expect(lifecycle.create_before_destroy).toBe(true);
        expect(lifecycle.replace_triggered_by).toHaveLength(1);
        expect(triggers.map((name) => `terraform_data.${name}`)).toContain(lifecycle.replace_triggered_by[0]);
      }
    });
  });
});

describe('sample network restrictions', () => {
  const stacks = () => new Map([...samples()].map(([name, each]) => [name, each.json]));
  const DATA_PLANE = [{ api_type_id: 'crn:v1:bluemix:public:context-based-restrictions::::api-type:data-plane' }];

  test('every Cloudant rule protects one Gen 2 instance by GUID, on the data plane only, enabled or disabled, through zones without service references', () => {
    const modes: string[] = [];
    for (const json of stacks().values()) {
      const instances = json.resource!.ibm_cloudant!;
      const zones = json.resource!.ibm_cbr_zone ?? {};
      for (const rule of Object.values(json.resource!.ibm_cbr_rule ?? {})) {
        modes.push(rule.enforcement_mode as string);
        expect(['enabled', 'disabled']).toContain(rule.enforcement_mode);
        expect(rule.operations).toEqual({ api_types: DATA_PLANE });
        const [resource] = rule.resources as { attributes: { name: string; value: string; operator: string }[] }[];
        const attributes = Object.fromEntries(resource!.attributes.map((a) => [a.name, a.value]));
        expect(Object.keys(attributes).sort()).toEqual(['accountId', 'serviceInstance', 'serviceName']);
        expect(resource!.attributes.every((a) => a.operator === 'stringEquals')).toBe(true);
        expect(attributes.serviceName).toBe('cloudantnosqldb');
        const instanceName = /^\$\{ibm_cloudant\.([^.]+)\.guid\}$/.exec(attributes.serviceInstance!)![1]!;
        expect(instances[instanceName]!.plan).toBe('standard-gen2');
        for (const context of rule.contexts as { attributes: { name: string; value: string }[] }[]) {
          const zoneIds = context.attributes.find((a) => a.name === 'networkZoneId')!.value.split(',');
          for (const zoneId of zoneIds) {
            const zoneName = /^\$\{ibm_cbr_zone\.([^.]+)\.id\}$/.exec(zoneId)![1]!;
            const addresses = zones[zoneName]!.addresses as { type: string }[];
            expect(addresses.map((a) => a.type)).not.toContain('serviceRef');
          }
        }
      }
    }
    // prod and staging enforce, dev stages its rule
    expect(modes.sort()).toEqual(['disabled', 'enabled', 'enabled', 'enabled']);
  });

  test('prod protects its standard-gen2 instance with an enabled private-endpoint rule', () => {
    const prod = stacks().get('prod')!;
    const rule = Object.values(prod.resource!.ibm_cbr_rule!).find((r) => JSON.stringify(r.resources).includes('ibm_cloudant.cloudant-orders_'))!;
    expect(rule.enforcement_mode).toBe('enabled');
    expect(rule.contexts).toEqual([{ attributes: [{ name: 'networkZoneId', value: expect.stringMatching(/^\$\{ibm_cbr_zone\.zone-orders-vpc_\w+\.id\}$/) }, { name: 'endpointType', value: 'private' }] }]);
  });

  test('every zone address is well formed for its type', () => {
    for (const json of stacks().values()) {
      for (const zone of Object.values(json.resource!.ibm_cbr_zone ?? {})) {
        for (const address of zone.addresses as { type: string; value?: string; ref?: Record<string, string> }[]) {
          const checked = checkZoneAddress(address.type === 'serviceRef' ? { type: 'serviceRef', serviceName: address.ref!.service_name!, accountId: address.ref!.account_id } : (address as ZoneAddress));
          expect(checked).not.toHaveProperty('problem');
          if ('ip' in checked && checked.ip) expect(address.value).toBe(checked.ip.canonical);
        }
      }
    }
  });

  test('prod restricts service ID and API key creation, requires MFA and sets the allowlist explicitly, with the deployers, the key holders\' VPC and Cloudant in it', () => {
    const prod = stacks().get('prod')!;
    const settings = onlyResource(prod, 'ibm_iam_account_settings');
    expect(settings.restrict_create_service_id).toBe('RESTRICTED');
    expect(settings.restrict_create_platform_apikey).toBe('RESTRICTED');
    expect(settings.mfa).toBe('TOTP4ALL');
    expect(settings.allowed_ip_addresses).toMatch(
      /^\$\{ibm_cbr_zone\.zone-ci-egress_\w+\.name\}, \$\{ibm_cbr_zone\.zone-office-vpn_\w+\.name\}, \$\{ibm_cbr_zone\.zone-orders-vpc_\w+\.name\}, \$\{ibm_cbr_zone\.iam-ip-allowlist_cloudant-service_\w+\.name\}$/,
    );
    // only one environment manages the account's settings
    expect([...stacks().entries()].filter(([, json]) => json.resource!.ibm_iam_account_settings).map(([name]) => name)).toEqual(['prod']);
  });
});

describe('sample replications', () => {
  const stacks = () => new Map([...samples()].map(([name, each]) => [name, each.json]));
  const reference = (text: string, type: string, attribute: string) => new RegExp(`^\\$\\{${type}\\.([^.]+)\\.${attribute}\\}$`).exec(text)?.[1];

  test('each document uses exactly two keys: Reader + Checkpointer on the source database, Writer on the target database', () => {
    let replications = 0;
    for (const json of stacks().values()) {
      const keys = json.resource?.ibm_iam_service_api_key ?? {};
      const policies = Object.values(json.resource?.ibm_iam_service_policy ?? {});
      for (const data of Object.values(json.resource?.terraform_data ?? {})) {
        const provisioners = (data.provisioner ?? []) as { 'local-exec': { command: string; environment: Record<string, string>; interpreter: string[] } }[];
        const put = provisioners.find((p) => p['local-exec'].command === 'put');
        if (!put) continue;
        replications += 1;
        const environment = put['local-exec'].environment;
        expect(Object.keys(environment).filter((name) => /KEY/.test(name)).sort()).toEqual(['REPLICATION_SOURCE_API_KEY', 'REPLICATION_TARGET_API_KEY']);
        const grantsOf = (variable: string) => {
          const key = keys[reference(environment[variable]!, 'ibm_iam_service_api_key', 'apikey')!]!;
          const identity = reference(key.iam_service_id as string, 'ibm_iam_service_id', 'iam_id')!;
          return policies.filter((policy) => reference(policy.iam_id as string, 'ibm_iam_service_id', 'iam_id') === identity).map((policy) => ({ roles: policy.roles, resources: policy.resources }));
        };
        // the replications output names each side as <instance endpoint>/<database>
        const entry = Object.values(json.output!.replications!.value as Record<string, Record<string, string>>).find((each) => each.document_id === (data.input as Record<string, string>).document_id)!;
        const side = (url: string) => {
          const [, instance, db] = /^\$\{try\(ibm_cloudant\.([^.]+)\.extensions\[.*\], ""\)\}\/(.+)$/.exec(url)!;
          return { resource_type: 'database', resource: decodeURIComponent(db!), resource_instance_id: `\${ibm_cloudant.${instance}.guid}`, service: 'cloudantnosqldb' };
        };
        expect(grantsOf('REPLICATION_SOURCE_API_KEY')).toEqual([{ roles: ['Reader', 'Checkpointer'], resources: side(entry.source_url!) }]);
        expect(grantsOf('REPLICATION_TARGET_API_KEY')).toEqual([{ roles: ['Writer'], resources: side(entry.target_url!) }]);
        // no key value where Terraform would show or store it unmasked
        expect(JSON.stringify(data.input)).not.toMatch(/apikey|api_key/);
        expect(JSON.stringify(data.triggers_replace)).not.toMatch(/\.apikey\}/);
        expect(put['local-exec'].interpreter).toEqual(['node', expect.stringMatching(/^assets\/scripts\/[0-9A-F]{32}\/replicator\.cjs$/)]);
      }
    }
    expect(replications).toBeGreaterThan(0);
  });

  test('_replicator exists once per hosting instance, protected from destroy', () => {
    for (const json of stacks().values()) {
      const replicators = Object.values(json.resource?.ibm_cloudant_database ?? {}).filter((db) => db.db === '_replicator');
      const hosts = replicators.map((db) => db.instance_crn);
      expect(new Set(hosts).size).toBe(hosts.length);
      for (const db of replicators) expect(db.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  test('prod replicates its orders database to the instance in another region, pulled by the target', () => {
    const prod = stacks().get('prod')!;
    const instances = prod.resource!.ibm_cloudant!;
    const regionOf = (name: string) => instances[name]!.location;
    const data = Object.entries(prod.resource!.terraform_data!).find(([name]) => name.startsWith('replication-orders-dr_document'))![1];
    const input = data.input as Record<string, string>;
    const host = /ibm_cloudant\.([^.]+)\.extensions/.exec(input.host_url!)![1]!;
    expect(regionOf(host)).toBe('eu-de');
    expect(input.document_id).toBe('orders-dr-prod');
    const replicator = Object.values(prod.resource!.ibm_cloudant_database!).find((db) => db.db === '_replicator')!;
    expect(replicator.instance_crn).toBe(`\${ibm_cloudant.${host}.crn}`);
    expect(regionOf(Object.keys(instances).find((name) => name.startsWith('cloudant-orders_'))!)).toBe('us-east');
  });
});

describe('sample Db2 access', () => {
  test.each([
    ['staging', 'public-and-private', { LEDGER: ['SELECT', 'INSERT', 'UPDATE'] }, undefined, 'https://iam.cloud.ibm.com'],
    ['prod', 'private', { LEDGER: ['SELECT', 'INSERT', 'UPDATE'] }, { 'REPORTING.DAILY_TOTALS': ['SELECT'] }, 'https://private.iam.cloud.ibm.com'],
  ])('%s: a Performance instance and orders-app mapped as bluuser with schema privileges, through the script', (name, endpoints, schemas, tables, iamUrl) => {
    const { json } = sample(name);
    expect(onlyResource(json, 'ibm_db2')).toMatchObject({ plan: 'performance', service: 'dashdb-for-transactions', service_endpoints: endpoints, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, 'ibm_db2')).not.toHaveProperty('users_config');
    const entry = (json.output!.db2_users!.value as Record<string, { user_id: string; role: string; identity: string; grants: { kind: string; object: string; privilege?: string }[] }>)[`ledger-${name}/ordersapp`]!;
    expect([entry.user_id, entry.role, entry.identity]).toEqual(['ordersapp', 'bluuser', `orders-app-${name}`]);
    const declared: Record<string, string[]> = {};
    for (const grant of entry.grants) (declared[`${grant.kind} ${grant.object}`] ??= []).push(grant.privilege!);
    const expected: Record<string, string[]> = {};
    for (const [schema, list] of Object.entries(schemas)) expected[`schema ${schema}`] = list;
    for (const [table, list] of Object.entries(tables ?? {})) expected[`table ${table}`] = list;
    expect(declared).toEqual(expected);
    // prod runs the steps inside Terraform; staging's engine (HCP Terraform) cannot, so they are post-apply steps
    const inTerraform = Object.values(json.resource!.terraform_data!).flatMap((data) => ((data.provisioner ?? []) as { 'local-exec': { command: string; environment: Record<string, string> } }[]).map((p) => p['local-exec']));
    const postApply = ((json.output?.post_apply_steps?.value ?? []) as { command: string; environment: Record<string, string>; destroy: { command: string } | null }[]).flatMap((step) => [step, ...(step.destroy ? [{ ...step.destroy, environment: step.environment }] : [])]);
    const db2Steps = [...inTerraform, ...postApply].filter((step) => ['put-user', 'sync-privileges', 'delete-user'].includes(step.command));
    // prod leaves the GRANTs to a DBA (privilegesBy: dba); staging applies them
    expect(db2Steps.map((step) => step.command).sort()).toEqual(name === 'prod' ? ['delete-user', 'put-user'] : ['delete-user', 'put-user', 'sync-privileges']);
    expect(db2Steps.find((step) => step.command === 'put-user')!.environment.DB2_IAM_URL).toBe(iamUrl);
    expect(postApply.length > 0).toBe(name === 'staging');
  });

  test('dev has no Db2', () => {
    expect(sample('dev').json.resource?.ibm_db2).toBeUndefined();
  });
});

describe('engines: each sample is one its engine can apply', () => {
  const nodeSteps = (json: SynthesizedStack) =>
    Object.entries(json.resource?.terraform_data ?? {}).filter(([, data]) => ((data.provisioner ?? []) as { 'local-exec': { interpreter?: string[] } }[]).some((p) => p['local-exec'].interpreter?.[0] === 'node'));
  const postApply = (json: SynthesizedStack) => ((json.output?.post_apply_steps?.value ?? []) as { name: string; script: string; command: string; secrets: Record<string, string> }[]);

  test('local (dev, prod): Node runs the scripts inside Terraform; nothing is left for after the apply', () => {
    expect(nodeSteps(sample('prod').json).length).toBeGreaterThan(0);
    for (const name of ['dev', 'prod']) expect(sample(name).json.output?.post_apply_steps).toBeUndefined();
  });

  test('hcp (staging): HCP Terraform backend, no local-exec that needs Node, the replication and the Db2 user as post-apply steps', () => {
    const { json } = sample('staging');
    expect(json.terraform!.cloud).toEqual({ organization: 'acme-data', workspaces: { name: 'data-staging' } });
    expect(nodeSteps(json)).toEqual([]);
    expect(postApply(json).map((step) => [step.script, step.command])).toEqual([
      ['db2-users.cjs', 'put-user'],
      ['db2-users.cjs', 'sync-privileges'],
      ['replicator.cjs', 'put'],
    ]);
  });

  test('schematics (reporting): no backend block, no local-exec that needs Node, key values only in sensitive outputs', () => {
    const { json } = sample('reporting');
    expect(json.terraform!.backend).toBeUndefined();
    expect(json.terraform!.cloud).toBeUndefined();
    expect(nodeSteps(json)).toEqual([]);
    const steps = postApply(json);
    expect(steps.map((step) => [step.script, step.command])).toEqual([
      ['db2-users.cjs', 'put-user'],
      ['db2-users.cjs', 'sync-privileges'],
      ['replicator.cjs', 'put'],
    ]);
    const secrets = Object.values(steps[2]!.secrets);
    expect(secrets).toHaveLength(2);
    for (const output of secrets) expect(json.output![output]).toMatchObject({ sensitive: true, value: expect.stringMatching(/^\$\{ibm_iam_service_api_key\..*\.apikey\}$/) });
  });
});
