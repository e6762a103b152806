import { Agent, request, errors as undiciErrors, type Dispatcher } from 'undici';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { LeakwatchError } from '../errors.js';
import type { Logger } from '../log.js';
import { Pacer, defaultSleep } from './pacer.js';
import { parseRetryAfter, retryWait } from './backoff.js';

/**
 * The only module that imports undici. It knows HTTP: auth, timeouts, pacing, retries and
 * error classes. Which paths and parameters exist is compliance/api.ts's business.
 */

export type EndpointClass = 'list' | 'get';

export interface HttpOptions {
  baseUrl: string;
  apiKey: string;
  /**
   * The request pacing to use, shared by every client of the same API key (the limits are per
   * key: several workspaces read with one key share one budget). Default: this client's own.
   */
  pacers?: ApiPacers;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  rateLimits: { listPerMinute: number; getPerMinute: number };
  log: Logger;
  /** Aborts waits and requests on shutdown. */
  signal?: AbortSignal;
  random?: () => number;
  /** Observer for every response (metrics); the status is 0 for a network error. */
  onResponse?: (endpoint: string, status: number) => void;
  /**
   * Observer for every failed attempt that was retryable (metrics, readiness): `final` is true
   * when it was the last attempt and the request fails with API_UNAVAILABLE.
   */
  onFailedAttempt?: (endpoint: string, reason: RetryReason, final: boolean) => void;
  /**
   * What a 401 and a 403 mean for this API (the Administration API client says "admin key").
   * Default: the Compliance API's wording.
   */
  authErrors?: { unauthorized: string; forbidden: string };
  /** Sent with every authenticated request (e.g. OpenAI-Organization). */
  headers?: Record<string, string>;
}

/** Why an attempt is retried: 429, 5xx, a network error, or a body cut short or not matching its sha256. */
export type RetryReason = 'rate_limited' | 'server_error' | 'network' | 'bad_body';

export type Query = Record<string, string | number | readonly string[] | undefined>;

/** A non-retryable "not there": 404 or 410. Callers decide whether that is fatal. */
export interface Missing {
  missing: true;
  status: 404 | 410;
  message: string;
}

export interface Downloaded {
  bytes: number;
  sha256: string;
}

/** The body was longer than the caller's limit: the download stopped there (not retried). */
export interface TooLarge {
  tooLarge: true;
  limit: number;
  /** The size the server announced (Content-Length), when it did. */
  declared: number | null;
}

/** A 4xx the caller asked to see as data (`getJson`'s `refusable`), with the server's message. */
export interface Refused {
  refused: true;
  status: number;
  message: string;
}

/** A signed content URL that no longer works (expired or revoked: 401/403/404/410). */
export interface UrlRejected {
  rejected: true;
  status: number;
}

class TooLargeError extends Error {
  constructor(readonly declared: number | null) {
    super('body over the size limit');
  }
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly reason: RetryReason = 'bad_body',
  ) {
    super(message);
  }
}

export type ApiPacers = Record<EndpointClass, Pacer>;

/** Pacing below the per-key limits, for one API key. */
export function createPacers(rateLimits: HttpOptions['rateLimits'], signal?: AbortSignal): ApiPacers {
  const sleep = (ms: number): Promise<void> => defaultSleep(ms, signal);
  const aborted = (): boolean => signal?.aborted ?? false;
  return {
    list: new Pacer(rateLimits.listPerMinute, Date.now, sleep, aborted),
    get: new Pacer(rateLimits.getPerMinute, Date.now, sleep, aborted),
  };
}

export class ComplianceHttp {
  private readonly agent: Agent;
  private readonly pacers: ApiPacers;
  private readonly base: string;

  constructor(private readonly opts: HttpOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.agent = new Agent({
      connect: { timeout: opts.connectTimeoutMs },
      headersTimeout: opts.requestTimeoutMs,
      bodyTimeout: opts.requestTimeoutMs,
      connections: 8,
    });
    this.pacers = opts.pacers ?? createPacers(opts.rateLimits, opts.signal);
  }

  /** True when both clients take from one rate budget (the same API key). */
  sharesPacingWith(other: ComplianceHttp): boolean {
    return this.pacers === other.pacers;
  }

  /**
   * GET a JSON document. 404/410 come back as `Missing`; a status listed in `refusable` comes
   * back as `Refused` (its meaning depends on the endpoint); other failures throw.
   */
  async getJson(cls: EndpointClass, path: string, query: Query = {}, refusable: readonly number[] = []): Promise<unknown | Missing | Refused> {
    return this.withRetries(cls, path, async (url) => {
      const res = await this.send(url, true);
      const missing = await this.classify(res, path, refusable);
      if (missing !== null) return missing;
      const text = await res.body.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // A body cut short with valid framing: worth another attempt, like a reset connection.
        throw new RetryableError(`response body of GET ${path} is not valid JSON (${text.length} bytes)`);
      }
    }, query);
  }

  /**
   * GET `path`, follow its 307 to the short-lived content URL (without our bearer token: it is
   * someone else's host), and stream the body to `destination`, hashing it. If `expectedSha256`
   * is given and differs, the download is retried like a network error. A body longer than
   * `maxBytes` stops the download (`TooLarge`, not retried).
   */
  async download(
    cls: EndpointClass, path: string, destination: string, expectedSha256: string | null, query: Query = {}, maxBytes = Number.POSITIVE_INFINITY,
  ): Promise<Downloaded | Missing | TooLarge> {
    return this.withRetries(cls, path, async (url) => {
      const first = await this.send(url, true);
      let res = first;
      if (isRedirect(first.statusCode)) {
        const location = first.headers.location;
        await first.body.dump();
        if (typeof location !== 'string') throw new LeakwatchError('API_BAD_PAYLOAD', 'api', `GET ${path} redirected without a Location header`);
        res = await this.send(new URL(location, url), false);
      }
      // No refusable statuses given: never Refused.
      const missing = (await this.classify(res, path)) as Missing | null;
      if (missing !== null) return missing;
      const got = await this.saveBody(res, destination, maxBytes);
      if ('tooLarge' in got) return got;
      if (expectedSha256 !== null && got.sha256 !== expectedSha256.toLowerCase()) {
        throw new RetryableError(`content of ${path} does not match its sha256 (got ${got.sha256.slice(0, 12)}…, expected ${expectedSha256.slice(0, 12)}…)`);
      }
      return got;
    }, query);
  }

  /**
   * Downloads a pre-signed content URL the API handed out (a message file's `download_url`):
   * no bearer token, no API pacing (it is not an API call), retries on network errors and 5xx.
   * A URL that no longer works comes back as `UrlRejected`, so the caller can ask the API for a
   * fresh one. The URL is never logged: its query string is a credential.
   */
  async downloadSigned(signedUrl: string, destination: string, maxBytes: number): Promise<Downloaded | UrlRejected | TooLarge> {
    const url = new URL(signedUrl);
    const label = `${url.origin}${url.pathname}`;
    const { maxAttempts, retryBaseDelayMs, retryMaxDelayMs, log, signal } = this.opts;
    let lastReason = '';
    for (let n = 1; n <= maxAttempts; n++) {
      if (signal?.aborted) throw new LeakwatchError('ABORTED', 'internal', `download of ${label} aborted by shutdown`);
      try {
        const res = await this.send(url, false);
        if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode === 404 || res.statusCode === 410) {
          await res.body.dump();
          return { rejected: true, status: res.statusCode };
        }
        if (res.statusCode === 429 || res.statusCode >= 500) {
          await res.body.dump();
          throw new RetryableError(`${res.statusCode} from ${label}`, parseRetryAfter(res.headers['retry-after']), res.statusCode === 429 ? 'rate_limited' : 'server_error');
        }
        if (res.statusCode < 200 || res.statusCode >= 300) {
          await res.body.dump();
          throw new LeakwatchError('API_BAD_REQUEST', 'api', `${res.statusCode} from ${label}`);
        }
        return await this.saveBody(res, destination, maxBytes);
      } catch (err) {
        if (err instanceof LeakwatchError) throw err;
        if (signal?.aborted) throw new LeakwatchError('ABORTED', 'internal', `download of ${label} aborted by shutdown`);
        if (!(err instanceof RetryableError) && !isNetworkError(err)) throw err;
        lastReason = (err as Error).message;
        if (n === maxAttempts) break;
        const wait = retryWait(n, err instanceof RetryableError ? err.retryAfterMs : null, retryBaseDelayMs, retryMaxDelayMs, this.opts.random);
        log.warn({ endpoint: label, attempt: n, waitMs: wait, reason: lastReason }, 'download failed, retrying');
        await defaultSleep(wait, signal);
      }
    }
    throw new LeakwatchError('API_UNAVAILABLE', 'api', `download of ${label} failed after ${maxAttempts} attempts: ${lastReason}`);
  }

  /** Streams a 2xx body to `destination`, hashing and counting it, stopping past `maxBytes`. */
  private async saveBody(res: Dispatcher.ResponseData, destination: string, maxBytes: number): Promise<Downloaded | TooLarge> {
    const header = res.headers['content-length'];
    const declared = typeof header === 'string' && /^[0-9]+$/.test(header) ? Number(header) : null;
    if (declared !== null && declared > maxBytes) {
      // Do not read a body we will not keep: dropping the connection is cheaper than draining it.
      res.body.destroy();
      return { tooLarge: true, limit: maxBytes, declared };
    }
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          cb(new TooLargeError(declared));
          return;
        }
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(res.body, tap, createWriteStream(destination));
    } catch (err) {
      if (err instanceof TooLargeError) return { tooLarge: true, limit: maxBytes, declared };
      throw err;
    }
    return { bytes, sha256: hash.digest('hex') };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private url(path: string, query: Query): URL {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else url.searchParams.set(k, String(v));
    }
    return url;
  }

  private async send(url: URL, auth: boolean, method: 'GET' | 'DELETE' = 'GET'): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = { accept: 'application/json, application/jsonl, */*' };
    if (auth) Object.assign(headers, this.opts.headers, { authorization: `Bearer ${this.opts.apiKey}` });
    // undici's request() never follows redirects itself (no redirect interceptor on this agent).
    return request(url, { method, headers, dispatcher: this.agent, signal: this.opts.signal }) as Promise<Dispatcher.ResponseData>;
  }

  /**
   * DELETE `path` (paced as a single-item call, retried on 429/5xx/network). The outcome comes
   * back as data, not as a thrown API_FORBIDDEN: a missing delete scope must stop remediation,
   * not the scan. 404 = already gone.
   */
  async delete(path: string): Promise<{ status: number; outcome: 'deleted' | 'gone' | 'forbidden' | 'unauthorized' | 'refused'; message: string }> {
    return this.withRetries('get', path, async (url) => {
      const res = await this.send(url, true, 'DELETE');
      const status = res.statusCode;
      this.opts.onResponse?.(endpointLabel(path), status);
      const body = await res.body.text().catch(() => '');
      const message = errorText(body);
      if (status >= 200 && status < 300) return { status, outcome: 'deleted' as const, message };
      if (status === 404 || status === 410) return { status, outcome: 'gone' as const, message };
      if (status === 429) throw new RetryableError(`429 Too Many Requests on DELETE ${path}`, parseRetryAfter(res.headers['retry-after']), 'rate_limited');
      if (status >= 500) throw new RetryableError(`${status} from DELETE ${path}`, parseRetryAfter(res.headers['retry-after']), 'server_error');
      if (status === 403) return { status, outcome: 'forbidden' as const, message };
      if (status === 401) return { status, outcome: 'unauthorized' as const, message };
      return { status, outcome: 'refused' as const, message };
    }, {});
  }

  /** Null for a 2xx; `Missing` for 404/410; `Refused` for a status in `refusable`; throws for everything else. */
  private async classify(res: Dispatcher.ResponseData, path: string, refusable: readonly number[] = []): Promise<Missing | Refused | null> {
    const status = res.statusCode;
    this.opts.onResponse?.(endpointLabel(path), status);
    if (status >= 200 && status < 300) return null;
    const body = await res.body.text().catch(() => '');
    const message = errorText(body);
    if (refusable.includes(status)) return { refused: true, status, message };
    if (status === 404 || status === 410) return { missing: true, status, message };
    if (status === 429) throw new RetryableError(`429 Too Many Requests on GET ${path}`, parseRetryAfter(res.headers['retry-after']), 'rate_limited');
    if (status >= 500) throw new RetryableError(`${status} from GET ${path}${message ? `: ${message}` : ''}`, parseRetryAfter(res.headers['retry-after']), 'server_error');
    const auth = this.opts.authErrors;
    if (status === 401 && auth) throw new LeakwatchError('API_UNAUTHORIZED', 'api', `401 Unauthorized on GET ${path}: ${auth.unauthorized}${message ? ` [server: ${message}]` : ''}`);
    if (status === 403 && auth) throw new LeakwatchError('API_FORBIDDEN', 'api', `403 Forbidden on GET ${path}: ${auth.forbidden}${message ? ` [server: ${message}]` : ''}`);
    if (status === 401) {
      throw new LeakwatchError('API_UNAUTHORIZED', 'api',
        `401 Unauthorized on GET ${path}: the API key was rejected. Use a ChatGPT Enterprise Compliance API key (scheme chatgpt.enterprise.compliance_export) of this workspace's organization`);
    }
    if (status === 403) {
      throw new LeakwatchError('API_FORBIDDEN', 'api',
        `403 Forbidden on GET ${path}: the key lacks the "read" scope of chatgpt.enterprise.compliance_export, or workspace_id is not this key's workspace. Ask OpenAI support to grant the read scope (quote the key's last four characters)${message ? ` [server: ${message}]` : ''}`);
    }
    throw new LeakwatchError('API_BAD_REQUEST', 'api', `${status} on GET ${path}${message ? `: ${message}` : ''}`);
  }

  private async withRetries<T>(cls: EndpointClass, path: string, attempt: (url: URL) => Promise<T>, query: Query): Promise<T> {
    const url = this.url(path, query);
    const { maxAttempts, retryBaseDelayMs, retryMaxDelayMs, log, signal } = this.opts;
    let lastReason = '';
    for (let n = 1; n <= maxAttempts; n++) {
      if (signal?.aborted) throw new LeakwatchError('ABORTED', 'internal', `GET ${path} aborted by shutdown`);
      await this.pacers[cls].take();
      try {
        return await attempt(url);
      } catch (err) {
        if (err instanceof LeakwatchError) throw err;
        if (signal?.aborted) throw new LeakwatchError('ABORTED', 'internal', `GET ${path} aborted by shutdown`);
        const retryable = err instanceof RetryableError || isNetworkError(err);
        if (!retryable) throw err;
        if (!(err instanceof RetryableError)) this.opts.onResponse?.(endpointLabel(path), 0);
        lastReason = (err as Error).message;
        this.opts.onFailedAttempt?.(endpointLabel(path), err instanceof RetryableError ? err.reason : 'network', n === maxAttempts);
        if (n === maxAttempts) break;
        const wait = retryWait(n, err instanceof RetryableError ? err.retryAfterMs : null, retryBaseDelayMs, retryMaxDelayMs, this.opts.random);
        log.warn({ endpoint: endpointLabel(path), attempt: n, waitMs: wait, reason: lastReason }, 'request failed, retrying');
        await defaultSleep(wait, signal);
      }
    }
    throw new LeakwatchError('API_UNAVAILABLE', 'api', `GET ${path} failed after ${maxAttempts} attempts: ${lastReason}`);
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

export function isMissing(value: unknown): value is Missing {
  return typeof value === 'object' && value !== null && (value as Missing).missing === true;
}

export function isRefused(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && (value as Refused).refused === true;
}

/** `/compliance/workspaces/<id>/logs/<id>` -> `logs/{id}`: a metrics and log label without ids. */
export function endpointLabel(path: string): string {
  // The Administration API: `/organization/projects/<id>/api_keys` -> `organization/projects/{id}/api_keys`.
  if (path.startsWith('/organization/')) return `organization/${endpointLabel(path.slice('/organization'.length))}`;
  const rest = path.replace(/^\/compliance\/workspaces\/[^/]+\/?/, '');
  return rest
    .split('/')
    .map((seg, i) => (i % 2 === 1 ? '{id}' : seg))
    .join('/') || '/';
}

function isNetworkError(err: unknown): boolean {
  if (err instanceof undiciErrors.UndiciError) return true;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|UND_ERR_)/.test(code);
}

function errorText(body: string): string {
  if (body === '') return '';
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message.slice(0, 300);
  } catch {
    // not JSON: keep a short plain excerpt
  }
  return body.slice(0, 200);
}

/** A refused key or workspace (401, 403): retrying will not help, so the work for that key stops. */
export function isRefusal(err: unknown): boolean {
  return err instanceof LeakwatchError && (err.code === 'API_UNAUTHORIZED' || err.code === 'API_FORBIDDEN');
}
