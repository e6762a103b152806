import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LeakwatchError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { ReadinessReport } from './health.js';
import { formatListen, type ListenAddress } from '../../config/listen.js';

/**
 * The daemon's monitoring listener (node:http): GET /metrics (Prometheus text), /healthz (the
 * process is alive and answering), /readyz (200 when every readiness check passes, else 503
 * with a JSON body naming the failing checks). Read-only, no request body is read, no query
 * parameter means anything; everything else is 404 (405 for another method on a known path).
 */

export interface MonitoringHandlers {
  metrics(): Promise<{ contentType: string; body: string }>;
  readiness(): ReadinessReport;
}

export interface MonitoringServer {
  /** The bound address (the real port when 0 was configured). */
  address: ListenAddress;
  url: string;
  close(): Promise<void>;
}

const PATHS = new Set(['/metrics', '/healthz', '/readyz']);

export async function startMonitoringServer(listen: ListenAddress, handlers: MonitoringHandlers, log: Logger): Promise<MonitoringServer> {
  const server = createServer((req, res) => {
    void route(req, res, handlers).catch((err: unknown) => {
      log.error({ path: pathOf(req), err: errorMessage(err) }, 'monitoring request failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  // A scraper gets a few seconds; a slow or idle client never holds a socket for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => reject(listenError(err, listen));
    server.once('error', onError);
    server.listen(listen.port, listen.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err: errorMessage(err) }, 'monitoring listener error'));
  const bound = server.address() as AddressInfo;
  const address = { host: bound.address, port: bound.port };
  let closed: Promise<void> | null = null;
  return {
    address,
    url: `http://${formatListen(address)}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive scrapers would otherwise hold shutdown until their sockets time out.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, handlers: MonitoringHandlers): Promise<void> {
  const path = pathOf(req);
  if (!PATHS.has(path)) {
    send(res, 404, 'text/plain; charset=utf-8', 'not found: GET /metrics, /healthz or /readyz\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', 'method not allowed: use GET\n');
    return;
  }
  if (path === '/healthz') {
    send(res, 200, 'text/plain; charset=utf-8', 'ok\n', req.method === 'HEAD');
  } else if (path === '/readyz') {
    const report = handlers.readiness();
    send(res, report.ready ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify({ status: report.ready ? 'ready' : 'not ready', ...report })}\n`, req.method === 'HEAD');
  } else {
    const { contentType, body } = await handlers.metrics();
    send(res, 200, contentType, body, req.method === 'HEAD');
  }
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headOnly = false): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(headOnly ? undefined : body);
}

function listenError(err: NodeJS.ErrnoException, listen: ListenAddress): LeakwatchError {
  const where = formatListen(listen);
  if (err.code === 'EADDRINUSE') {
    return new LeakwatchError('METRICS_LISTEN_IN_USE', 'config',
      `metrics.listen: ${where} is already in use (another leakwatch or exporter?): choose a free port, or set metrics.enabled: false`, { cause: err });
  }
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return new LeakwatchError('METRICS_LISTEN_FAILED', 'config', `metrics.listen: ${where} is not an address of this host (${err.code})`, { cause: err });
  }
  if (err.code === 'EACCES') {
    return new LeakwatchError('METRICS_LISTEN_FAILED', 'config', `metrics.listen: no permission to listen on ${where} (ports below 1024 need privileges): choose a port of 1024 or more`, { cause: err });
  }
  return new LeakwatchError('METRICS_LISTEN_FAILED', 'config', `metrics.listen: cannot listen on ${where}: ${err.message}`, { cause: err });
}
