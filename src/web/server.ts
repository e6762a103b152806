import { createHmac } from 'node:crypto';
import { isLoopback, parseListen, type ListenAddress } from '../config/listen.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LeakwatchError, isLeakwatchError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { pageCsp, renderErrorPage, renderPage } from './page.js';
import { parseReportQuery } from './range.js';
import { buildSummary } from './summary.js';
import { tokenMatches } from './token.js';

/**
 * `leakwatch serve`: the report page and its JSON on a loopback port, read-only (the database is
 * opened read-only and the server answers GET and HEAD only). Every request needs the token:
 * `?token=` once (the page then sets an HttpOnly, SameSite=Strict cookie and redirects to a URL
 * without it), or that cookie; anything else is 401.
 */

export interface ReportServerOptions {
  db: Db;
  /** host:port, loopback only; port 0 picks a free port. */
  listen: string;
  token: string;
  log: Logger;
}

export interface ReportServer {
  /** Base URL of the bound address, e.g. http://127.0.0.1:8731/ (no token). */
  url: string;
  address: { host: string; port: number };
  close(): Promise<void>;
}

export const COOKIE_NAME = 'lw_report';

/** `report.listen` (or --listen) as an address, refusing anything but loopback: the page is for this machine. */
export function loopbackListen(listen: string): ListenAddress {
  const parsed = parseListen(listen);
  if (parsed === null) {
    throw new LeakwatchError('REPORT_LISTEN', 'config', `report.listen ${JSON.stringify(listen)} is not host:port: write e.g. 127.0.0.1:8731 or [::1]:8731 (port 0 picks a free one)`);
  }
  const { host, port } = parsed;
  if (!isLoopback(host)) {
    throw new LeakwatchError('REPORT_LISTEN', 'config', `report.listen ${JSON.stringify(listen)}: the report page listens on loopback only (127.0.0.1, ::1 or localhost); reach it from elsewhere through an SSH tunnel or a TLS reverse proxy`);
  }
  return { host: host === 'localhost' ? '127.0.0.1' : host, port };
}

const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const BARE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function startReportServer(opts: ReportServerOptions): Promise<ReportServer> {
  const { host, port } = loopbackListen(opts.listen);
  // The cookie carries a value derived from the token, not the token itself.
  const session = createHmac('sha256', opts.token).update('leakwatch report session').digest('base64url');
  const server = createServer((req, res) => {
    try {
      handle(req, res, opts, session);
    } catch (err) {
      opts.log.error({ err, path: pathOf(req) }, 'report page: request failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error: see the leakwatch log\n', BARE_CSP);
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException): void => reject(new LeakwatchError('REPORT_LISTEN', 'config', `cannot listen on ${opts.listen}: ${err.code ?? err.message} (change report.listen or --listen)`, { cause: err }));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${shown}:${bound.port}/`,
    address: { host: bound.address, port: bound.port },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://report.invalid').pathname;
}

/**
 * The Host the browser sent names this machine. A page of another site whose name was made to
 * resolve to 127.0.0.1 (DNS rebinding) sends its own name: it is refused before the token is
 * even looked at.
 */
function hostIsLoopback(req: IncomingMessage): boolean {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::\d+)?$/.exec(req.headers.host ?? '');
  const name = m?.[1] ?? m?.[2];
  return name !== undefined && isLoopback(name.toLowerCase());
}

function handle(req: IncomingMessage, res: ServerResponse, opts: ReportServerOptions, session: string): void {
  if (!hostIsLoopback(req)) {
    send(res, 421, 'text/plain; charset=utf-8', '421: the report page answers to 127.0.0.1, [::1] or localhost only\n', BARE_CSP);
    return;
  }
  const url = new URL(req.url ?? '/', 'http://report.invalid');
  const queryToken = url.searchParams.get('token') ?? undefined;
  const byToken = queryToken !== undefined && tokenMatches(opts.token, queryToken);
  if (!byToken && !tokenMatches(session, cookie(req, COOKIE_NAME))) {
    opts.log.debug({ path: url.pathname }, 'report page: request without a valid token');
    send(res, 401, 'text/plain; charset=utf-8', '401 unauthorized: open the URL that leakwatch serve printed (it carries ?token=...)\n', BARE_CSP);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', '405: the report page is read-only\n', BARE_CSP);
    return;
  }
  if (byToken) {
    res.setHeader('Set-Cookie', `${COOKIE_NAME}=${session}; HttpOnly; SameSite=Strict; Path=/`);
    // Off the address bar and out of the history: the same URL without the token.
    url.searchParams.delete('token');
    if (url.pathname === '/') {
      res.setHeader('Location', `/${url.search}`);
      send(res, 303, 'text/plain; charset=utf-8', 'see /\n', BARE_CSP);
      return;
    }
  }
  const params = url.searchParams;
  const input = {
    since: params.get('since') ?? undefined, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, workspace: params.get('workspace') ?? undefined,
  };
  if (url.pathname === '/') {
    let html: string;
    try {
      html = renderPage(buildSummary(opts.db, parseReportQuery(input)), 'live');
    } catch (err) {
      if (!isLeakwatchError(err) || err.code !== 'REPORT_RANGE') throw err;
      send(res, 400, 'text/html; charset=utf-8', renderErrorPage(err.message), pageCsp());
      return;
    }
    send(res, 200, 'text/html; charset=utf-8', html, pageCsp());
    return;
  }
  if (url.pathname === '/api/summary') {
    try {
      send(res, 200, 'application/json; charset=utf-8', `${JSON.stringify(buildSummary(opts.db, parseReportQuery(input)))}\n`, BARE_CSP);
    } catch (err) {
      if (!isLeakwatchError(err) || err.code !== 'REPORT_RANGE') throw err;
      send(res, 400, 'application/json; charset=utf-8', `${JSON.stringify({ error: err.message, code: err.code })}\n`, BARE_CSP);
    }
    return;
  }
  send(res, 404, 'text/plain; charset=utf-8', '404: the report has / and /api/summary\n', BARE_CSP);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string, csp: string): void {
  for (const [k, v] of Object.entries(COMMON_HEADERS)) res.setHeader(k, v);
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.statusCode = status;
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
