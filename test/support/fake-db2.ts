// A loopback HTTP server that behaves as IBM documents IAM's token endpoint and the Db2
// SaaS REST API that db2-users.cjs calls: `/dbapi/v4/users` (camelCase answers, the
// instance chosen by `x-deployment-id`, only an Administrator's token may manage users) and
// the SQL endpoint `/dbapi/v4/sql_jobs` (a job is submitted, then read until it has run;
// each read returns the results finished since the last one). SQL runs as the Db2 user the
// token's identity is mapped to; the few statements the toolkit sends are understood, and
// Db2's own rules apply: only bluadmin grants, a table or role must exist, and privileges
// stay with an authorization ID after its user is deleted. Faults are injected by request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultPlan, jwtShaped, LoopbackServer, readBody } from './loopback-server';

export type Db2Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'drop' }
  // carried out, but never answered: the client's deadline decides
  | { readonly kind: 'hold' }
  // every token issued so far stops being valid, as when tokens expire
  | { readonly kind: 'expire-token' };

export interface Db2UserRecord {
  id: string;
  iam: boolean;
  ibmid: string;
  name: string;
  role: string;
  locked: string;
  password?: string;
}

export interface RecordedDb2Request {
  readonly method: string;
  readonly path: string;
  readonly deploymentId: string | undefined;
  readonly body: string;
  readonly status: number | 'dropped';
}

interface Job {
  readonly results: Record<string, unknown>[];
  delivered: number;
  readsLeft: number;
}

const DML = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

export class FakeDb2 extends LoopbackServer {
  /** the instance CRN this server serves */
  public crn = 'crn:v1:bluemix:public:dashdb-for-transactions:us-south:a/0123456789abcdef0123456789abcdef:5a6b7c8d-0000-4000-8000-000000000db2::';
  /** accept the URL-encoded CRN in x-deployment-id (the provider's way) as well as the raw one */
  public acceptEncodedDeploymentId = false;
  /** API keys IAM accepts, and the IAM ID each belongs to */
  public readonly keys = new Map<string, string>();
  /** IAM IDs holding Administrator on the instance (may manage users) */
  public readonly administrators = new Set<string>();
  /** Db2 users by ID */
  public readonly users = new Map<string, Db2UserRecord>();
  /** privileges held, by authorization ID (upper case): `schema ORDERS SELECT`, `table A.B INSERT`, `role R` */
  public readonly privileges = new Map<string, Set<string>>();
  /** tables that exist (`SCHEMA.TABLE`), and roles a DBA made */
  public readonly tables = new Set<string>(['ORDERS.ITEMS']);
  public readonly roles = new Set<string>(['REPORT_READER']);
  /** false models an API without the SQL endpoint (IBM documents /sql_jobs for the Standard and Enterprise plans) */
  public servesSqlJobs = true;
  /** how many reads of a job say "running" before it completes */
  public readsUntilDone = 1;
  /** models open point 2: an IAM user posted without a password is answered 200 and not kept */
  public dropsIamUsersWithoutPassword = false;
  public readonly requests: RecordedDb2Request[] = [];
  /** every token issued, so tests can look for them in output */
  public readonly tokens: string[] = [];
  public onHold: () => void = () => undefined;
  private readonly validTokens = new Map<string, string>();
  private readonly jobs = new Map<string, Job>();
  private readonly faults = new FaultPlan<Db2Fault>();

  /** the API base URL, as the stack's output gives it */
  public get apiUrl(): string {
    return `${this.url}/dbapi/v4`;
  }

  /** applies `fault` to `times` requests of `method` to a path matching `pathPattern`, after letting `skip` of them pass */
  public inject(method: string, pathPattern: RegExp, fault: Db2Fault, times = 1, skip = 0): void {
    this.faults.add(method, pathPattern, fault, times, skip);
  }

  /** an identity IAM knows, by its key; `admin` gives it Administrator on the instance */
  public identity(key: string, iamId: string, options: { admin?: boolean } = {}): void {
    this.keys.set(key, iamId);
    if (options.admin) this.administrators.add(iamId);
  }

  /** what an authorization ID holds, sorted */
  public held(authId: string): string[] {
    return [...(this.privileges.get(authId.toUpperCase()) ?? [])].sort();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const deploymentId = req.headers['x-deployment-id'] as string | undefined;
    const record = (status: number | 'dropped') => this.requests.push({ method, path: url, deploymentId, body, status });
    let hold = false;
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      record(status);
      if (hold) return this.onHold();
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? '' : JSON.stringify(json));
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) => reply(status, { errors: [{ code, message }], trace: 'fake-trace' }, headers);

    const fault = this.faults.take(method, url);
    if (fault) {
      if (fault.kind === 'status') return error(fault.status, fault.status === 429 ? 'rate_limited' : 'server_error', 'injected', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
      if (fault.kind === 'drop') {
        record('dropped');
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'hold') hold = true;
      if (fault.kind === 'expire-token') this.validTokens.clear();
    }

    if (method === 'POST' && url === '/identity/token') return this.token(body, reply);
    const caller = this.validTokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (caller === undefined) return error(401, 'invalid_token', 'the token is not valid or has expired');
    if (deploymentId !== this.crn && !(this.acceptEncodedDeploymentId && deploymentId === encodeURIComponent(this.crn))) {
      return deploymentId === undefined ? error(400, 'missing_header', 'x-deployment-id is required') : error(404, 'deployment_not_found', 'no deployment with this id');
    }
    const [pathname] = url.split('?');
    if (pathname!.startsWith('/dbapi/v4/sql_jobs') && !this.servesSqlJobs) return error(404, 'not_found', 'no such endpoint');
    if (pathname === '/dbapi/v4/sql_jobs' && method === 'POST') return this.submitJob(caller, body, reply, error);
    const jobMatch = /^\/dbapi\/v4\/sql_jobs\/([^/]+)$/.exec(pathname!);
    if (jobMatch && method === 'GET') return this.readJob(decodeURIComponent(jobMatch[1]!), reply, error);
    if (pathname === '/dbapi/v4/users' || pathname!.startsWith('/dbapi/v4/users/')) {
      if (!this.administrators.has(caller)) return error(403, 'forbidden', 'the caller may not manage users of this deployment');
      return this.usersApi(method, decodeURIComponent(pathname!.slice('/dbapi/v4/users/'.length)), pathname === '/dbapi/v4/users', body, reply, error);
    }
    return error(404, 'not_found', 'no such endpoint');
  }

  private usersApi(method: string, id: string, collection: boolean, body: string, reply: (s: number, j?: unknown) => void, error: (s: number, c: string, m: string) => void): void {
    if (collection && method === 'GET') return reply(200, { count: this.users.size, resources: [...this.users.values()].map(describeUser) });
    if (collection && method === 'POST') {
      const user = JSON.parse(body) as Partial<Db2UserRecord>;
      if (typeof user.id !== 'string' || !/^[a-z.@-][a-z0-9.@_-]{0,19}$/.test(user.id)) return error(400, 'invalid_user_id', 'the user id does not follow the rules');
      if (user.iam && typeof user.ibmid !== 'string') return error(400, 'missing_ibmid', 'an IAM user needs an ibmid');
      if (user.role !== 'bluadmin' && user.role !== 'bluuser') return error(400, 'invalid_role', 'role must be bluadmin or bluuser');
      if (this.users.has(user.id)) return error(409, 'user_exists', 'a user with this id exists');
      if (this.dropsIamUsersWithoutPassword && user.iam && !user.password) return reply(200, {});
      const stored: Db2UserRecord = { id: user.id, iam: Boolean(user.iam), ibmid: user.ibmid ?? '', name: user.name ?? user.id, role: user.role, locked: user.locked ?? 'no', password: user.password };
      this.users.set(user.id, stored);
      return reply(200, describeUser(stored));
    }
    const existing = this.users.get(id);
    if (!existing) return error(404, 'user_not_found', `no user ${id}`);
    switch (method) {
      case 'GET':
        return reply(200, describeUser(existing));
      case 'PUT': {
        const update = JSON.parse(body) as Partial<Db2UserRecord>;
        if (update.id !== undefined && update.id !== id) return error(400, 'id_mismatch', 'the id cannot change');
        Object.assign(existing, { ...update, id });
        return reply(200, describeUser(existing));
      }
      case 'DELETE':
        this.users.delete(id);
        return reply(200, {});
      default:
        return error(405, 'method_not_allowed', method);
    }
  }

  private submitJob(caller: string, body: string, reply: (s: number, j?: unknown) => void, error: (s: number, c: string, m: string) => void): void {
    const user = [...this.users.values()].find((each) => each.iam && `iam-${each.ibmid.replace(/^iam-/, '')}` === caller && each.locked !== 'yes');
    if (!user) return error(401, 'not_a_database_user', 'the identity is not mapped to a database user');
    const request = JSON.parse(body) as { commands?: string; separator?: string; stop_on_error?: string };
    if (typeof request.commands !== 'string') return error(400, 'missing_commands', 'commands is required');
    const results: Record<string, unknown>[] = [];
    for (const command of request.commands.split(request.separator ?? ';').map((each) => each.trim()).filter(Boolean)) {
      const result = this.execute(user, command);
      results.push({ command, runtime_seconds: 0.001, ...result });
      if (result.error && request.stop_on_error === 'yes') break;
    }
    const id = `job-${this.jobs.size + 1}`;
    this.jobs.set(id, { results, delivered: 0, readsLeft: this.readsUntilDone });
    reply(201, { id, commands_count: results.length, limit: 10000 });
  }

  private readJob(id: string, reply: (s: number, j?: unknown) => void, error: (s: number, c: string, m: string) => void): void {
    const job = this.jobs.get(id);
    if (!job) return error(404, 'job_not_found', `no job ${id}`);
    // results arrive one per read while the job runs, the rest when it completes
    const running = job.readsLeft > 0;
    job.readsLeft -= 1;
    const upTo = running ? Math.min(job.results.length - 1, job.delivered + 1) : job.results.length;
    const fresh = job.results.slice(job.delivered, Math.max(job.delivered, upTo));
    job.delivered += fresh.length;
    reply(200, { id, status: running ? 'running' : 'completed', results: fresh });
  }

  /** one statement as `user`: the catalog queries, COUNT(*) on SYSCAT.TABLES, GRANT and REVOKE */
  private execute(user: Db2UserRecord, command: string): Record<string, unknown> {
    const sql = command.replace(/\s+/g, ' ').trim();
    if (/^SELECT COUNT\(\*\) FROM SYSCAT\.TABLES$/i.test(sql)) return rows(['1'], [[String(40 + this.tables.size)]]);
    const catalog = /^SELECT (.+) FROM SYSCAT\.(SCHEMAAUTH|TABAUTH|ROLEAUTH) WHERE GRANTEE = '([A-Z0-9.@_-]+)' AND GRANTEETYPE = 'U'$/.exec(sql);
    if (catalog) return this.catalog(catalog[2]!, catalog[3]!, catalog[1]!.split(', '));
    const grant = /^(GRANT|REVOKE) (.+) ON (SCHEMA|TABLE) ([A-Z0-9_.]+) (TO|FROM) USER ([A-Z0-9.@_-]+)$/.exec(sql);
    const role = /^(GRANT|REVOKE) ROLE ([A-Z0-9_]+) (TO|FROM) USER ([A-Z0-9.@_-]+)$/.exec(sql);
    if (!grant && !role) return { error: `SQL0104N An unexpected token was found following "${sql.slice(0, 20)}". SQLSTATE=42601` };
    if (user.role !== 'bluadmin') return { error: `SQL0551N The statement failed because the authorization ID does not have the required authorization or privilege to perform the operation. Authorization ID: "${user.id.toUpperCase()}". SQLSTATE=42501` };
    const verb = (grant ?? role)![1];
    const grantee = grant ? grant[6]! : role![4]!;
    const keys: string[] = [];
    if (grant) {
      const kind = grant[3]!.toLowerCase();
      const object = grant[4]!;
      if (kind === 'table' && !this.tables.has(object)) return { error: `SQL0204N "${object}" is an undefined name. SQLSTATE=42704` };
      for (const word of grant[2]!.split(', ')) {
        const privilege = kind === 'schema' ? word.replace(/IN$/, '') : word;
        if (!(DML as readonly string[]).includes(privilege) || (kind === 'schema' && !word.endsWith('IN'))) return { error: `SQL0104N An unexpected token "${word}" was found. SQLSTATE=42601` };
        keys.push(`${kind} ${object} ${privilege}`);
      }
    } else {
      if (!this.roles.has(role![2]!)) return { error: `SQL0204N "${role![2]}" is an undefined name. SQLSTATE=42704` };
      keys.push(`role ${role![2]}`);
    }
    const held = this.privileges.get(grantee) ?? new Set<string>();
    for (const key of keys) {
      if (verb === 'GRANT') held.add(key);
      else if (!held.delete(key)) return { error: `SQL0556N An attempt to revoke a privilege from "${grantee}" was denied because "${grantee}" does not hold this privilege. SQLSTATE=42504` };
    }
    this.privileges.set(grantee, held);
    return { rows_count: 0 };
  }

  private catalog(view: string, grantee: string, columns: string[]): Record<string, unknown> {
    const held = [...(this.privileges.get(grantee) ?? [])].map((key) => key.split(' '));
    const flags = (has: (privilege: string) => boolean) => DML.map((privilege) => (has(privilege) ? 'Y' : 'N'));
    if (view === 'ROLEAUTH') return rows(columns, held.filter(([kind]) => kind === 'role').map(([, name]) => [name!]));
    const kind = view === 'SCHEMAAUTH' ? 'schema' : 'table';
    const objects = [...new Set(held.filter(([k]) => k === kind).map(([, object]) => object!))];
    return rows(
      columns,
      objects.map((object) => {
        const has = (privilege: string) => held.some(([k, o, p]) => k === kind && o === object && p === privilege);
        return kind === 'schema' ? [object, ...flags(has)] : [...object.split('.'), ...flags(has)];
      }),
    );
  }

  private token(body: string, reply: (s: number, j?: unknown) => void): void {
    const form = new URLSearchParams(body);
    const iamId = this.keys.get(form.get('apikey') ?? '');
    if (form.get('grant_type') !== 'urn:ibm:params:oauth:grant-type:apikey' || iamId === undefined) {
      return reply(400, { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.' });
    }
    const token = jwtShaped({ alg: 'none', kid: 'fake' }, { iam_id: iamId, sub: iamId.replace(/^iam-/, ''), n: this.tokens.length + 1 }, this.tokens.length + 1);
    this.tokens.push(token);
    this.validTokens.set(token, iamId);
    reply(200, { access_token: token, refresh_token: 'not-used', token_type: 'Bearer', expires_in: 3600, expiration: 0 });
  }
}

// the API's camelCase user, with the fields IBM's SDK models list
function describeUser(user: Db2UserRecord): Record<string, unknown> {
  return {
    dvRole: '',
    metadata: {},
    formatedIbmid: user.ibmid,
    role: user.role,
    iamid: user.iam ? `iam-${user.ibmid.replace(/^iam-/, '')}` : '',
    permittedActions: [],
    allClean: true,
    password: '',
    iam: user.iam,
    name: user.name,
    ibmid: user.ibmid,
    id: user.id,
    locked: user.locked,
    initErrorMsg: '',
    email: '',
    authentication: { method: user.iam ? 'iam' : 'internal', policy_id: 'Default' },
  };
}

function rows(columns: string[], values: string[][]): Record<string, unknown> {
  return { columns, rows: values, rows_count: values.length, limit: 10000, last_page: true };
}

