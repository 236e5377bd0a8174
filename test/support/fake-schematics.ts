// A loopback HTTP server that behaves as IBM documents the IAM token endpoint and the parts
// of the Schematics workspace API that `ibm-data-guard schematics` calls: workspaces listed,
// created (a new one is a DRAFT until a template is uploaded) and replaced; the template
// uploaded as a tar in a multipart `file` field; plan (POST) and apply (PUT) jobs that need the
// IAM refresh token in a header and refuse to start while another runs (409); job status
// CREATED → IN PROGRESS → COMPLETED or FAILED; the job's log growing as it runs. Faults are
// injected by request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultPlan, jwtShaped, LoopbackServer, readBody } from './loopback-server';

export interface FakeWorkspace {
  id: string;
  name: string;
  type: string[];
  location: string;
  resource_group?: string;
  tags: string[];
  status: string;
  templateId: string;
  /** file names in the uploaded tar */
  uploaded?: string[];
  /** the uploaded cdk.tf.json, parsed */
  stack?: Record<string, unknown>;
}

interface Job {
  readonly id: string;
  readonly workspace: string;
  readonly name: 'PLAN' | 'APPLY';
  reads: number;
}

export class FakeSchematics extends LoopbackServer {
  public readonly keys = new Set<string>();
  public readonly workspaces = new Map<string, FakeWorkspace>();
  public readonly jobs = new Map<string, Job>();
  /** reads of a job that say IN PROGRESS before it ends */
  public runningReads = 2;
  /** how jobs end */
  public outcome: 'COMPLETED' | 'FAILED' = 'COMPLETED';
  public readonly requests: { method: string; path: string; status: number | 'dropped'; refreshToken?: string }[] = [];
  public readonly tokens: string[] = [];
  public readonly refreshTokens: string[] = [];
  private readonly validTokens = new Set<string>();
  private readonly faults = new FaultPlan<{ status: number; retryAfter?: string }>();

  public inject(method: string, path: RegExp, status: number, options: { retryAfter?: string; times?: number } = {}): void {
    this.faults.add(method, path, { status, retryAfter: options.retryAfter }, options.times ?? 1);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.url);
    const refreshToken = req.headers.refresh_token as string | undefined;
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}, type = 'application/json') => {
      this.requests.push({ method, path: url.pathname, status, refreshToken });
      res.writeHead(status, payload === undefined ? headers : { 'content-type': type, ...headers });
      res.end(payload === undefined ? undefined : type === 'application/json' ? JSON.stringify(payload) : String(payload));
    };
    const error = (status: number, message: string, headers: Record<string, string> = {}) => reply(status, { requestid: 'fake', code: status, description: message, error: message }, headers);

    const fault = this.faults.take(method, url.pathname);
    if (fault) {
      return error(fault.status, 'injected', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    }
    if (method === 'POST' && url.pathname === '/identity/token') {
      const form = new URLSearchParams(body.toString('utf8'));
      if (!this.keys.has(form.get('apikey') ?? '')) return reply(400, { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.' });
      const iat = Math.floor(Date.now() / 1000);
      const token = jwtShaped({ alg: 'RS256' }, { iam_id: 'iam-ServiceId-deployer', iat, exp: iat + 3600 }, this.tokens.length + 1);
      const refresh = `fake-refresh-token-${this.refreshTokens.length + 1}-abcdefghijklmnop`;
      this.tokens.push(token);
      this.refreshTokens.push(refresh);
      this.validTokens.add(token);
      return reply(200, { access_token: token, refresh_token: refresh, token_type: 'Bearer', expires_in: 3600, expiration: iat + 3600 });
    }
    if (!this.validTokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return error(401, 'the token is not valid');

    if (url.pathname === '/v1/workspaces' && method === 'GET') {
      const offset = Number(url.searchParams.get('offset') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '100');
      const all = [...this.workspaces.values()];
      return reply(200, { count: all.length, offset, limit, workspaces: all.slice(offset, offset + limit).map((each) => this.describe(each)) });
    }
    if (url.pathname === '/v1/workspaces' && method === 'POST') {
      const payload = JSON.parse(body.toString('utf8')) as Partial<FakeWorkspace> & { template_data?: { type?: string }[]; template_repo?: unknown };
      if (!payload.name || !Array.isArray(payload.type) || !payload.location || payload.template_data?.[0]?.type !== payload.type[0]) return error(400, 'name, type, location and template_data with the same type are required');
      if ([...this.workspaces.values()].some((each) => each.name === payload.name)) return error(409, `a workspace named ${payload.name} exists`);
      const n = this.workspaces.size + 1;
      const workspace: FakeWorkspace = { id: `${payload.location}.workspace.${payload.name}.${n}`, name: payload.name, type: payload.type, location: payload.location, resource_group: payload.resource_group, tags: payload.tags ?? [], status: 'DRAFT', templateId: `template-${n}` };
      this.workspaces.set(workspace.id, workspace);
      return reply(201, this.describe(workspace));
    }
    const match = /^\/v1\/workspaces\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
    const workspace = match ? this.workspaces.get(decodeURIComponent(match[1]!)) : undefined;
    if (!match || !workspace) return error(404, 'no such workspace');
    const rest = match[2];
    if (rest === undefined && method === 'PUT') {
      if (this.busy(workspace)) return error(409, 'the workspace is locked by a running job');
      const payload = JSON.parse(body.toString('utf8')) as Partial<FakeWorkspace>;
      Object.assign(workspace, { type: payload.type ?? workspace.type, location: payload.location ?? workspace.location, tags: payload.tags ?? workspace.tags });
      return reply(200, this.describe(workspace));
    }
    if (rest === `template_data/${workspace.templateId}/template_repo_upload` && method === 'PUT') {
      const file = multipartFile(req.headers['content-type'] ?? '', body, 'file');
      if (!file) return error(400, 'a multipart file field named file is required');
      const entries = tarEntries(file);
      if (!entries.has('cdk.tf.json')) return error(400, 'the tar holds no Terraform configuration');
      workspace.uploaded = [...entries.keys()].sort();
      workspace.stack = JSON.parse(entries.get('cdk.tf.json')!.toString('utf8')) as Record<string, unknown>;
      workspace.status = 'INACTIVE';
      return reply(200, { id: workspace.id, template_id: workspace.templateId, has_received_file: true });
    }
    if ((rest === 'plan' && method === 'POST') || (rest === 'apply' && method === 'PUT')) {
      if (!refreshToken || !this.refreshTokens.includes(refreshToken)) return error(400, 'the refresh_token header is required');
      if (workspace.status === 'DRAFT') return error(400, 'the workspace has no template');
      if (this.busy(workspace)) return error(409, 'the workspace is locked by a running job');
      const id = `activity-${this.jobs.size + 1}`;
      this.jobs.set(id, { id, workspace: workspace.id, name: rest === 'plan' ? 'PLAN' : 'APPLY', reads: 0 });
      return reply(202, { activityid: id });
    }
    const activity = /^actions\/([^/]+)$/.exec(rest ?? '');
    if (activity && method === 'GET') {
      const job = this.jobs.get(activity[1]!);
      if (!job || job.workspace !== workspace.id) return error(404, 'no such activity');
      job.reads += 1;
      const status = this.statusOf(job);
      return reply(200, { action_id: job.id, name: job.name, status, templates: [{ template_id: workspace.templateId, status, ...(status === 'FAILED' ? { message: 'Terraform apply failed: Error creating ibm_db2' } : {}) }] });
    }
    const log = /^runtime_data\/([^/]+)\/log_store\/actions\/([^/]+)$/.exec(rest ?? '');
    if (log && method === 'GET') {
      const job = this.jobs.get(log[2]!);
      if (!job || log[1] !== workspace.templateId) return error(404, 'no such log');
      return reply(200, this.logOf(job), {}, 'text/plain');
    }
    return error(404, `no such endpoint ${url.pathname}`);
  }

  private busy(workspace: FakeWorkspace): boolean {
    return [...this.jobs.values()].some((job) => job.workspace === workspace.id && !['COMPLETED', 'FAILED'].includes(this.statusOf(job)));
  }

  private statusOf(job: Job): string {
    if (job.reads <= 1) return 'CREATED';
    return job.reads <= 1 + this.runningReads ? 'IN PROGRESS' : this.outcome;
  }

  private logOf(job: Job): string {
    const lines = [`${job.name} started`];
    for (let n = 1; n < Math.min(job.reads, 1 + this.runningReads); n++) lines.push(`${job.name.toLowerCase()} step ${n}`);
    if (['COMPLETED', 'FAILED'].includes(this.statusOf(job))) lines.push(`${job.name} ${this.statusOf(job).toLowerCase()}`);
    return `${lines.join('\n')}\n`;
  }

  private describe(workspace: FakeWorkspace): Record<string, unknown> {
    return { id: workspace.id, name: workspace.name, type: workspace.type, location: workspace.location, resource_group: workspace.resource_group, tags: workspace.tags, status: workspace.status, template_data: [{ id: workspace.templateId, folder: '.', type: workspace.type[0] }] };
  }
}


/** the bytes of one field of a multipart/form-data body */
function multipartFile(contentType: string, body: Buffer, field: string): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    if (new RegExp(`name="${field}"`).test(headers)) return part.subarray(headerEnd + 4);
    start = next;
  }
  return undefined;
}

/** the files of an uncompressed (ustar) tar, by name */
function tarEntries(tar: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    if (type === '0' || type === '\0') entries.set(prefix ? `${prefix}/${name}` : name, tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
