// @ts-check
'use strict';
// What the scripts Terraform runs share: failures meant for people, a mask for secrets,
// HTTP exchanges retried as IBM's APIs ask, IAM token exchange, and bearer-token clients.
// It depends on nothing but Node.js 20 or later, because it runs wherever Terraform runs,
// from the stack's assets folder, beside the scripts that require it.
//
// Time: the clock, the waits and the per-request deadline come from a runtime that tests
// replace, so no test depends on how fast its machine is.

const DEFAULT_IAM_URL = 'https://iam.cloud.ibm.com';
const APIKEY_GRANT_TYPE = 'urn:ibm:params:oauth:grant-type:apikey';

/** A failure with a message meant for the person running Terraform. */
class Failure extends Error {}

/** Remembers secret values and replaces them in any text that is about to be printed. */
class SecretMask {
  constructor() {
    /** @type {Set<string>} */
    this.values = new Set();
  }

  /** @param {string | undefined} value */
  add(value) {
    // very short values would mask ordinary words; keys and tokens are long
    if (value && value.length >= 8) this.values.add(value);
  }

  /** @param {string} text */
  apply(text) {
    let masked = text;
    for (const value of this.values) masked = masked.split(value).join('****');
    // credentials written into a URL (https://user:password@host) are never printed
    return masked.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1****@');
  }
}

/**
 * A number of at least 0 from the environment, or the fallback when it is not set.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} name
 * @param {number} fallback
 */
function numberSetting(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Failure(`${name}=${JSON.stringify(raw)} is not a number of at least 0`);
  return value;
}

/**
 * Timing and retry settings, from the environment (<prefix>_TIMEOUT_MS, _ATTEMPTS,
 * _BACKOFF_MS, _MAX_BACKOFF_MS) so that tests can shorten them.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} prefix
 */
function retrySettings(env, prefix) {
  const number = (/** @type {string} */ name, /** @type {number} */ fallback) => numberSetting(env, name, fallback);
  return {
    timeoutMs: number(`${prefix}_TIMEOUT_MS`, 30000),
    attempts: Math.max(1, Math.floor(number(`${prefix}_ATTEMPTS`, 6))),
    backoffMs: number(`${prefix}_BACKOFF_MS`, 1000),
    maxBackoffMs: number(`${prefix}_MAX_BACKOFF_MS`, 30000),
  };
}

/**
 * What the script needs from the world besides the network: the clock, a way to wait, and a
 * deadline for one request. Tests pass their own, so nothing waits on wall-clock time.
 * @typedef {{ now: () => number, sleep: (ms: number) => Promise<void>, deadline: (ms: number) => AbortSignal }} Runtime
 * @type {Runtime}
 */
const SYSTEM_RUNTIME = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  deadline: (ms) => AbortSignal.timeout(ms),
};

// statuses no retry can change
const PERMANENT_STATUSES = [501, 505];
// network failures no retry can change: a name that does not resolve, a URL that is not
// one, a certificate that does not verify
const PERMANENT_NETWORK_CODES = ['ENOTFOUND', 'ERR_INVALID_URL', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID'];

/**
 * One HTTP exchange, retried on 429, 5xx, a dropped connection and a timeout; not on what
 * no retry can change.
 * @typedef {{ timeoutMs: number, attempts: number, backoffMs: number, maxBackoffMs: number }} RetrySettings
 * @typedef {{ settings: RetrySettings, mask: SecretMask, log: (line: string) => void, runtime: Runtime }} Context
 * @typedef {{ status: number, body: any, retryAfter?: string }} Reply
 * @param {Context} context
 * @param {string} what what the request does, for messages
 * @param {string} url
 * @param {RequestInit} init
 * @returns {Promise<Reply>}
 */
async function send(context, what, url, init) {
  const { settings, runtime } = context;
  for (let attempt = 1; ; attempt++) {
    let reply;
    let problem;
    let permanent = false;
    try {
      const response = await fetch(url, { ...init, signal: runtime.deadline(settings.timeoutMs) });
      const text = await response.text();
      reply = { status: response.status, body: parseJson(text), retryAfter: response.headers.get('retry-after') ?? undefined };
      if (reply.status === 429 || reply.status >= 500) {
        problem = describeStatus(reply);
        permanent = PERMANENT_STATUSES.includes(reply.status);
      }
    } catch (error) {
      problem = describeNetworkError(error, settings.timeoutMs);
      permanent = PERMANENT_NETWORK_CODES.includes(networkCode(error) ?? '');
    }
    if (problem === undefined && reply) return reply;
    if (permanent) throw new Failure(`${what}: ${problem}, which no retry can change`);
    if (attempt >= settings.attempts) {
      throw new Failure(`${what}: ${problem} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`);
    }
    const wait = backoff(settings, attempt, reply?.retryAfter, runtime.now());
    context.log(`${what}: ${problem}; retrying in ${wait} ms (attempt ${attempt + 1} of ${settings.attempts})`);
    await runtime.sleep(wait);
  }
}

/** @param {string} text */
function parseJson(text) {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Exponential backoff; a server's Retry-After (seconds, or an HTTP date) wins when it asks
 * for longer.
 * @param {RetrySettings} settings
 * @param {number} attempt
 * @param {string | undefined} retryAfter
 * @param {number} now
 */
function backoff(settings, attempt, retryAfter, now) {
  const exponential = settings.backoffMs * 2 ** (attempt - 1);
  return Math.min(settings.maxBackoffMs, Math.max(exponential, retryAfterMs(retryAfter, now)));
}

/**
 * @param {string | undefined} retryAfter
 * @param {number} now
 */
function retryAfterMs(retryAfter, now) {
  if (retryAfter === undefined) return 0;
  const value = retryAfter.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : 0;
}

/** @param {unknown} error */
function networkCode(error) {
  const err = /** @type {{ code?: string, cause?: { code?: string } }} */ (error);
  return err?.cause?.code ?? err?.code;
}

/** @param {unknown} error @param {number} timeoutMs */
function describeNetworkError(error, timeoutMs) {
  const err = /** @type {{ name?: string, message?: string, cause?: { code?: string, message?: string } }} */ (error);
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = err?.cause;
  if (cause?.code) return `connection failed (${cause.code})`;
  if (cause?.message) return `connection failed (${cause.message})`;
  return `connection failed (${err?.message ?? String(error)})`;
}

/** @param {Reply} reply */
function describeStatus(reply) {
  const body = reply.body;
  const detail =
    body && typeof body === 'object'
      ? [body.error, body.reason, body.errorCode, body.errorMessage, body.code, body.message, body.errors?.[0]?.code, body.errors?.[0]?.message].filter((part) => typeof part === 'string').join(': ')
      : typeof body === 'string'
        ? body.slice(0, 200)
        : '';
  return `HTTP ${reply.status}${detail ? ` (${detail})` : ''}`;
}

/** Exchanges an API key for IAM access tokens, and again when asked to. */
class IamSession {
  /**
   * @param {Context} context
   * @param {string} iamUrl
   * @param {string} apiKey
   * @param {string} keyLabel where the key came from, for messages
   */
  constructor(context, iamUrl, apiKey, keyLabel) {
    this.context = context;
    this.tokenUrl = `${iamUrl.replace(/\/+$/, '')}/identity/token`;
    this.apiKey = apiKey;
    this.keyLabel = keyLabel;
    /** @type {string | undefined} */
    this.accessToken = undefined;
    this.expiresAt = 0;
    context.mask.add(apiKey);
  }

  async token() {
    // renew a minute early, so no request leaves with a token about to expire
    if (this.accessToken === undefined || this.context.runtime.now() > this.expiresAt - 60000) await this.exchange();
    return /** @type {string} */ (this.accessToken);
  }

  /** forget the current token (Cloudant said it expired) */
  invalidate() {
    this.accessToken = undefined;
  }

  async exchange() {
    const form = new URLSearchParams();
    form.set('grant_type', APIKEY_GRANT_TYPE);
    form.set('apikey', this.apiKey);
    const reply = await send(this.context, `IAM token exchange at ${this.tokenUrl}`, this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    if (reply.status !== 200 || typeof reply.body?.access_token !== 'string') {
      throw new Failure(
        `IAM refused the key in ${this.keyLabel}: ${describeStatus(reply)}; check that the variable holds a current API key of this account` +
          (reply.status === 400 || reply.status === 401 ? ' (a key that expired or was deleted, or an IP allowlist that excludes this machine, gives this answer)' : ''),
      );
    }
    this.accessToken = reply.body.access_token;
    this.context.mask.add(this.accessToken);
    const lifetime = Number(reply.body.expires_in);
    this.expiresAt = this.context.runtime.now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime * 1000 : 20 * 60000);
  }
}

/**
 * Requests to one service with an IAM bearer token, renewed once on 401.
 * @typedef {{ service: string, headers?: Record<string, string> }} ClientOptions
 */
class BearerClient {
  /**
   * @param {Context} context
   * @param {IamSession} session
   * @param {string} baseUrl
   * @param {ClientOptions} options the service's name, for messages, and headers every request carries
   */
  constructor(context, session, baseUrl, options) {
    this.context = context;
    this.session = session;
    this.baseUrl = checkedBaseUrl(baseUrl, options.service);
    this.headers = options.headers ?? {};
  }

  /**
   * @param {string} method
   * @param {string} pathAndQuery
   * @param {unknown} [body]
   * @returns {Promise<Reply>}
   */
  async call(method, pathAndQuery, body) {
    const url = `${this.baseUrl}${pathAndQuery}`;
    const what = `${method} ${url}`;
    for (let renewed = false; ; renewed = true) {
      const token = await this.session.token();
      const reply = await send(this.context, what, url, {
        method,
        headers: {
          ...this.headers,
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (reply.status !== 401 || renewed) return reply;
      this.context.log(`${what}: the IAM token was refused (401); exchanging the key for a new one`);
      this.session.invalidate();
    }
  }
}

/**
 * A service URL: https (or http, for loopback), and no credentials in it: the scripts
 * authenticate with IAM tokens, and a password in a URL would end up in messages.
 * @param {string} url
 * @param {string} service
 */
function checkedBaseUrl(url, service) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Failure(`the ${service} URL is not a URL; give the https:// endpoint`);
  }
  if (parsed.username || parsed.password) {
    throw new Failure(`the ${service} URL ${parsed.protocol}//****@${parsed.host} holds credentials; remove them: the script authenticates with IAM tokens`);
  }
  return url.replace(/\/+$/, '');
}

/**
 * A required environment variable.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} name
 */
function required(env, name) {
  const value = env[name];
  if (value === undefined || value === '') throw new Failure(`${name} is not set`);
  return value;
}

/**
 * The deployer's key: the variable `chosen` names, or else IBMCLOUD_API_KEY or IC_API_KEY
 * (the ones the IBM provider reads).
 * @param {NodeJS.ProcessEnv} env
 * @param {string | undefined} chosen
 * @param {string} purpose what the key is for, for the message
 */
function deployerKey(env, chosen, purpose) {
  const names = chosen ? [chosen] : ['IBMCLOUD_API_KEY', 'IC_API_KEY'];
  for (const name of names) {
    if (env[name]) return { key: /** @type {string} */ (env[name]), label: name };
  }
  throw new Failure(`${names.join(' or ')} is not set: ${purpose} with the deployer's API key, the one Terraform's IBM provider uses`);
}

module.exports = {
  DEFAULT_IAM_URL,
  SYSTEM_RUNTIME,
  Failure,
  SecretMask,
  numberSetting,
  retrySettings,
  send,
  parseJson,
  describeStatus,
  IamSession,
  BearerClient,
  required,
  deployerKey,
};
