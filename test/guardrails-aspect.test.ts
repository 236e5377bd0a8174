// The rule pack at synth: findings as annotations on the constructs that made the resources,
// suppressions and administrator marks recorded in "//".guardrails, levels per environment.
import { CloudantInstance, ServiceIdentity } from '../constructs';
import { Guardrails } from '../guardrails';
import { TerraformStack } from '../constructs/core/cdktf';
import { annotations, synthMetadata, synthText, testStack } from './support/synth';
import { errorOf } from './support/errors';

const NOW = new Date('2026-11-23T00:00:00Z');

function orders(stack: TerraformStack, production = false) {
  return new CloudantInstance(stack, 'cloudant-orders', { name: 'orders', plan: 'standard', location: 'us-east', allowDestroy: !production, dataEvents: production });
}

describe('Guardrails at synth', () => {
  test('an escape hatch that turns legacy credentials on fails the synth with the construct path, rule, finding and fix', () => {
    const { stack } = testStack();
    const instance = orders(stack);
    instance.resource.addOverride('legacy_credentials', true);
    Guardrails.applyTo(stack, { now: NOW });
    expect(() => synthText(stack)).toThrow(
      'synthesis produced errors:\n' +
        'test/cloudant-orders/Resource: IBM-CLD-1 ibm_cloudant.cloudant-orders_893E9616: the Cloudant instance has legacy (username and password) credentials: legacy_credentials = true. ' +
        'Fix: set legacy_credentials = false (CloudantInstance always does); an instance that already has them needs an IBM support case to remove them',
    );
  });

  test('a warning is annotated and the synth goes on; the stack records the settings it was checked with', () => {
    const { stack } = testStack();
    const instance = orders(stack);
    const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
    instance.grantRead(app).resource.addOverride('iam_service_id', app.serviceId);
    Guardrails.applyTo(stack, { now: NOW });
    const metadata = synthMetadata(stack);
    expect(annotations(stack, '@cdktf/warn')).toEqual([
      'test/app/cloudant-orders-instance: IBM-IAM-4 ibm_iam_service_policy.app_cloudant-orders-instance_84ED9727: the policy names its identity by a deprecated argument: iam_service_id is set; use iam_id = <service ID>.iam_id. ' +
        'Fix: name the identity by iam_id (the iam-ServiceId-… or iam-Profile-… value) instead of iam_service_id or profile_id',
    ]);
    expect(metadata.guardrails).toEqual({ production: false });
  });

  test('production applies the production-only rules and raises a key lifetime warning to an error', () => {
    const build = (production: boolean) => {
      const { stack } = testStack();
      orders(stack, production);
      const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
      app.addApiKey('key', { name: 'orders-app-key' }).resource.addOverride('expires_at', '2028-01-01T00:00+0000');
      Guardrails.applyTo(stack, { production, now: NOW });
      return stack;
    };
    const dev = build(false);
    synthText(dev);
    expect(annotations(dev, '@cdktf/warn')).toEqual([expect.stringMatching(/^test\/app\/key\/Resource: IBM-KEY-3 ibm_iam_service_api_key\.app_key_[0-9A-F]{8}: the key expires more than 365 days after it is made: expires_at is 404 days from now\. Fix: /)]);
    expect(() => synthText(build(true))).toThrow(/IBM-KEY-3 .*: expires_at is 404 days from now/);
  });

  test('a level from the props overrides the rule\'s own, and is recorded', () => {
    const { stack } = testStack();
    const instance = orders(stack);
    const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
    instance.grantRead(app).resource.addOverride('iam_service_id', app.serviceId);
    Guardrails.applyTo(stack, { now: NOW, levels: { 'IBM-IAM-4': 'error' } });
    expect(() => synthText(stack)).toThrow(/\ntest\/app\/cloudant-orders-instance: IBM-IAM-4 /);
    expect((stack.toTerraform() as { '//': { guardrails: unknown } })['//'].guardrails).toEqual({
      production: false,
      levels: { 'IBM-IAM-4': 'error' },
    });
  });

  test('a suppression on a construct covers the resources under it and is recorded with its path and reason', () => {
    const { stack } = testStack();
    const instance = orders(stack);
    instance.resource.addOverride('legacy_credentials', true);
    Guardrails.suppress(instance, [{ rule: 'IBM-CLD-1', reason: 'migrating off legacy credentials in ticket DATA-42' }]);
    Guardrails.applyTo(stack, { now: NOW });
    expect(synthMetadata(stack).guardrails).toEqual({
      production: false,
      suppressions: [{ rule: 'IBM-CLD-1', reason: 'migrating off legacy credentials in ticket DATA-42', path: 'test/cloudant-orders' }],
    });
    expect(annotations(stack, '@cdktf/warn')).toEqual([]);
  });

  test('a stack-wide suppression has no path; one that suppresses nothing is a warning where it was made', () => {
    const { stack } = testStack();
    const instance = orders(stack);
    Guardrails.suppress(stack, [{ rule: 'IBM-NET-3', reason: 'account-wide rules are reviewed by the platform team' }]);
    Guardrails.suppress(instance, [{ rule: 'IBM-CLD-2', reason: 'CORS stays on for the dashboard' }]);
    Guardrails.applyTo(stack, { now: NOW });
    expect((synthMetadata(stack).guardrails as { suppressions: unknown }).suppressions).toEqual([
      { rule: 'IBM-NET-3', reason: 'account-wide rules are reviewed by the platform team' },
      { rule: 'IBM-CLD-2', reason: 'CORS stays on for the dashboard', path: 'test/cloudant-orders' },
    ]);
    expect(annotations(stack, '@cdktf/warn')).toEqual([
      'test: unused guardrail suppression: IBM-NET-3 found nothing in this stack to suppress (reason given: "account-wide rules are reviewed by the platform team"); remove it',
      'test/cloudant-orders: unused guardrail suppression: IBM-CLD-2 found nothing here to suppress (reason given: "CORS stays on for the dashboard"); remove it',
    ]);
  });

  test('Manager for an identity with allowManager passes: the identity is recorded as an administrator', () => {
    const { stack } = testStack();
    const instance = orders(stack);
    const admin = new ServiceIdentity(stack, 'admin', { name: 'orders-admin', allowManager: true });
    const imported = ServiceIdentity.fromAttributes(stack, 'ops', { serviceId: 'ServiceId-0f1e2d3c-0000-4000-8000-0123456789ab', allowManager: true });
    instance.grantManage(admin);
    instance.grantManage(imported);
    Guardrails.applyTo(stack, { now: NOW });
    expect(synthMetadata(stack).guardrails).toEqual({
      production: false,
      administrators: [{ path: 'test/admin' }, { iamId: 'iam-ServiceId-0f1e2d3c-0000-4000-8000-0123456789ab' }],
    });
  });

  test('Manager forced onto an identity without allowManager is refused', () => {
    const { stack } = testStack();
    const instance = orders(stack);
    const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
    instance.grantRead(app).resource.addOverride('roles', ['Manager']);
    Guardrails.applyTo(stack, { now: NOW });
    expect(() => synthText(stack)).toThrow(/IBM-IAM-3 ibm_iam_service_policy\.app_cloudant-orders-instance_84ED9727: the policy grants Manager to an identity that is not marked as an administrator: Manager for ibm_iam_service_id\.app_735A5B53, which is not marked as an administrator\. Fix: /);
  });

  test('refuses an unknown rule ID and a short reason, with the exact problems', () => {
    const { stack } = testStack();
    expect(errorOf(() => Guardrails.suppress(stack, [{ rule: 'IBM-CLD1', reason: 'ok' }]))).toBe(
      'Guardrails.suppress test: suppressions.0.rule: "IBM-CLD1" is not a guardrail rule; did you mean IBM-CLD-1? the rules are listed in docs/guardrails.md\n' +
        'Guardrails.suppress test: suppressions.0.reason: the reason is 2 characters long; say in at least 10 why the rule does not apply here, for the auditor who reads it',
    );
    expect(errorOf(() => Guardrails.applyTo(stack, { levels: { 'NOPE-1': 'error' } }))).toBe(
      'Guardrails test: levels.NOPE-1: "NOPE-1" is not a guardrail rule; the rules are listed in docs/guardrails.md',
    );
  });

  test('applied twice, the second application only warns', () => {
    const { app, stack } = testStack();
    orders(stack);
    Guardrails.applyTo(app, { now: NOW });
    Guardrails.applyTo(stack, { now: NOW });
    synthText(stack);
    expect(annotations(stack, '@cdktf/warn')).toEqual(['test: the guardrails are applied to this stack more than once; apply them once, to the app or to the stack']);
  });
});
