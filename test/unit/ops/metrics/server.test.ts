import { describe, it, expect, afterEach } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startMonitoringServer, type MonitoringServer } from '../../../../src/ops/metrics/server.js';
import { ServiceMetrics } from '../../../../src/ops/metrics/registry.js';
import { ApiHealth, Readiness } from '../../../../src/ops/metrics/health.js';
import { LeakwatchError } from '../../../../src/errors.js';
import { createLogger } from '../../../../src/log.js';
import { parseConfig } from '../../../../src/config/load.js';
import { createRuntime } from '../../../../src/app/runtime.js';
import { runDaemon } from '../../../../src/app/daemon.js';
import { tempDir } from '../../../helpers/harness.js';
import { scrape, total } from '../../../helpers/prom.js';

const log = createLogger({ level: 'silent' });
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function started(): Promise<{ server: MonitoringServer; metrics: ServiceMetrics; api: ApiHealth }> {
  const metrics = new ServiceMetrics({ version: '9.9.9', rulesDigest: 'abc123' });
  const api = new ApiHealth(60_000);
  const readiness = new Readiness({ api: () => api.check() });
  const server = await startMonitoringServer({ host: '127.0.0.1', port: 0 }, {
    metrics: async () => ({ contentType: metrics.contentType, body: await metrics.render() }),
    readiness: () => readiness.run(),
  }, log);
  cleanups.push(() => server.close());
  return { server, metrics, api };
}

async function occupiedPort(): Promise<number> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as AddressInfo).port;
}

describe('monitoring listener routing', () => {
  it('serves /metrics in the Prometheus text format, with what was counted', async () => {
    const { server, metrics } = await started();
    metrics.apiResponse('logs', 200);
    metrics.apiResponse('logs', 200);
    metrics.apiResponse('logs/{id}', 0);
    const s = await scrape(`${server.url}/metrics?ignored=1`);
    expect(s.status).toBe(200);
    expect(s.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(total(s, 'leakwatch_api_requests_total', { endpoint: 'logs', status: '200' })).toBe(2);
    expect(total(s, 'leakwatch_api_requests_total', { status: '0' })).toBe(1);
    expect(s.families.find((f) => f.name === 'leakwatch_build_info')?.metrics[0]?.labels).toMatchObject({ version: '9.9.9', rules_digest: 'abc123' });
  });

  it('/healthz is 200 ok; /readyz is 503 with the failing check named, then 200 once it passes', async () => {
    const { server, api } = await started();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
    const before = await fetch(`${server.url}/readyz`);
    expect(before.status).toBe(503);
    expect(before.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await before.json()).toEqual({
      status: 'not ready', ready: false, checks: { api: { ok: false, detail: 'no successful API answer yet' } },
    });
    api.response(200);
    const after = await fetch(`${server.url}/readyz`);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { ready: boolean }).ready).toBe(true);
  });

  it('anything else is 404; another method on a known path is 405', async () => {
    const { server } = await started();
    for (const path of ['/', '/metrics/', '/favicon.ico', '/debug/pprof', '/healthz/x']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      await res.text();
    }
    const post = await fetch(`${server.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('close() ends even with a keep-alive connection open', async () => {
    const { server } = await started();
    const agentRes = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/healthz`, { headers: { connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(agentRes).toBe(200);
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

describe('monitoring listener errors', () => {
  it('a port already in use is METRICS_LISTEN_IN_USE naming metrics.listen', async () => {
    const port = await occupiedPort();
    const err = await startMonitoringServer({ host: '127.0.0.1', port }, {
      metrics: () => Promise.resolve({ contentType: 'text/plain', body: '' }), readiness: () => ({ ready: true, checks: {} }),
    }, log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeakwatchError);
    expect((err as LeakwatchError).code).toBe('METRICS_LISTEN_IN_USE');
    expect((err as LeakwatchError).kind).toBe('config');
    expect((err as LeakwatchError).message).toContain(`metrics.listen: 127.0.0.1:${port} is already in use`);
  });

  it('an address not on this host is METRICS_LISTEN_FAILED', async () => {
    const err = await startMonitoringServer({ host: '192.0.2.1', port: 0 }, {
      metrics: () => Promise.resolve({ contentType: 'text/plain', body: '' }), readiness: () => ({ ready: true, checks: {} }),
    }, log).catch((e: unknown) => e);
    expect((err as LeakwatchError).code).toBe('METRICS_LISTEN_FAILED');
    expect((err as LeakwatchError).message).toMatch(/^metrics\.listen: 192\.0\.2\.1:0 is not an address of this host/);
  });

  it('the daemon does not start when its port is taken, and the runtime still closes', async () => {
    const port = await occupiedPort();
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = parseConfig({
      workspace_id: 'ws', api: { base_url: 'http://127.0.0.1:9/v1' }, database: { path: join(dir, 'lw.db') },
      pipeline: { threads: 1 }, files: { enabled: false }, metrics: { listen: `127.0.0.1:${port}` },
    }, {});
    const rt = createRuntime(config, log, { apiKey: 'k', metrics: true });
    cleanups.push(() => rt.close());
    await expect(runDaemon(rt, { cycles: 1 })).rejects.toMatchObject({ code: 'METRICS_LISTEN_IN_USE' });
    // Nothing ran: no daemon run was recorded.
    expect((rt.db.prepare(`SELECT COUNT(*) AS n FROM runs`).get() as { n: number }).n).toBe(0);
    await rt.close();
  });

  it('without monitoring a runtime counts nothing and serves nothing', async () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = parseConfig({ workspace_id: 'ws', database: { path: join(dir, 'lw.db') }, pipeline: { threads: 1 }, files: { enabled: false } }, {});
    const rt = createRuntime(config, log, { apiKey: 'k' });
    cleanups.push(() => rt.close());
    expect(rt.monitoring).toBeNull();
    expect(await rt.serveMonitoring()).toBeNull();
  });
});
