import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { harness, testConfig, type Harness } from '../helpers/harness.js';
import { byLabels, declaredNames, family, rowsByKey, scrape, total, type Scrape } from '../helpers/prom.js';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import { runDaemon } from '../../src/app/daemon.js';
import { openDb } from '../../src/store/db.js';
import type { MonitoringServer } from '../../src/ops/metrics/server.js';
import type { LogsCheckpoint } from '../../src/compliance/logs-source.js';

/** Polls `probe` until it returns a value (the readiness state changes on the daemon's own schedule). */
async function until<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== null) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface ReadyBody {
  status: string;
  ready: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
}

async function readyz(base: string): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

describe('daemon metrics and health endpoints over the simulator', () => {
  let h: Harness;
  let rt: Runtime;
  let server: MonitoringServer;
  let simStopped = false;
  let first: Scrape;

  beforeAll(async () => {
    h = await harness({ seed: 31, users: 10, conversations: 60, historyDays: 20, logsRetentionDays: 30 });
    const config = testConfig(h.sim, h.dbPath, {
      daemon: { initial_lookback_hours: 24 * 40, poll_interval_seconds: 0.05 },
      // The message daemon only: the checks below name the routes its requests go to.
      sources: { objects: { enabled: [] } },
      inventory: { refresh_minutes: 0 },
      metrics: { listen: '127.0.0.1:0' },
      policies: [{ name: 'everything', actions: { alert: ['log'] } }],
      alerts: { per_sink_per_minute: 1_000_000 },
    });
    rt = createRuntime(config, h.log.logger, { apiKey: h.sim.apiKey, metrics: true });
    // Every 7th API request is a 429: the retries show up in the counters.
    h.sim.setFaults({ every429: 7, retryAfterSeconds: 0 });
    await runDaemon(rt, { cycles: 1 });
    await rt.actions.flush();
    h.sim.setFaults({});
    server = (await rt.serveMonitoring()) as MonitoringServer;
    first = await scrape(`${server.url}/metrics`);
  }, 240_000);

  afterAll(async () => {
    await rt?.close();
    if (!simStopped) await h?.sim.close();
    if (h !== undefined) rmSync(h.dir, { recursive: true, force: true });
  });

  it('listens on the ephemeral port it was given, on loopback', () => {
    expect(server.address.host).toBe('127.0.0.1');
    expect(server.address.port).toBeGreaterThan(0);
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counters equal what the database recorded', () => {
    const db = rt.db;
    const findings = db.prepare('SELECT rule_id, category, severity, source_kind, COUNT(*) AS n FROM findings GROUP BY 1, 2, 3, 4').all() as Record<string, unknown>[];
    expect(findings.length).toBeGreaterThan(3);
    expect(byLabels(first, 'leakwatch_findings_total', ['rule', 'category', 'severity', 'kind']))
      .toEqual(rowsByKey(findings, ['rule_id', 'category', 'severity', 'source_kind']));
    // Both message and file findings were counted.
    expect(total(first, 'leakwatch_findings_total', { kind: 'message' })).toBeGreaterThan(0);
    expect(total(first, 'leakwatch_findings_total', { kind: 'file' })).toBeGreaterThan(0);

    const scanned = db.prepare('SELECT source, COUNT(*) AS n FROM scanned_items GROUP BY source').all() as Record<string, unknown>[];
    expect(scanned.length).toBeGreaterThan(0);
    const items = byLabels(first, 'leakwatch_items_scanned_total', ['source', 'kind']);
    expect(Object.fromEntries(Object.entries(items).filter(([k]) => k.endsWith('|message')).map(([k, v]) => [k.split('|')[0], v])))
      .toEqual(rowsByKey(scanned, ['source']));
    const files = db.prepare(`SELECT status, IFNULL(error_code, 'none') AS code, COUNT(*) AS n, SUM(size) AS bytes FROM files GROUP BY 1, 2`).all() as Record<string, unknown>[];
    const fileCount = files.reduce((s, r) => s + Number(r.n), 0);
    expect(fileCount).toBeGreaterThan(0);
    expect(total(first, 'leakwatch_items_scanned_total', { kind: 'file' })).toBe(fileCount);
    expect(total(first, 'leakwatch_scanned_bytes_total', { kind: 'file' })).toBe(files.reduce((s, r) => s + Number(r.bytes), 0));
    expect(byLabels(first, 'leakwatch_files_scanned_total', ['status', 'code'])).toEqual(rowsByKey(files, ['status', 'code']));
    // The simulator plants broken files: some outcomes are errors with their code.
    expect(Object.keys(byLabels(first, 'leakwatch_files_scanned_total', ['status', 'code'])).some((k) => !k.endsWith('|none'))).toBe(true);

    const refs = db.prepare(`SELECT status, IFNULL(error_code, 'none') AS code, COUNT(*) AS n FROM file_refs GROUP BY 1, 2`).all() as Record<string, unknown>[];
    expect(byLabels(first, 'leakwatch_file_references_total', ['status', 'code'])).toEqual(rowsByKey(refs, ['status', 'code']));

    const errors = db.prepare('SELECT source, code, COUNT(*) AS n FROM scan_errors GROUP BY 1, 2').all() as Record<string, unknown>[];
    expect(errors.length).toBeGreaterThan(0);
    expect(byLabels(first, 'leakwatch_scan_errors_total', ['source', 'code'])).toEqual(rowsByKey(errors, ['source', 'code']));

    // The message bytes are the UTF-8 size of every text scanned (none was scanned twice).
    expect(total(first, 'leakwatch_scanned_bytes_total', { kind: 'message' })).toBeGreaterThan(total(first, 'leakwatch_items_scanned_total', { kind: 'message' }));

    // Alerts: one delivery per outbox row (no digests), all sent to the log sink.
    const sent = (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'alert' AND status = 'sent' AND sink = 'log'`).get() as { n: number }).n;
    expect(sent).toBe((db.prepare('SELECT COUNT(*) AS n FROM findings').get() as { n: number }).n);
    expect(byLabels(first, 'leakwatch_alert_deliveries_total', ['sink', 'outcome'])).toEqual({ 'log|sent': sent });
    const pending = (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n;
    expect(total(first, 'leakwatch_outbox_depth', { status: 'pending' })).toBe(pending);

    expect(byLabels(first, 'leakwatch_daemon_cycles_total', ['outcome'])).toEqual({ ok: 1 });
  });

  it('API requests by endpoint and status, with the 429s retried', () => {
    const requests = byLabels(first, 'leakwatch_api_requests_total', ['endpoint', 'status']);
    for (const endpoint of ['users', 'logs', 'logs/{id}']) expect(requests[`${endpoint}|200`] ?? 0).toBeGreaterThan(0);
    // Labels are endpoint classes, never ids.
    for (const m of family(first, 'leakwatch_api_requests_total').metrics) expect(m.labels?.endpoint).not.toMatch(/[0-9a-f]{8}-|file-|user-/);
    const throttled = total(first, 'leakwatch_api_requests_total', { status: '429' });
    expect(throttled).toBeGreaterThan(0);
    expect(total(first, 'leakwatch_api_retries_total', { reason: 'rate_limited' })).toBe(throttled);
    expect(total(first, 'leakwatch_api_failures_total')).toBe(0);
  });

  it('gauges: pool, checkpoint lag, build info, process metrics', () => {
    const before = Date.now();
    return scrape(`${server.url}/metrics`).then((s) => {
      const after = Date.now();
      expect(total(s, 'leakwatch_pool_threads')).toBe(2);
      expect(total(s, 'leakwatch_pool_queue_depth')).toBe(0);
      const util = total(s, 'leakwatch_pool_utilization_ratio');
      expect(util).toBeGreaterThanOrEqual(0);
      expect(util).toBeLessThanOrEqual(1);
      const cp = rt.store.getCheckpoint<LogsCheckpoint>(`daemon:${rt.workspaces[0]!.id}`, 'logs') as LogsCheckpoint;
      const lag = total(s, 'leakwatch_checkpoint_lag_seconds', { source: 'logs' });
      expect(lag).toBeGreaterThanOrEqual((before - Date.parse(cp.after)) / 1000);
      expect(lag).toBeLessThanOrEqual((after - Date.parse(cp.after)) / 1000);
      const build = family(s, 'leakwatch_build_info').metrics[0];
      const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string };
      expect(build?.labels).toEqual({ version: pkg.version, node_version: process.versions.node, rules_digest: rt.engine.rulesDigest });
      expect(total(s, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(byLabels(s, 'leakwatch_ready', ['check'])).toEqual({ api: 1, database: 1, pool: 1 });
    });
  });

  it('exposes no user, conversation or file ids and no values', () => {
    const ids = rt.db.prepare(`SELECT conversation_id AS c, user_id AS u, user_email AS e, file_id AS f FROM findings`).all() as Record<string, string | null>[];
    const leaked = ids.flatMap((r) => Object.values(r)).filter((v): v is string => v !== null && v.length > 6 && first.text.includes(v));
    expect(leaked).toEqual([]);
    expect(first.text).not.toContain(h.sim.workspaceId);
  });

  it('every leakwatch_* metric the dashboard and the alert rules use exists', () => {
    const declared = declaredNames(first.text);
    const dashboard = JSON.parse(readFileSync(join(process.cwd(), 'deploy/grafana-dashboard.json'), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const rules = parseYaml(readFileSync(join(process.cwd(), 'deploy/prometheus-alerts.yaml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const alertExprs = rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.length).toBeGreaterThan(8);
    expect(alertExprs.length).toBeGreaterThan(5);
    const used = new Set([...exprs, ...alertExprs].flatMap((e) => [...e.matchAll(/\bleakwatch_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''))));
    expect(used.size).toBeGreaterThan(8);
    expect([...used].filter((n) => !declared.has(n))).toEqual([]);
  });

  it('/healthz answers ok; /readyz is 200 after a successful cycle', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
    const ready = await readyz(server.url);
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['api', 'database', 'pool']);
  });

  it('/readyz is 503 naming the database while another process holds its write lock', async () => {
    const other = openDb(h.dbPath);
    try {
      other.exec('BEGIN IMMEDIATE');
      const down = await until(async () => {
        const r = await readyz(server.url);
        return r.status === 503 ? r : null;
      }, 'readyz 503 with the database locked');
      expect(down.body.ready).toBe(false);
      expect(down.body.checks.database?.ok).toBe(false);
      expect(down.body.checks.database?.detail).toMatch(/does not take writes: database is locked/);
      expect(down.body.checks.api?.ok).toBe(true);
      const s = await scrape(`${server.url}/metrics`);
      expect(byLabels(s, 'leakwatch_ready', ['check'])).toEqual({ api: 1, pool: 1 });
      other.exec('ROLLBACK');
      await until(async () => ((await readyz(server.url)).status === 200 ? true : null), 'readyz 200 after the lock is released');
    } finally {
      other.close();
    }
  }, 120_000);

  it('/readyz is 503 naming the API once the API becomes unreachable, and the failures are counted', async () => {
    // The daemon is running and ready (a cycle went through), then the API goes away.
    let cycled!: () => void;
    const firstCycle = new Promise<void>((r) => (cycled = r));
    const running = runDaemon(rt, { onCycle: () => cycled() });
    try {
      await firstCycle;
      await h.sim.close();
      simStopped = true;
      const down = await until(async () => {
        const r = await readyz(server.url);
        return r.status === 503 ? r : null;
      }, 'readyz 503 with the API down');
      expect(down.body.checks.api?.ok).toBe(false);
      expect(down.body.checks.api?.detail).toMatch(/failed after all its attempts \((users|logs): network\)/);
      expect(down.body.checks.database?.ok).toBe(true);
      const s = await scrape(`${server.url}/metrics`);
      expect(total(s, 'leakwatch_api_requests_total', { status: '0' })).toBeGreaterThan(0);
      expect(total(s, 'leakwatch_api_failures_total', { reason: 'network' })).toBeGreaterThan(0);
      expect(total(s, 'leakwatch_ready', { check: 'api' })).toBe(0);
      await until(async () => {
        const c = await scrape(`${server.url}/metrics`);
        return total(c, 'leakwatch_daemon_cycles_total', { outcome: 'failed' }) > 0 ? true : null;
      }, 'a failed cycle');
    } finally {
      rt.abort.abort();
      await running;
    }
  }, 120_000);
});
