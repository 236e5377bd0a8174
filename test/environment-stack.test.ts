import { onlyResource, synthJson } from './support/synth';
import { stackFrom } from './support/environment';

const ACCOUNT = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east, endpoints: public-and-private }\n';

describe('EnvironmentStack', () => {
  test('the provider gets the region and endpoints from the file and never an API key', () => {
    const json = synthJson(stackFrom('account: { id: 0123456789abcdef0123456789abcdef, region: eu-de, endpoints: private }\n'));
    expect(json.provider).toEqual({ ibm: [{ region: 'eu-de', visibility: 'private' }] });
    expect(json.terraform!.required_providers).toEqual({ ibm: { source: 'ibm-cloud/ibm', version: '2.5.0' } });
  });

  test('local state by default, relative to the stack folder (the project root)', () => {
    expect(synthJson(stackFrom(ACCOUNT, 'dev')).terraform!.backend).toEqual({ local: { path: '../../../terraform.dev.tfstate' } });
    expect(synthJson(stackFrom(`${ACCOUNT}backend: { type: local, path: state/dev.tfstate }\n`)).terraform!.backend).toEqual({ local: { path: '../../../state/dev.tfstate' } });
  });

  test('IBM Cloud Object Storage state through the S3 backend, locked with a lock file', () => {
    const backend = (extra: string) => `${ACCOUNT}backend: { type: s3, bucket: tfstate, key: data/dev.tfstate, endpoint: "https://s3.us-east.cloud-object-storage.appdomain.cloud"${extra} }\n`;
    const text = backend('');
    expect(synthJson(stackFrom(text)).terraform!.backend).toEqual({
      s3: {
        bucket: 'tfstate',
        key: 'data/dev.tfstate',
        region: 'us-east',
        endpoints: { s3: 'https://s3.us-east.cloud-object-storage.appdomain.cloud' },
        use_path_style: true,
        skip_credentials_validation: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_s3_checksum: true,
        use_lockfile: true,
      },
    });
    const unlocked = synthJson(stackFrom(backend(', lock: false, region: eu-de'))).terraform!.backend as { s3: Record<string, unknown> };
    expect(unlocked.s3.use_lockfile).toBeUndefined();
    expect(unlocked.s3.region).toBe('eu-de');
  });

  test('HCP Terraform and remote backends', () => {
    expect(synthJson(stackFrom(`${ACCOUNT}backend: { type: cloud, organization: acme, workspace: data-dev, project: data }\n`)).terraform!.cloud).toEqual({
      organization: 'acme',
      workspaces: { name: 'data-dev', project: 'data' },
    });
    expect(synthJson(stackFrom(`${ACCOUNT}backend: { type: remote, organization: acme, workspace: data-dev, hostname: tfe.example.com }\n`)).terraform!.backend).toEqual({
      remote: { organization: 'acme', hostname: 'tfe.example.com', workspaces: { name: 'data-dev' } },
    });
  });

  test('an instance takes its defaults from the environment: name, location, tags, resource group', () => {
    const text = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east, resourceGroup: data-dev }\ntags: [env:dev]\ncloudant:\n  orders: { plan: standard-gen2, tags: [team:data, ENV:dev] }\n  events: { plan: standard-gen2, name: events-main, location: eu-de }\n';
    const json = synthJson(stackFrom(text));
    const instances = json.resource!.ibm_cloudant!;
    // synthesized resources are sorted by Terraform name
    expect(Object.values(instances).map((i) => [i.name, i.location, i.tags, i.resource_group_id])).toEqual([
      ['events-main', 'eu-de', ['env:dev'], '${data.ibm_resource_group.resource-group-data-dev.id}'],
      ['orders-dev', 'us-east', ['env:dev', 'team:data'], '${data.ibm_resource_group.resource-group-data-dev.id}'],
    ]);
    expect(Object.keys(json.data!.ibm_resource_group!)).toEqual(['resource-group-data-dev']);
  });

  test('production turns on preventDestroy and data events unless the file says otherwise', () => {
    // the guardrails refuse both opt-outs in production unless they are suppressed with a reason
    const suppressions = [
      '  suppressions:',
      '    - { rule: IBM-NET-7, reason: network rules are tested in environment-network.test.ts }',
      '    - { rule: IBM-CLD-3, entry: cloudant.scratch, reason: scratch holds copies that are rebuilt nightly }',
      '    - { rule: IBM-CLD-4, entry: cloudant.scratch, reason: scratch holds no customer data }',
    ].join('\n');
    const text = `${ACCOUNT}cloudant:\n  orders: { plan: standard-gen2, databases: { orders: {} } }\n  scratch: { plan: standard-gen2, preventDestroy: false, dataEvents: false }\nguardrails:\n${suppressions}\n`;
    const json = synthJson(stackFrom(text, 'prod'));
    const [orders, scratch] = Object.values(json.resource!.ibm_cloudant!);
    expect(orders).toMatchObject({ include_data_events: true, lifecycle: { prevent_destroy: true } });
    expect(scratch).toMatchObject({ include_data_events: false });
    expect(scratch!.lifecycle).toBeUndefined();
    expect(onlyResource(json, 'ibm_cloudant_database').lifecycle).toEqual({ prevent_destroy: true });
    const dev = onlyResource(synthJson(stackFrom(`${ACCOUNT}cloudant:\n  orders: { plan: standard-gen2 }\n`, 'dev')), 'ibm_cloudant');
    expect(dev.include_data_events).toBe(false);
    expect(dev.lifecycle).toBeUndefined();
  });

  test('a database entry with nothing after it gets the defaults', () => {
    const json = synthJson(stackFrom(`${ACCOUNT}cloudant:\n  orders:\n    plan: standard-gen2\n    databases:\n      orders:\n`));
    expect(onlyResource(json, 'ibm_cloudant_database')).toMatchObject({ db: 'orders', partitioned: false });
  });

  test('outputs name each instance by its key and hold no credentials', () => {
    const json = synthJson(stackFrom(`${ACCOUNT}cloudant:\n  orders: { plan: standard-gen2 }\n`));
    expect(Object.keys(json.output!)).toEqual(['cloudant_orders_crn', 'cloudant_orders_guid', 'cloudant_orders_private_url', 'cloudant_orders_public_url']);
    expect(json.output!.cloudant_orders_crn).toEqual({
      value: '${ibm_cloudant.cloudant-orders_893E9616.crn}',
      description: 'CRN of Cloudant instance orders (for ibm_cloudant_database.instance_crn)',
    });
    expect(JSON.stringify(json)).not.toMatch(/api_?key|password|credentials_json/i);
  });
});
