// Every sample environment through real Terraform against the stand-in providers: init,
// validate, plan, show, apply, and a second plan that must show no changes. After the apply,
// each sample takes a change a pull request would bring (prod: a grant widened and a network
// rule disabled; dev: a key rotated), and the review and the guardrails read the plan
// Terraform made of it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkConfiguration, readPlanJson } from '../guardrails';
import { renderReview, reviewFromPlan } from '../review';
import { verifyStack, VerifyOptions, VerifyResult } from '../verify/terraform';
import { ACCOUNT, actionsOf, Json, NOW, regionOf, synthesizedSamples } from './support/terraform-samples';

const stackOf = (name: string) => JSON.parse(readFileSync(path.join(synthesizedSamples(), 'stacks', name, 'cdk.tf.json'), 'utf8')) as { resource: Json };
const addressOf = (stack: { resource: Json }, type: string, prefix = '') => Object.keys(stack.resource[type]!).find((each) => each.startsWith(prefix))!;

// prod: the orders app's grant widened from one database to the whole instance, the orders rule disabled
const prod = stackOf('prod');
const PROD = {
  grant: addressOf(prod, 'ibm_iam_service_policy', 'identity-orders-app_cloudant-orders-db-orders'),
  rule: addressOf(prod, 'ibm_cbr_rule', 'network-rule-orders_'),
  instance: addressOf(prod, 'ibm_cloudant', 'cloudant-orders_'),
};
const DEV_KEY = addressOf(stackOf('dev'), 'ibm_iam_service_api_key');

const CHANGES: Record<string, VerifyOptions['change']> = {
  prod: {
    edit: (json) => {
      const resources = (json as { resource: Json }).resource;
      const scope = resources.ibm_iam_service_policy![PROD.grant]!.resources as Record<string, unknown>;
      delete scope.resource_type;
      delete scope.resource;
      resources.ibm_cbr_rule![PROD.rule]!.enforcement_mode = 'disabled';
    },
  },
  dev: { replace: [`ibm_iam_service_api_key.${DEV_KEY}`] },
};

// one Terraform cycle per sample, shared by the tests that read it
const cycles = new Map<string, VerifyResult>();
function cycleOf(name: string): VerifyResult {
  if (!cycles.has(name)) {
    cycles.set(name, verifyStack(path.join(synthesizedSamples(), 'stacks', name), { accountId: ACCOUNT, region: regionOf(name), now: NOW, change: CHANGES[name] }));
  }
  return cycles.get(name)!;
}

describe.each(['dev', 'staging', 'prod', 'reporting'])('the %s sample through Terraform', (name) => {
  test('validates, plans, applies against the stand-ins, and plans again with no change', () => {
    const result = cycleOf(name);
    expect(result.steps.map((step) => step.step).slice(0, 7)).toEqual(['init', 'validate', 'plan', 'show', 'apply', 'replan', 'show']);
    const created = actionsOf(result.plan);
    expect(created.length).toBeGreaterThan(0);
    expect(created.filter((actions) => actions !== 'create' && actions !== 'read')).toEqual([]);
    expect(new Set(actionsOf(result.replan))).toEqual(new Set(['no-op']));
    expect((result.plan as { format_version: string }).format_version).toMatch(/^1\./);
  });
});

describe('real plans of real changes, for the review and the guardrails', () => {
  test('prod: the review flags the widened grant and the disabled rule, from the plan Terraform made', () => {
    const text = renderReview(reviewFromPlan(cycleOf('prod').changed, 'prod'));
    expect(text).toContain(`- 🔴 \`ibm_iam_service_policy.${PROD.grant}\` widens the policy from one database to the whole instance`);
    expect(text).toContain(`- 🔴 \`ibm_cbr_rule.${PROD.rule}\` turns network rule enforcement from enabled to disabled`);
    expect(text).toContain('**2 to update**');
  });

  test('prod: the guardrails read the same plan: the production instance has no enabled rule any more', () => {
    const report = checkConfiguration(readPlanJson(cycleOf('prod').changed, 'prod', { production: true }));
    expect(report.findings.filter((finding) => finding.rule === 'IBM-NET-7').map((finding) => finding.address)).toEqual([`ibm_cloudant.${PROD.instance}`]);
  });

  test('dev: a rotated key: Terraform plans its replacement, and the review says its consumers must pick up the new one', () => {
    const changed = cycleOf('dev').changed;
    expect(actionsOf(changed).filter((actions) => actions !== 'no-op')).toEqual(['create,delete']);
    expect(renderReview(reviewFromPlan(changed, 'dev'))).toContain(
      `- 🟠 \`ibm_iam_service_api_key.${DEV_KEY}\` replaces the key: its consumers (replication documents, applications, secrets) must pick up the new one`,
    );
  });
});
