import { readyApiWindowSeconds, type Config } from '../../config/schema.js';
import type { HttpOptions } from '../../compliance/client.js';
import type { Logger } from '../../log.js';
import type { Db } from '../../store/db.js';
import type { ScanPool } from '../../pipeline/pool.js';
import { daemonCheckpoints, outboxDepth, writeHeartbeat } from '../../store/health.js';
import { ApiHealth, Readiness, cachedCheck, type CheckResult } from './health.js';
import { checkpointPosition, lagSeconds } from './checkpoint-lag.js';
import { ServiceMetrics } from './registry.js';
import { isLoopback, parseListen, type ListenAddress } from '../../config/listen.js';
import { startMonitoringServer, type MonitoringServer } from './server.js';

/** A flood of /readyz or scrapes writes the heartbeat at most this often. */
const DB_PROBE_INTERVAL_MS = 1000;
/** How long the write probe waits for another process's lock before the database counts as not writable. */
const DB_PROBE_BUSY_MS = 1000;

/**
 * Metrics and health of one runtime: the counters (handed to the pipeline, the HTTP client and
 * delivery as a `Metrics`), the API's health from the same HTTP events, and, once the database
 * and pool exist (`watch`), the scrape-time gauges and readiness checks. `serve` starts the
 * listener.
 */
export class Monitoring {
  readonly metrics: ServiceMetrics;
  readonly api: ApiHealth;
  private readiness: Readiness | null = null;

  constructor(private readonly config: Config, build: { version: string; rulesDigest: string }, private readonly now: () => number = Date.now) {
    this.metrics = new ServiceMetrics(build);
    this.api = new ApiHealth(readyApiWindowSeconds(config) * 1000, now);
  }

  /** The HTTP client's observers: every response and every failed attempt. */
  httpHooks(): Pick<HttpOptions, 'onResponse' | 'onFailedAttempt'> {
    return {
      onResponse: (endpoint, status) => {
        this.metrics.apiResponse(endpoint, status);
        this.api.response(status);
      },
      onFailedAttempt: (endpoint, reason, final) => {
        this.metrics.apiFailedAttempt(endpoint, reason, final);
        if (final) this.api.gaveUp(endpoint, reason);
      },
    };
  }

  watch(parts: { db: Db; pool: ScanPool }): void {
    const { db, pool } = parts;
    const database = cachedCheck((): CheckResult => {
      writeHeartbeat(db, new Date(this.now()), DB_PROBE_BUSY_MS);
      return { ok: true, detail: 'write probe committed' };
    }, DB_PROBE_INTERVAL_MS, this.now);
    const readiness = new Readiness({
      api: () => this.api.check(),
      database: () => {
        const r = database();
        return r.ok ? r : { ok: false, detail: `the database does not take writes: ${r.detail}` };
      },
      pool: (): CheckResult => {
        const live = pool.live();
        return live > 0 ? { ok: true, detail: `${live} of ${pool.threads} threads` } : { ok: false, detail: 'the scan pool has no live worker threads' };
      },
    });
    this.readiness = readiness;
    this.metrics.observe({
      pool: () => ({ threads: pool.threads, live: pool.live(), utilization: pool.utilization(), pending: pool.pending() }),
      checkpointLag: () => {
        const now = this.now();
        // Per source, the workspace furthest behind (each workspace has its own daemon checkpoint).
        const worst = new Map<string, number>();
        for (const c of daemonCheckpoints(db)) {
          const at = checkpointPosition(c.source, c.state);
          if (at !== null) worst.set(c.source, Math.max(worst.get(c.source) ?? 0, lagSeconds(at, now)));
        }
        return [...worst].map(([source, seconds]) => ({ source, seconds }));
      },
      outbox: () => outboxDepth(db).map((r) => ({ ...r, sink: r.sink ?? 'none' })),
      readiness: () => readiness.passing(),
    });
  }

  /** Starts the listener on metrics.listen (a clear METRICS_LISTEN_* error when it cannot). */
  async serve(log: Logger): Promise<MonitoringServer> {
    const listen = parseListen(this.config.metrics.listen) as ListenAddress;
    const server = await startMonitoringServer(listen, {
      metrics: async () => ({ contentType: this.metrics.contentType, body: await this.metrics.render() }),
      readiness: () => this.readiness?.run() ?? { ready: false, checks: { startup: { ok: false, detail: 'starting' } } },
    }, log);
    log.info({ url: server.url, endpoints: ['/metrics', '/healthz', '/readyz'] }, 'monitoring listener started');
    if (!isLoopback(listen.host)) {
      log.warn({ listen: this.config.metrics.listen }, 'metrics.listen is not a loopback address: /metrics and /readyz answer anyone who reaches it, without authentication');
    }
    return server;
  }
}
