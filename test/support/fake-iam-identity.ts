// A loopback HTTP server that behaves as IBM documents the IAM token endpoint and the IAM
// Identity API that `ibm-data-guard identities` calls through IBM's Node SDK: JWT-shaped
// tokens with exp and iat; inactivity reports (202 with a reference, 204 while building,
// then 200; 404 for an unknown reference); paged lists of API keys, service IDs and
// profiles whose `next` is a link with a `pagetoken`; disable, enable, lock, unlock and
// delete, with IAM's conflicts (a locked key or service ID refuses deletion); 401 without
// a valid token, 403 when the caller's roles lack the action. Faults are injected by request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultPlan, jwtShaped, LoopbackServer, readBody } from './loopback-server';

/** what a caller's roles on iam-identity allow (B.2 of the research notes) */
export type IdentityPermission = 'report' | 'list' | 'manage' | 'delete';

export interface FakeApiKey {
  id: string;
  name: string;
  iam_id: string;
  created_at: string;
  expires_at?: string;
  locked: boolean;
  disabled: boolean;
  description?: string;
  /** the last authentication, if any; absent: never */
  lastAuthn?: string;
}

export interface FakeServiceId {
  id: string;
  iam_id: string;
  name: string;
  created_at: string;
  locked: boolean;
  description?: string;
  lastAuthn?: string;
}

export interface FakeProfile {
  id: string;
  iam_id: string;
  name: string;
  created_at: string;
  lastAuthn?: string;
}

export type IdentityFault = { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string } | { readonly kind: 'drop' };

export class FakeIamIdentity extends LoopbackServer {
  public accountId = '0123456789abcdef0123456789abcdef';
  /** the server's clock, for report windows and token times */
  public now = new Date('2026-12-01T00:00:00Z');
  public readonly keys = new Map<string, FakeApiKey>();
  public readonly serviceIds = new Map<string, FakeServiceId>();
  public readonly profiles = new Map<string, FakeProfile>();
  /** API keys the token endpoint accepts, with what each caller may do */
  public readonly callers = new Map<string, { iamId: string; permissions: Set<IdentityPermission> }>();
  /** reads of a report that answer 204 before it is ready */
  public readsUntilReady = 2;
  public readonly requests: { method: string; path: string; status: number | 'dropped' }[] = [];
  /** every token issued, so tests can look for them in output */
  public readonly tokens: string[] = [];
  private readonly reports = new Map<string, { durationHours: number; readsLeft: number }>();
  private readonly validTokens = new Map<string, string>();
  private readonly faults = new FaultPlan<IdentityFault>();

  public caller(apiKey: string, iamId: string, permissions: IdentityPermission[]): void {
    this.callers.set(apiKey, { iamId, permissions: new Set(permissions) });
  }

  public inject(method: string, pathPattern: RegExp, fault: IdentityFault, times = 1): void {
    this.faults.add(method, pathPattern, fault, times);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.url);
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path: `${url.pathname}${url.search}`, status });
      res.writeHead(status, json === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      reply(status, { errorCode: code, errorMessage: message, errors: [{ code, message }], status_code: status, trace: 'fake-trace' }, headers);

    const fault = this.faults.take(method, url.pathname);
    if (fault) {
      if (fault.kind === 'drop') {
        this.requests.push({ method, path: url.pathname, status: 'dropped' });
        req.socket.destroy();
        return;
      }
      return error(fault.status, fault.status === 429 ? 'rate_limited' : 'server_error', 'injected', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    }

    if (method === 'POST' && url.pathname === '/identity/token') return this.token(body, reply, error);
    const iamId = this.validTokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (iamId === undefined) return error(401, 'BXNIM0308E', 'the token is not valid');
    const caller = [...this.callers.values()].find((each) => each.iamId === iamId)!;
    const need = (permission: IdentityPermission, action: string) => {
      if (caller.permissions.has(permission)) return true;
      error(403, 'BXNIM0513E', `You are not authorized to perform ${action}`);
      return false;
    };

    const report = /^\/v1\/activity\/accounts\/([^/]+)\/report(?:\/([^/]+))?$/.exec(url.pathname);
    if (report) {
      if (report[1] !== this.accountId) return error(404, 'BXNIM0400E', 'account not found');
      if (method === 'POST' && report[2] === undefined) {
        if (!need('report', 'iam-identity.report.create')) return;
        if (url.searchParams.get('type') !== 'inactive') return error(400, 'BXNIM0101E', 'type must be inactive');
        const reference = `report-${this.reports.size + 1}`;
        this.reports.set(reference, { durationHours: Number(url.searchParams.get('duration') ?? '720'), readsLeft: this.readsUntilReady });
        return reply(202, { reference });
      }
      if (method === 'GET' && report[2] !== undefined) {
        if (!need('report', 'iam-identity.report.get')) return;
        const known = this.reports.get(report[2] === 'latest' ? `report-${this.reports.size}` : report[2]);
        if (!known) return error(404, 'BXNIM0401E', `report ${report[2]} not found`);
        if (known.readsLeft > 0) {
          known.readsLeft -= 1;
          return reply(204);
        }
        return reply(200, this.reportBody(report[2], known.durationHours, caller.iamId));
      }
    }

    const page = <T>(all: T[], field: string) => {
      const size = Math.min(100, Number(url.searchParams.get('pagesize') ?? '20'));
      const start = Number(url.searchParams.get('pagetoken') ?? '0');
      const slice = all.slice(start, start + size);
      const link = (offset: number) => {
        const next = new URL(url.href);
        next.searchParams.set('pagetoken', String(offset));
        return next.href;
      };
      return reply(200, { offset: start, limit: size, first: link(0), ...(start + size < all.length ? { next: link(start + size) } : {}), [field]: slice });
    };
    if (method === 'GET' && url.pathname === '/v1/apikeys') {
      if (url.searchParams.get('scope') !== 'account' || url.searchParams.get('account_id') !== this.accountId) return error(400, 'BXNIM0102E', 'expected scope=account and this account_id');
      if (!need('list', 'iam-identity.apikey.list')) return;
      return page([...this.keys.values()].map((key) => this.describeKey(key)), 'apikeys');
    }
    // the SDK has called it with and without the trailing slash across versions
    if (method === 'GET' && (url.pathname === '/v1/serviceids/' || url.pathname === '/v1/serviceids')) {
      if (!need('list', 'iam-identity.serviceid.get')) return;
      return page([...this.serviceIds.values()].map((serviceId) => this.describeServiceId(serviceId)), 'serviceids');
    }
    if (method === 'GET' && url.pathname === '/v1/profiles') {
      if (!need('list', 'iam-identity.profile.get')) return;
      return page([...this.profiles.values()].map((profile) => ({ id: profile.id, iam_id: profile.iam_id, name: profile.name, created_at: profile.created_at, account_id: this.accountId, crn: `crn:v1:bluemix:public:iam-identity::a/${this.accountId}::profile:${profile.id}`, entity_tag: '1-x' })), 'profiles');
    }

    const keyAction = /^\/v1\/apikeys\/([^/]+)(\/lock|\/disable)?$/.exec(url.pathname);
    if (keyAction) {
      const key = this.keys.get(decodeURIComponent(keyAction[1]!));
      if (!key) return error(404, 'BXNIM0410E', 'API key not found');
      if (!need(method === 'DELETE' && !keyAction[2] ? 'delete' : 'manage', 'iam-identity.apikey.manage')) return;
      if (keyAction[2] === '/lock') key.locked = method === 'POST';
      else if (keyAction[2] === '/disable') key.disabled = method === 'POST';
      else if (method === 'DELETE') {
        if (key.locked) return error(409, 'BXNIM0511E', 'The API key is locked and cannot be deleted');
        this.keys.delete(key.id);
      }
      return reply(204);
    }
    const serviceIdAction = /^\/v1\/serviceids\/([^/]+)(\/lock)?$/.exec(url.pathname);
    if (serviceIdAction) {
      const serviceId = this.serviceIds.get(decodeURIComponent(serviceIdAction[1]!));
      if (!serviceId) return error(404, 'BXNIM0420E', 'service ID not found');
      if (!need(method === 'DELETE' && !serviceIdAction[2] ? 'delete' : 'manage', 'iam-identity.serviceid.update')) return;
      if (serviceIdAction[2]) serviceId.locked = method === 'POST';
      else if (method === 'DELETE') {
        if (serviceId.locked) return error(409, 'BXNIM0512E', 'The service ID is locked and cannot be deleted');
        this.serviceIds.delete(serviceId.id);
        for (const key of [...this.keys.values()].filter((each) => each.iam_id === serviceId.iam_id)) this.keys.delete(key.id);
      }
      return reply(204);
    }
    return error(404, 'not_found', `no such endpoint ${url.pathname}`);
  }

  // the identities that did not authenticate within the window, as IBM's inactive report lists them
  private reportBody(reference: string, durationHours: number, createdBy: string): Record<string, unknown> {
    const start = new Date(this.now.getTime() - durationHours * 3600_000);
    const inactive = (lastAuthn: string | undefined) => lastAuthn === undefined || new Date(lastAuthn) < start;
    const serviceIdOf = (iamId: string) => [...this.serviceIds.values()].find((each) => each.iam_id === iamId);
    return {
      created_by: createdBy,
      reference,
      report_duration: String(durationHours),
      report_start_time: start.toISOString(),
      report_end_time: this.now.toISOString(),
      users: [],
      apikeys: [...this.keys.values()]
        .filter((key) => inactive(key.lastAuthn))
        .map((key) => {
          const owner = serviceIdOf(key.iam_id);
          return { id: key.id, name: key.name, type: 'serviceid', ...(owner ? { serviceid: { id: owner.id, name: owner.name } } : {}), ...(key.lastAuthn ? { last_authn: key.lastAuthn } : {}) };
        }),
      serviceids: [...this.serviceIds.values()].filter((each) => inactive(each.lastAuthn)).map((each) => ({ id: each.id, name: each.name, ...(each.lastAuthn ? { last_authn: each.lastAuthn } : {}) })),
      profiles: [...this.profiles.values()].filter((each) => inactive(each.lastAuthn)).map((each) => ({ id: each.id, name: each.name, ...(each.lastAuthn ? { last_authn: each.lastAuthn } : {}) })),
    };
  }

  private describeKey(key: FakeApiKey): Record<string, unknown> {
    return {
      id: key.id,
      entity_tag: '1-x',
      crn: `crn:v1:bluemix:public:iam-identity::a/${this.accountId}::apikey:${key.id}`,
      locked: key.locked,
      disabled: key.disabled,
      created_at: key.created_at,
      created_by: 'iam-ServiceId-deployer',
      modified_at: key.created_at,
      name: key.name,
      ...(key.expires_at ? { expires_at: key.expires_at } : {}),
      description: key.description ?? '',
      iam_id: key.iam_id,
      account_id: this.accountId,
    };
  }

  private describeServiceId(serviceId: FakeServiceId): Record<string, unknown> {
    return {
      id: serviceId.id,
      iam_id: serviceId.iam_id,
      entity_tag: '1-x',
      crn: `crn:v1:bluemix:public:iam-identity::a/${this.accountId}::serviceid:${serviceId.id}`,
      locked: serviceId.locked,
      created_at: serviceId.created_at,
      modified_at: serviceId.created_at,
      account_id: this.accountId,
      name: serviceId.name,
      description: serviceId.description ?? '',
    };
  }

  private token(body: string, reply: (s: number, j?: unknown) => void, error: (s: number, c: string, m: string) => void): void {
    const form = new URLSearchParams(body);
    const caller = this.callers.get(form.get('apikey') ?? '');
    if (form.get('grant_type') !== 'urn:ibm:params:oauth:grant-type:apikey' || !caller) return error(400, 'BXNIM0415E', 'Provided API key could not be found.');
    const iat = Math.floor(Date.now() / 1000);
    const token = jwtShaped({ alg: 'RS256', typ: 'JWT' }, { iam_id: caller.iamId, sub: caller.iamId.replace(/^iam-/, ''), iat, exp: iat + 3600, n: this.tokens.length + 1 }, this.tokens.length + 1);
    this.tokens.push(token);
    this.validTokens.set(token, caller.iamId);
    reply(200, { access_token: token, refresh_token: 'not-used', token_type: 'Bearer', expires_in: 3600, expiration: iat + 3600 });
  }
}

