import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { RetryReason } from '../../compliance/client.js';
import type { CommittedWork, DeliveryOutcome, Metrics } from './types.js';

/**
 * The only module that imports prom-client. One registry per runtime (never the global default
 * one), so tests can run several in one process. Counters are counted where things happen;
 * gauges of state (pool, checkpoints, outbox, readiness) are read at scrape time from `Sources`.
 */

export interface PoolState {
  threads: number;
  live: number;
  utilization: number;
  pending: number;
}

export interface OutboxDepth {
  kind: string;
  sink: string;
  status: string;
  n: number;
}

/** State read at each scrape; a source that throws leaves its gauge empty for that scrape. */
export interface Sources {
  pool(): PoolState;
  /** Seconds each daemon checkpoint is behind now, by source. */
  checkpointLag(): { source: string; seconds: number }[];
  outbox(): OutboxDepth[];
  /** Each readiness check: true when it passes. */
  readiness(): Record<string, boolean>;
}

export interface BuildInfo {
  version: string;
  rulesDigest: string;
}

export class ServiceMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly items: Counter<'source' | 'kind'>;
  private readonly bytes: Counter<'source' | 'kind'>;
  private readonly findings: Counter<'rule' | 'category' | 'severity' | 'kind'>;
  private readonly scanErrors: Counter<'source' | 'code'>;
  private readonly files: Counter<'status' | 'code'>;
  private readonly fileRefs: Counter<'status' | 'code'>;
  private readonly requests: Counter<'endpoint' | 'status'>;
  private readonly retries: Counter<'endpoint' | 'reason'>;
  private readonly failures: Counter<'endpoint' | 'reason'>;
  private readonly deliveries: Counter<'sink' | 'outcome'>;
  private readonly cycles: Counter<'outcome'>;
  private sources: Sources | null = null;
  private defaultsOn = false;

  constructor(build: BuildInfo) {
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> =>
      new Counter({ name, help, labelNames, registers });
    this.items = counter('leakwatch_items_scanned_total', 'Items scanned: messages (kind=message), file contents extracted (kind=file) and texts of other objects (kind=gpt, memory, canvas ...), by source.', ['source', 'kind']);
    this.bytes = counter('leakwatch_scanned_bytes_total', 'Bytes scanned: UTF-8 message text, or file content downloaded and extracted.', ['source', 'kind']);
    this.findings = counter('leakwatch_findings_total', 'New findings recorded (already recorded or suppressed ones are not counted).', ['rule', 'category', 'severity', 'kind']);
    this.scanErrors = counter('leakwatch_scan_errors_total', 'Scan errors recorded (an item, log line or file that could not be read in full), by code.', ['source', 'code']);
    this.files = counter('leakwatch_files_scanned_total', 'File contents extracted, by outcome (status scanned|partial|error, code the first problem or none).', ['status', 'code']);
    this.fileRefs = counter('leakwatch_file_references_total', 'Attached file references handled, by recorded status (scanned|partial|error|unavailable|too-large) and code.', ['status', 'code']);
    this.requests = counter('leakwatch_api_requests_total', 'Compliance API responses by endpoint class and HTTP status (status="0": network error).', ['endpoint', 'status']);
    this.retries = counter('leakwatch_api_retries_total', 'Compliance API attempts that failed and were retried, by reason (rate_limited|server_error|network|bad_body).', ['endpoint', 'reason']);
    this.failures = counter('leakwatch_api_failures_total', 'Compliance API requests that failed after all their attempts, by the last reason.', ['endpoint', 'reason']);
    this.deliveries = counter('leakwatch_alert_deliveries_total', 'Alert deliveries by sink and outcome (sent | retry: failed, retried later | dead: given up).', ['sink', 'outcome']);
    this.cycles = counter('leakwatch_daemon_cycles_total', 'Daemon poll cycles by outcome (ok | failed: the API stayed unavailable).', ['outcome']);
    // The series alert rules compare with zero exist from the start: an absent series matches
    // nothing, so "nothing scanned for 2 h" would never fire for a daemon that scanned nothing yet.
    for (const outcome of ['ok', 'failed']) this.cycles.inc({ outcome }, 0);
    for (const source of ['logs', 'conversations']) {
      for (const kind of ['message', 'file']) {
        this.items.inc({ source, kind }, 0);
        this.bytes.inc({ source, kind }, 0);
      }
    }

    const current = (): Sources | null => this.sources;
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], read: (g: Gauge<L>, s: Sources) => void): void => {
      new Gauge<L>({
        name, help, labelNames, registers,
        collect() {
          this.reset();
          const sources = current();
          if (sources === null) return;
          try {
            read(this, sources);
          } catch {
            // A source that cannot be read now (database locked or closing): no sample this scrape.
          }
        },
      });
    };
    gauge('leakwatch_pool_threads', 'Worker threads of the scan pool running now.', [], (g, s) => g.set(s.pool().live));
    gauge('leakwatch_pool_utilization_ratio', 'Scan pool utilisation since start (0-1): time spent running tasks over the capacity of its threads.', [], (g, s) => g.set(s.pool().utilization));
    gauge('leakwatch_pool_queue_depth', 'Scan tasks waiting for a free worker thread.', [], (g, s) => g.set(s.pool().pending));
    gauge('leakwatch_checkpoint_lag_seconds', 'How far the daemon checkpoint of each source is behind now (seconds).', ['source'], (g, s) => {
      for (const c of s.checkpointLag()) g.set({ source: c.source }, c.seconds);
    });
    gauge('leakwatch_outbox_depth', 'Outbox rows waiting (pending) or given up (dead), by kind (alert|delete) and sink.', ['kind', 'sink', 'status'], (g, s) => {
      for (const r of s.outbox()) g.set({ kind: r.kind, sink: r.sink, status: r.status }, r.n);
    });
    gauge('leakwatch_ready', 'Readiness checks of /readyz: 1 passing, 0 failing.', ['check'], (g, s) => {
      for (const [check, ok] of Object.entries(s.readiness())) g.set({ check }, ok ? 1 : 0);
    });
    new Gauge({
      name: 'leakwatch_build_info', help: 'Always 1; the labels say which leakwatch, Node.js and rules are running.',
      labelNames: ['version', 'node_version', 'rules_digest'], registers,
    }).set({ version: build.version, node_version: process.versions.node, rules_digest: build.rulesDigest }, 1);
  }

  /** Where the scrape-time gauges read from; also starts the process metrics (once). */
  observe(sources: Sources): void {
    this.sources = sources;
    if (!this.defaultsOn) {
      collectDefaultMetrics({ register: this.registry });
      this.defaultsOn = true;
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of everything in this registry. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  committed(c: CommittedWork): void {
    if (c.items > 0) this.items.inc({ source: c.source, kind: c.kind }, c.items);
    if (c.bytes > 0) this.bytes.inc({ source: c.source, kind: c.kind }, c.bytes);
    for (const f of c.newFindings) this.findings.inc({ rule: f.ruleId, category: f.category, severity: f.severity, kind: f.sourceKind });
    for (const e of c.errors) this.scanErrors.inc({ source: e.source, code: e.code });
    for (const f of c.files) this.files.inc({ status: f.status, code: f.errorCode ?? 'none' });
    for (const r of c.fileRefs) this.fileRefs.inc({ status: r.status, code: r.errorCode ?? 'none' });
  }

  apiResponse(endpoint: string, status: number): void {
    this.requests.inc({ endpoint, status: String(status) });
  }

  apiFailedAttempt(endpoint: string, reason: RetryReason, final: boolean): void {
    (final ? this.failures : this.retries).inc({ endpoint, reason });
  }

  alertDelivery(sink: string, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ sink, outcome });
  }

  daemonCycle(outcome: 'ok' | 'failed'): void {
    this.cycles.inc({ outcome });
  }
}
