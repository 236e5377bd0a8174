// A loopback HTTP server that speaks IAM's token endpoint and the parts of Cloudant's
// API the replication script uses (`_replicator` documents, `_scheduler/docs`), with
// faults that a test injects by request. Documents follow CouchDB's revision rules: a
// write or delete at a stale revision is a 409, a deleted document leaves a tombstone
// (GET says 404 "deleted"), and a document written again after a delete continues its
// revision count.
import { execFile } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { FaultPlan, LoopbackServer, readBody } from './loopback-server';

export const SCRIPT = path.resolve(__dirname, '../../constructs/scripts/replicator.cjs');

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly reason?: string }
  | { readonly kind: 'drop' }
  // the request takes effect, but its answer is held until the client gives up on it
  | { readonly kind: 'hold' }
  // someone else deletes the document between our read and our delete
  | { readonly kind: 'delete-after-read' }
  // someone else deletes the document and writes it again between our read and our delete
  | { readonly kind: 'recreate-after-read' }
  // Cloudant answers 401, as it does once a token has expired
  | { readonly kind: 'expire-token' }
  // someone else writes the document between our read and our write
  | { readonly kind: 'change-after-read' };

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
  /** a tombstone: deleted at `rev`, which a later write continues from */
  deleted?: boolean;
}

export class FakeCloudant extends LoopbackServer {
  /** the API keys IAM accepts */
  public readonly validKeys = new Set<string>();
  /** replication documents by ID */
  public readonly documents = new Map<string, StoredDocument>();
  /** scheduler states by document ID, for `_scheduler/docs` */
  public readonly scheduler = new Map<string, Record<string, unknown>>();
  public readonly requests: RecordedRequest[] = [];
  public replicatorExists = true;
  /** false for a host that answers no `_scheduler` request */
  public schedulerExists = true;
  public tokenLifetimeSeconds = 3600;
  /** called when a held answer is waiting, so a test can let the client's deadline pass */
  public onHold: () => void = () => undefined;
  private readonly validTokens = new Set<string>();
  private readonly faults = new FaultPlan<Fault>();
  private tokenCount = 0;

  /** applies `fault` to the next `times` requests of `method` to a path matching `pathPattern` */
  public inject(method: string, pathPattern: RegExp, fault: Fault, times = 1): void {
    this.faults.add(method, pathPattern, fault, times);
  }

  /** the tokens IAM has issued so far */
  public get tokensIssued(): number {
    return this.tokenCount;
  }

  /** the current revision of a live document */
  public revisionOf(id: string): string | undefined {
    const doc = this.documents.get(id);
    return doc && !doc.deleted ? `${doc.rev}-fake` : undefined;
  }

  /** whether a live (not deleted) document has this ID */
  public has(id: string): boolean {
    return this.revisionOf(id) !== undefined;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const record = (status: number | 'dropped') =>
      this.requests.push({ method, path: url, authorization: req.headers.authorization, body, status });
    let hold = false;
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      record(status);
      if (hold) {
        // carried out, never answered: the client's deadline decides
        this.onHold();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };

    const fault = this.faults.take(method, url);
    let afterRead: (() => void) | undefined;
    if (fault) {
      switch (fault.kind) {
        case 'status':
          return reply(fault.status, { error: fault.status === 429 ? 'too_many_requests' : 'internal_server_error', reason: fault.reason ?? 'injected' }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
        case 'drop':
          record('dropped');
          req.socket.destroy();
          return;
        case 'hold':
          // the request is carried out at once; only the answer never comes, so a caller
          // that gives up does not know whether it took effect
          hold = true;
          break;
        case 'expire-token':
          this.validTokens.clear();
          break;
        case 'change-after-read':
        case 'delete-after-read':
        case 'recreate-after-read':
          afterRead = () => {
            const id = decodeURIComponent(url.split('?')[0]!.slice('/_replicator/'.length));
            const doc = this.documents.get(id);
            if (!doc || doc.deleted) return;
            doc.rev += 1;
            if (fault.kind !== 'change-after-read') doc.deleted = true;
            if (fault.kind === 'recreate-after-read') {
              doc.rev += 1;
              doc.deleted = false;
            }
          };
          break;
      }
    }

    if (method === 'POST' && url === '/identity/token') return this.token(body, reply);

    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.validTokens.has(token)) return reply(401, { error: 'unauthorized', reason: 'token is not valid or has expired' });

    const [pathname, query = ''] = url.split('?');
    if (pathname!.startsWith('/_scheduler/') && !this.schedulerExists) return reply(404, { error: 'not_found', reason: 'missing' });
    if (method === 'GET' && pathname === '/_scheduler/docs') {
      const docs = [...this.scheduler].map(([id, state]) => ({ database: '_replicator', doc_id: id, ...state }));
      return reply(200, { total_rows: docs.length, offset: 0, docs: docs.slice(0, Number(new URLSearchParams(query).get('limit') ?? docs.length)) });
    }
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
    const live = current && !current.deleted ? current : undefined;
    switch (method) {
      case 'GET':
        if (!live) return reply(404, { error: 'not_found', reason: current ? 'deleted' : 'missing' });
        reply(200, { ...live.body, _id: id, _rev: `${live.rev}-fake` });
        afterRead?.();
        return;
      case 'PUT': {
        const doc = JSON.parse(body) as Record<string, unknown>;
        // a live document takes only its current revision; a new or deleted one takes none
        if ((live ? `${live.rev}-fake` : undefined) !== doc._rev) return reply(409, { error: 'conflict', reason: 'Document update conflict.' });
        const { _rev: _ignored, ...stored } = doc;
        const rev = (current?.rev ?? 0) + 1;
        this.documents.set(id, { rev, body: stored });
        return reply(201, { ok: true, id, rev: `${rev}-fake` });
      }
      case 'DELETE': {
        const rev = new URLSearchParams(query).get('rev');
        if (!live) return reply(404, { error: 'not_found', reason: current ? 'deleted' : 'missing' });
        if (rev !== `${live.rev}-fake`) return reply(409, { error: 'conflict', reason: 'Document update conflict.' });
        this.documents.set(id, { rev: live.rev + 1, body: {}, deleted: true });
        return reply(200, { ok: true, id, rev: `${live.rev + 1}-fake` });
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


export interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** runs the replication script as Terraform would: node, the command, and an environment */
export function runScript(args: readonly string[], env: Record<string, string>): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** the clock, waits and deadlines the script takes instead of the machine's */
export interface ScriptRuntime {
  now(): number;
  sleep(ms: number): Promise<void>;
  deadline(ms: number): AbortSignal;
}

interface ReplicatorScript {
  run(argv: readonly string[], env: Record<string, string>, io: { out(line: string): void; err(line: string): void }, runtime?: ScriptRuntime): Promise<number>;
}

// the script is CommonJS with no dependencies, so the tests load the very file Terraform runs
// eslint-disable-next-line @typescript-eslint/no-require-imports
const replicator = require(SCRIPT) as ReplicatorScript;

/**
 * A runtime whose clock moves only when the script waits, whose waits take no time, and
 * whose request deadlines pass only when the fake holds an answer back: what a test sees
 * does not depend on how fast or busy the machine is.
 */
export class TestRuntime implements ScriptRuntime {
  /** every wait the script asked for, in milliseconds */
  public readonly waits: number[] = [];
  private clock: number;
  private readonly open = new Set<AbortController>();

  constructor(fake: { onHold: () => void }, start = Date.UTC(2026, 10, 20, 10, 0, 0)) {
    this.clock = start;
    fake.onHold = () => this.expireDeadlines();
  }

  public now(): number {
    return this.clock;
  }

  public async sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    this.clock += ms;
  }

  public deadline(): AbortSignal {
    const controller = new AbortController();
    this.open.add(controller);
    return controller.signal;
  }

  /** the deadline of every request under way passes now */
  public expireDeadlines(): void {
    for (const controller of this.open) controller.abort(new DOMException('the deadline passed', 'TimeoutError'));
    this.open.clear();
  }
}

/** runs the script in this process, as Terraform would run it, with a test runtime */
export async function runInProcess(args: readonly string[], env: Record<string, string>, runtime: ScriptRuntime): Promise<ScriptRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await replicator.run(args, env, { out: (line) => out.push(`${line}\n`), err: (line) => err.push(`${line}\n`) }, runtime);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
