// An environment's IBM Schematics workspace: made or updated from the synthesized stack
// (`push`), and its plan and apply jobs started and followed, their logs streamed (`plan`,
// `apply`). Schematics keeps the state, so the stack has no backend block, and it passes
// its IAM token to the IBM provider.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { create as createTar } from 'tar';
import type { Waiting } from '../sdk/waiting';
import { Activity, SchematicsClient, Workspace } from './schematics-client';

/** Terraform versions Schematics runs (its deprecation page lists 1.4 to 1.9); the newest */
export const SCHEMATICS_TERRAFORM_VERSION = 'terraform_v1.9';
/** the locations Schematics workspaces live in (its API endpoints) */
export const SCHEMATICS_LOCATIONS = ['us-south', 'us-east', 'eu-gb', 'eu-de', 'ca-tor'] as const;

const FINISHED = ['COMPLETED', 'FAILED', 'STOPPED'];

export class SchematicsError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number,
  ) {
    super(message);
    this.name = 'SchematicsError';
  }
}

export interface WorkspaceOptions {
  readonly environment: string;
  /** the synthesized stack's folder */
  readonly stackDir: string;
  readonly workspaceName: string;
  readonly location: string;
  readonly resourceGroup?: string;
  readonly terraformVersion: string;
  readonly tags: readonly string[];
}

/** Creates the workspace, or updates the one of that name, and uploads the stack to it. */
export async function pushWorkspace(client: SchematicsClient, options: WorkspaceOptions, progress: (line: string) => void): Promise<{ workspace: Workspace; created: boolean }> {
  const stackFile = path.join(options.stackDir, 'cdk.tf.json');
  if (!existsSync(stackFile)) throw new SchematicsError(`${stackFile} does not exist: synthesize first (npm run synth)`, 2);
  const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as { terraform?: { backend?: unknown; cloud?: unknown } };
  if (stack.terraform?.backend || stack.terraform?.cloud) {
    throw new SchematicsError(`${options.environment}'s stack has a backend block, which Schematics does not take (it keeps the state itself): set engine: schematics in its environment file and synthesize again`, 2);
  }
  const definition = {
    name: options.workspaceName,
    terraformVersion: options.terraformVersion,
    location: options.location,
    resourceGroup: options.resourceGroup,
    description: `${options.environment} environment, synthesized by ibm-data-guard`,
    tags: [...options.tags],
  };
  const existing = (await call('listing workspaces', () => client.listWorkspaces())).find((each) => each.name === options.workspaceName);
  const workspace = existing
    ? await call(`updating workspace ${existing.id}`, () => client.replaceWorkspace(existing.id, definition))
    : await call('creating the workspace', () => client.createWorkspace(definition));
  progress(`${existing ? 'updated' : 'created'} workspace ${options.workspaceName} (${workspace.id}) in ${options.location}, ${options.terraformVersion}`);
  const template = workspace.template_data?.[0]?.id;
  if (!template) throw new SchematicsError(`workspace ${workspace.id} has no template to upload to`, 2);
  const tar = await tarOf(options.stackDir);
  await call(`uploading the stack to workspace ${workspace.id}`, () => client.uploadTemplate(workspace.id, template, tar));
  progress(`uploaded ${options.stackDir} (${tar.length} bytes) as the workspace's template`);
  return { workspace, created: existing === undefined };
}

/** Starts a plan or apply job of the environment's workspace and follows it to the end, streaming its log. */
export async function runJob(client: SchematicsClient, options: { workspaceName: string; job: 'plan' | 'apply'; pollMs: number; maxWaitMs: number; waiting: Waiting }, log: (text: string) => void, progress: (line: string) => void): Promise<Activity> {
  const workspace = (await call('listing workspaces', () => client.listWorkspaces())).find((each) => each.name === options.workspaceName);
  if (!workspace) throw new SchematicsError(`no workspace ${options.workspaceName}: run ibm-data-guard schematics push first`, 2);
  const template = workspace.template_data?.[0]?.id;
  if (!template) throw new SchematicsError(`workspace ${workspace.id} has no template: run ibm-data-guard schematics push first`, 2);
  const refreshToken = await refreshTokenOf(client);
  const activityId = await call(`starting the ${options.job} of workspace ${workspace.id}`, () => client.startJob(workspace.id, options.job, refreshToken));
  progress(`${options.job} job ${activityId} started on workspace ${options.workspaceName} (${workspace.id})`);
  const started = options.waiting.now();
  let shown = 0;
  for (let checks = 1; ; checks++) {
    const activity = await call(`reading job ${activityId}`, () => client.activity(workspace.id, activityId));
    const text = await call(`reading the log of job ${activityId}`, () => client.templateLog(workspace.id, template, activityId));
    if (text.length > shown) {
      log(text.slice(shown));
      shown = text.length;
    }
    const status = String(activity.status ?? '');
    if (FINISHED.includes(status)) return activity;
    const waited = options.waiting.now() - started;
    if (waited >= options.maxWaitMs) throw new SchematicsError(`job ${activityId} is still ${status || 'queued'} after ${Math.round(waited / 1000)} s; follow it in the Schematics console (workspace ${workspace.id})`, 2);
    progress(`${options.job} job ${activityId}: ${status || 'queued'} (${checks} ${checks === 1 ? 'check' : 'checks'}, ${Math.round(waited / 1000)} s)`);
    await options.waiting.sleep(options.pollMs);
  }
}

async function refreshTokenOf(client: SchematicsClient): Promise<string> {
  const authenticator = client.iamAuthenticator as { authenticate(request: { headers?: Record<string, string> }): Promise<void>; getRefreshToken?: () => string };
  await call('exchanging the API key', () => authenticator.authenticate({ headers: {} }));
  const token = authenticator.getRefreshToken?.();
  if (!token) throw new SchematicsError('Schematics jobs need an IAM refresh token, which only an API key gives: set SCHEMATICS_APIKEY (or IBMCLOUD_API_KEY)', 2);
  return token;
}

async function tarOf(folder: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  // the stack's own files: Terraform's working files (.terraform, plans, state) stay behind
  const files = ['cdk.tf.json', ...(existsSync(path.join(folder, 'assets')) ? ['assets'] : [])];
  const stream = createTar({ cwd: folder, portable: true, gzip: false, filter: (name) => !/(^|\/)\.terraform(\/|$)|\.tfstate|\.tfplan$/.test(name) }, files);
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** one API call, its failure put in words; 401/403 name what is missing */
async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SchematicsError) throw error;
    const status = (error as { status?: number }).status;
    const message = (error as Error).message;
    if (status === 401 || status === 400) throw new SchematicsError(`${what}: IAM or Schematics refused the key (${status}: ${message}); check SCHEMATICS_APIKEY (or IBMCLOUD_API_KEY)`, 2);
    if (status === 403) throw new SchematicsError(`${what}: refused (403: ${message}); the key needs Manager on Schematics workspaces (and the roles the stack's resources need)`, 2);
    if (status === 409) throw new SchematicsError(`${what}: the workspace is busy (409: ${message}); a job is running on it: wait for it, then run again`, 2);
    throw new SchematicsError(`${what}: ${status ? `HTTP ${status}: ` : ''}${message}`, 2);
  }
}
