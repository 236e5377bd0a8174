// A loopback HTTP server that speaks IAM's token endpoint and the parts of Cloudant's
// API the replication script uses (`_replicator` documents, `_scheduler/docs`), with
// faults that a test injects by request.
import { execFile } from 'node:child_process';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export const SCRIPT = path.resolve(__dirname, '../../constructs/replication/replicator.mjs');

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly reason?: string }
  | { readonly kind: 'drop' }
  // the request takes effect, but its answer comes after `ms`
  | { readonly kind: 'delay'; readonly ms: number }
  // Cloudant answers 401, as it does once a token has expired
  | { readonly kind: 'expire-token' }
  // someone else writes the document between our read and our write
  | { readonly kind: 'change-after-read' };

interface FaultRule {
  readonly method: string;
  readonly path: RegExp;
  readonly fault: Fault;
  remaining: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string;
  readonly status: number | 'dropped';
}

interface StoredDocument {
  rev: number;
  body: Record<string, unknown>;
}

export class FakeCloudant {
  /** the API keys IAM accepts */
  public readonly validKeys = new Set<string>();
  /** replication documents by ID */
  public readonly documents = new Map<string, StoredDocument>();
  /** scheduler states by document ID, for `_scheduler/docs` */
  public readonly scheduler = new Map<string, Record<string, unknown>>();
  public readonly requests: RecordedRequest[] = [];
  public replicatorExists = true;
  public tokenLifetimeSeconds = 3600;
  private readonly validTokens = new Set<string>();
  private readonly faults: FaultRule[] = [];
  private tokenCount = 0;
  private server?: Server;
  private port = 0;

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  public async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  public async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** applies `fault` to the next `times` requests of `method` to a path matching `pathPattern` */
  public inject(method: string, pathPattern: RegExp, fault: Fault, times = 1): void {
    this.faults.push({ method, path: pathPattern, fault, remaining: times });
  }

  /** the tokens IAM has issued so far */
  public get tokensIssued(): number {
    return this.tokenCount;
  }

  public revisionOf(id: string): string | undefined {
    const doc = this.documents.get(id);
    return doc ? `${doc.rev}-fake` : undefined;
  }

  private takeFault(method: string, url: string): Fault | undefined {
    const rule = this.faults.find((each) => each.remaining > 0 && each.method === method && each.path.test(url));
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const record = (status: number | 'dropped') =>
      this.requests.push({ method, path: url, authorization: req.headers.authorization, body, status });
    let answerDelayMs = 0;
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      record(status);
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (answerDelayMs > 0) setTimeout(answer, answerDelayMs);
      else answer();
    };

    const fault = this.takeFault(method, url);
    let afterRead: (() => void) | undefined;
    if (fault) {
      switch (fault.kind) {
        case 'status':
          return reply(fault.status, { error: fault.status === 429 ? 'too_many_requests' : 'internal_server_error', reason: fault.reason ?? 'injected' }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
        case 'drop':
          record('dropped');
          req.socket.destroy();
          return;
        case 'delay':
          // the request is carried out at once; only the answer is late, so a caller that
          // gives up does not know whether it took effect
          answerDelayMs = fault.ms;
          break;
        case 'expire-token':
          this.validTokens.clear();
          break;
        case 'change-after-read':
          afterRead = () => {
            const id = decodeURIComponent(url.split('?')[0]!.slice('/_replicator/'.length));
            const doc = this.documents.get(id);
            if (doc) doc.rev += 1;
          };
          break;
      }
    }

    if (method === 'POST' && url === '/identity/token') return this.token(body, reply);

    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.validTokens.has(token)) return reply(401, { error: 'unauthorized', reason: 'token is not valid or has expired' });

    const [pathname, query = ''] = url.split('?');
    const schedulerMatch = /^\/_scheduler\/docs\/_replicator\/(.+)$/.exec(pathname!);
    if (method === 'GET' && schedulerMatch) {
      const id = decodeURIComponent(schedulerMatch[1]!);
      const state = this.scheduler.get(id);
      return state ? reply(200, { database: '_replicator', doc_id: id, ...state }) : reply(404, { error: 'not_found', reason: 'unknown' });
    }
    const docMatch = /^\/_replicator\/(.+)$/.exec(pathname!);
    if (!docMatch) return reply(404, { error: 'not_found', reason: 'no such endpoint in the fake' });
    if (!this.replicatorExists) return reply(404, { error: 'not_found', reason: 'Database does not exist.' });
    const id = decodeURIComponent(docMatch[1]!);
    const current = this.documents.get(id);
    switch (method) {
      case 'GET':
        if (!current) return reply(404, { error: 'not_found', reason: 'missing' });
        reply(200, { ...current.body, _id: id, _rev: `${current.rev}-fake` });
        afterRead?.();
        return;
      case 'PUT': {
        const doc = JSON.parse(body) as Record<string, unknown>;
        if ((current ? `${current.rev}-fake` : undefined) !== doc._rev) return reply(409, { error: 'conflict', reason: 'Document update conflict.' });
        const { _rev: _ignored, ...stored } = doc;
        const rev = (current?.rev ?? 0) + 1;
        this.documents.set(id, { rev, body: stored });
        return reply(201, { ok: true, id, rev: `${rev}-fake` });
      }
      case 'DELETE': {
        const rev = new URLSearchParams(query).get('rev');
        if (!current) return reply(404, { error: 'not_found', reason: 'deleted' });
        if (rev !== `${current.rev}-fake`) return reply(409, { error: 'conflict', reason: 'Document update conflict.' });
        this.documents.delete(id);
        return reply(200, { ok: true, id, rev: `${current.rev + 1}-fake` });
      }
      default:
        return reply(405, { error: 'method_not_allowed', reason: method });
    }
  }

  private token(body: string, reply: (status: number, json: unknown) => void): void {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ibm:params:oauth:grant-type:apikey' || !this.validKeys.has(form.get('apikey') ?? '')) {
      return reply(400, { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.' });
    }
    this.tokenCount += 1;
    const token = `fake-iam-access-token-${this.tokenCount}-${'x'.repeat(16)}`;
    this.validTokens.add(token);
    reply(200, { access_token: token, refresh_token: 'not-used', token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds, expiration: Math.floor(Date.now() / 1000) + this.tokenLifetimeSeconds });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

export interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** runs the replication script as Terraform would: node, the command, and an environment */
export function runScript(args: readonly string[], env: Record<string, string>): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
