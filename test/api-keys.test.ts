// API keys: not stored by IAM, expiring, rotating through terraform_data, never locked.
import { SecretsManagerApiKey, ServiceIdentity } from '../constructs';
import { execFileSync } from 'node:child_process';
import { onlyResource, synthJson, synthText, testStack } from './support/synth';
import { errorOf } from './support/errors';

const SM_GUID = '5a5b5c5d-0000-4000-8000-0123456789ab';

function keyStack() {
  const { stack } = testStack();
  const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
  return { stack, app };
}

describe('ApiKey', () => {
  test('the key: IAM ID of the service ID, store_value false, never locked, expiry from the rotation, replaced through terraform_data', () => {
    const { stack, app } = keyStack();
    app.addApiKey('key', { name: 'orders-app-key', rotationDays: 30, expiryGraceDays: 14 });
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_iam_service_api_key')).toEqual({
      iam_service_id: '${ibm_iam_service_id.app_735A5B53.iam_id}',
      name: 'orders-app-key',
      description: 'Key of orders-app, rotated every 30 days, valid 14 days past rotation (ibm-data-guard)',
      store_value: false,
      locked: false,
      expires_at: `\${formatdate("YYYY-MM-DD'T'hh:mm'+0000'", timeadd(time_rotating.app_key_rotation_DBB7D77C.rotation_rfc3339, "336h"))}`,
      lifecycle: {
        create_before_destroy: true,
        // a bare address: Terraform refuses "${terraform_data.…}" in replace_triggered_by
        replace_triggered_by: ['terraform_data.app_key_rotation-trigger_FDCEEEE2'],
      },
    });
    expect(onlyResource(json, 'time_rotating')).toEqual({ rotation_days: 30 });
    expect(onlyResource(json, 'terraform_data')).toEqual({ triggers_replace: ['${time_rotating.app_key_rotation_DBB7D77C.rotation_rfc3339}'] });
  });

  test('defaults: rotation every 90 days, valid 30 days past it', () => {
    const { stack, app } = keyStack();
    const key = app.addApiKey('key', { name: 'k' });
    expect([key.rotationDays, key.expiryGraceDays]).toEqual([90, 30]);
    const json = synthJson(stack);
    expect(onlyResource(json, 'time_rotating')).toEqual({ rotation_days: 90 });
    expect(onlyResource(json, 'ibm_iam_service_api_key').expires_at).toContain('"720h"');
  });

  test('adds the hashicorp/time provider once, however many keys', () => {
    const { stack, app } = keyStack();
    app.addApiKey('a', { name: 'a' });
    app.addApiKey('b', { name: 'b' });
    const json = synthJson(stack);
    expect(json.provider?.time).toEqual([{}]);
    expect(json.terraform?.required_providers).toMatchObject({ time: { source: 'hashicorp/time', version: '0.13.1' } });
  });

  test('the value leaves the stack only as a sensitive output, and nothing else carries it', () => {
    const { stack, app } = keyStack();
    const key = app.addApiKey('key', { name: 'k' });
    key.addSensitiveOutput('app_key');
    const json = synthJson(stack);
    expect(json.output?.app_key).toEqual({
      value: '${ibm_iam_service_api_key.app_key_B637B402.apikey}',
      sensitive: true,
      description: 'value of API key test/app/key (sensitive; rotates every 90 days)',
    });
    expect(synthText(stack).match(/\.apikey\b/g)).toHaveLength(1);
    expect(JSON.stringify(json.resource?.terraform_data)).not.toContain('apikey');
  });

  test('refuses periods that are not whole days and lifetimes over a year', () => {
    const { app } = keyStack();
    expect(errorOf(() => app.addApiKey('a', { name: 'a', rotationDays: 0, expiryGraceDays: 1.5 })).split('\n')).toEqual([
      'ApiKey test/app/a: rotationDays: 0 is not a rotation period; use a whole number of days of at least 1',
      'ApiKey test/app/a: expiryGraceDays: 1.5 is not a grace period; use a whole number of days of at least 1 (the key must outlive its rotation until the next apply)',
    ]);
    expect(errorOf(() => app.addApiKey('b', { name: 'b', rotationDays: 360 }))).toBe(
      'ApiKey test/app/b: rotationDays: rotation every 360 days plus 30 days of grace lets a key live 390 days, more than 365; shorten rotationDays or expiryGraceDays',
    );
    expect(errorOf(() => app.addApiKey('c', { name: '' }))).toBe('ApiKey test/app/c: name: the key name is empty; name the key after what uses it');
  });
});

describe('TerraformData', () => {
  test('validates without a Terraform binary, unlike cdktf\'s DataResource', () => {
    // a child process: jest's sandboxed process.env does not reach child_process
    const script = `
      const { App, DataResource, TerraformStack } = require('./constructs/core/cdktf');
      const { TerraformData } = require('./constructs/core/terraform-data');
      const stack = new TerraformStack(new App({ outdir: require('node:os').tmpdir() }), 's');
      console.log(JSON.stringify([new TerraformData(stack, 'ours').node.validate(), new DataResource(stack, 'theirs').node.validate()]));`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });
    const [ours, theirs] = JSON.parse(output) as [string[], string[]];
    expect(ours).toEqual([]);
    expect(theirs[0]).toMatch(/^Could not determine version of terraform/);
  });
});

describe('SecretsManagerApiKey', () => {
  test('Secrets Manager makes and rotates the key for the service ID (ServiceId-… form), reusing it as Terraform requires', () => {
    const { stack, app } = keyStack();
    const key = app.addSecretsManagerApiKey('sm', { name: 'orders-app', secretsManagerGuid: SM_GUID, secretsManagerRegion: 'us-east', rotationDays: 30 });
    expect(key).toBeInstanceOf(SecretsManagerApiKey);
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_sm_iam_credentials_secret')).toEqual({
      instance_id: SM_GUID,
      region: 'us-east',
      name: 'orders-app',
      description: 'API key of orders-app, rotated by Secrets Manager every 30 days (ibm-data-guard)',
      service_id: '${ibm_iam_service_id.app_735A5B53.id}',
      ttl: '5184000',
      reuse_api_key: true,
      rotation: { auto_rotate: true, interval: 30, unit: 'day' },
    });
    expect(json.resource?.ibm_iam_service_api_key).toBeUndefined();
  });

  test('refuses a CRN for the GUID, a ttl outside 60..7776000, and a rotation after the ttl', () => {
    const { app } = keyStack();
    expect(
      errorOf(() => app.addSecretsManagerApiKey('a', { name: 'x', secretsManagerGuid: `crn:v1:bluemix:public:secrets-manager:us-east:a/1:${SM_GUID}::`, ttlSeconds: 30 })).split('\n'),
    ).toEqual([
      `SecretsManagerApiKey test/app/a: name: "x" has 1 character; Secrets Manager secret names have 2 to 256`,
      `SecretsManagerApiKey test/app/a: secretsManagerGuid: "crn:v1:bluemix:public:secrets-manager:us-east:a/1:${SM_GUID}::" is not a GUID; pass the Secrets Manager instance GUID (the 8-4-4-4-12 part of its CRN), not the CRN`,
      'SecretsManagerApiKey test/app/a: ttlSeconds: 30 is outside Secrets Manager\'s range; use a whole number of seconds from 60 to 7776000 (90 days)',
    ]);
    expect(errorOf(() => app.addSecretsManagerApiKey('b', { name: 'xy', secretsManagerGuid: SM_GUID, ttlSeconds: 86400, rotationDays: 1 }))).toBe(
      'SecretsManagerApiKey test/app/b: rotationDays: rotation every 1 days comes after the key\'s ttl of 86400 seconds (1.0 days) has ended, so consumers would hold an expired key; rotate more often or raise ttlSeconds',
    );
  });
});
