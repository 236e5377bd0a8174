// The engine of an environment decides the backend block and where the scripts run; a
// backend that cannot go with the engine is refused at its line. The review says what is
// left for after the apply.
import { reviewFromSynthesized, renderReview } from '../review';
import { stackFrom, stackProblemsOf } from './support/environment';
import { synthJson } from './support/synth';

const ACCOUNT = 'account: { id: 0123456789abcdef0123456789abcdef, region: us-east }\n';
const REPLICATION = `cloudant:
  orders: { plan: standard-gen2, serviceEndpoints: public-and-private, databases: { orders: {}, copy: {} } }
replications:
  copy:
    source: { instance: orders, database: orders }
    target: { instance: orders, database: copy }
`;
const CLOUD = 'backend: { type: cloud, organization: acme, workspace: data }\n';
const nodeSteps = (json: ReturnType<typeof synthJson>) => Object.values(json.resource?.terraform_data ?? {}).filter((data) => Array.isArray(data.provisioner));

describe('engines in environment files', () => {
  test('local (the default): scripts inside Terraform, no post_apply_steps output', () => {
    const json = synthJson(stackFrom(`${ACCOUNT}${REPLICATION}`));
    expect(nodeSteps(json)).toHaveLength(1);
    expect(json.output?.post_apply_steps).toBeUndefined();
    expect(json.terraform!.backend).toEqual({ local: { path: '../../../terraform.dev.tfstate' } });
  });

  test('backend cloud makes hcp the default: the replication becomes a post-apply step; an agent with Node keeps it inside', () => {
    const hcp = synthJson(stackFrom(`${ACCOUNT}${CLOUD}${REPLICATION}`));
    expect(nodeSteps(hcp)).toEqual([]);
    expect((hcp.output!.post_apply_steps!.value as { command: string }[]).map((step) => step.command)).toEqual(['put']);
    expect(hcp.output!.post_apply_steps!.description).toBe('steps this stack\'s engine (HCP Terraform) cannot run: after every apply, run ibm-data-guard apply-steps <environment> (before a destroy: --destroy). No secrets');
    const agent = synthJson(stackFrom(`${ACCOUNT}${CLOUD}hcpAgentRunsNode: true\n${REPLICATION}`));
    expect(nodeSteps(agent)).toHaveLength(1);
    expect(agent.output?.post_apply_steps).toBeUndefined();
    // engine local with an HCP backend: a CLI-driven workspace in local execution mode
    expect(nodeSteps(synthJson(stackFrom(`${ACCOUNT}${CLOUD}engine: local\n${REPLICATION}`)))).toHaveLength(1);
  });

  test('schematics: no backend block at all', () => {
    const json = synthJson(stackFrom(`${ACCOUNT}engine: schematics\n${REPLICATION}`));
    expect(json.terraform).toEqual({ required_providers: expect.any(Object) });
    expect(nodeSteps(json)).toEqual([]);
  });

  test('a backend that cannot go with the engine is refused at its line, with the way out', () => {
    expect(stackProblemsOf(`${ACCOUNT}engine: schematics\nbackend: { type: s3, bucket: b, key: k, endpoint: "https://s3.example.com" }\n`)).toEqual([
      'environments/dev.yaml:3:10: backend: IBM Schematics keeps the state itself (in its own encrypted bucket) and takes no backend block; remove backend (s3), or choose another engine',
    ]);
    expect(stackProblemsOf(`${ACCOUNT}engine: hcp\n`)).toEqual([
      'environments/dev.yaml:2:9: engine: hcp runs in an HCP Terraform workspace, whose state is the workspace\'s: set backend to { type: cloud, organization, workspace }, or choose engine local',
    ]);
    expect(stackProblemsOf(`${ACCOUNT}hcpAgentRunsNode: true\n`)).toEqual(['environments/dev.yaml:2:19: hcpAgentRunsNode: only means something with engine hcp (HCP Terraform runs); remove it']);
    expect(stackProblemsOf(`${ACCOUNT.replace('region: us-east }', 'region: us-east, endpoints: private }')}${CLOUD}`)).toEqual([
      "environments/dev.yaml:1:78: account.endpoints: private endpoints are out of reach of HCP Terraform's own workers, which run on the internet; use public-and-private, or run the workspace on your own agent inside IBM Cloud (examples/hcp-agent) and set hcpAgentRunsNode: true",
    ]);
  });

  test('the review says what is pending after the apply', () => {
    const json = synthJson(stackFrom(`${ACCOUNT}engine: schematics\n${REPLICATION}`));
    const text = renderReview(reviewFromSynthesized(undefined, json, 'dev'));
    expect(text).toContain(
      "> [!IMPORTANT]\n> **Pending after the apply:** this environment's engine cannot run 1 step (writes replication document copy-dev (source and target keys included) to the host's _replicator). Run `ibm-data-guard apply-steps dev` once the apply has finished (and with `--destroy` before a destroy).",
    );
  });
});
