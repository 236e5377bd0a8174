// The sample environments, synthesized once per test file into a folder of their own, for the
// tests that hand stacks to Terraform.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from '../../constructs/core/cdktf';
import { buildEnvironments } from '../../environment';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';
export const NOW = new Date('2026-11-20T10:00:00Z');

export type Json = Record<string, Record<string, Record<string, unknown>>>;
type Plan = { resource_changes?: { address: string; type: string; change: { actions: string[] } }[] };

let outdir: string | undefined;
export function synthesizedSamples(): string {
  if (outdir === undefined) {
    outdir = mkdtempSync(path.join(tmpdir(), 'verify-samples-'));
    const app = new App({ outdir, stackTraces: false, skipValidation: true });
    buildEnvironments(app, path.join(__dirname, '..', '..', 'environments'));
    app.synth();
  }
  return outdir;
}

/** each resource change's actions, joined: `create`, `no-op`, `create,delete` */
export const actionsOf = (plan: unknown): string[] => ((plan as Plan).resource_changes ?? []).map((change) => change.change.actions.join(','));

export const regionOf = (name: string): string => ({ dev: 'us-south', reporting: 'eu-de' })[name] ?? 'us-east';
