import type { Config } from '../config/schema.js';
import { resolveApiKey } from '../config/api-key.js';
import type { Logger } from '../log.js';
import { ComplianceHttp, type HttpOptions } from '../compliance/client.js';
import { ComplianceApi } from '../compliance/api.js';
import { LogsSource } from '../compliance/logs-source.js';
import { ConversationsSource } from '../compliance/conversations-source.js';
import { loadRules, type LoadedRules } from '../rules/load.js';
import { openDb, type Db } from '../store/db.js';
import { Store } from '../store/store.js';
import { Policies } from '../policy/match.js';
import { createActions, type Actions } from './actions.js';
import { getOrCreateValueSalt } from '../store/suppressions.js';
import { createPool, type ScanPool } from '../pipeline/pool.js';
import { lazyFilePool, type FilePool } from '../pipeline/file-pool.js';
import { FileScanner } from '../pipeline/file-scan.js';
import type { RunContext, SourceStats } from '../pipeline/run-source.js';
import type { ExtractLimits } from '../extract/types.js';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../errors.js';
import { Monitoring } from '../metrics/monitoring.js';
import type { MonitoringServer } from '../metrics/server.js';
import { productVersion } from '../alerts/product-version.js';

/**
 * Everything a scan or the daemon needs, built in dependency order and torn down in reverse.
 * Shutdown runs every step even when one fails (design decision 7) and is idempotent.
 */
export interface Runtime {
  config: Config;
  log: Logger;
  rules: LoadedRules;
  db: Db;
  store: Store;
  pool: ScanPool;
  /** The extraction pool; null when files.enabled is false. */
  filePool: FilePool | null;
  /** Private directory for downloads in progress (removed on close). */
  fileTempDir: string;
  http: ComplianceHttp;
  api: ComplianceApi;
  logs: LogsSource;
  conversations: ConversationsSource;
  /** Alert delivery and remediation from the outbox (started by the daemon and scans). */
  actions: Actions;
  /** Aborted on shutdown: stops fetching; in-flight work still commits. */
  abort: AbortController;
  /** Metrics and health; null unless asked for (RuntimeOptions.metrics): nothing is counted then. */
  monitoring: Monitoring | null;
  /**
   * Starts the /metrics, /healthz and /readyz listener on metrics.listen (closed by close());
   * null when monitoring is off. Starting it twice returns the same listener.
   */
  serveMonitoring(): Promise<MonitoringServer | null>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides the key resolution (tests and the demo's embedded simulator). */
  apiKey?: string;
  /** Directory of the config file: relative secret files of alert sinks resolve against it. */
  configDir?: string;
  /** Count metrics and track health (the daemon, when metrics.enabled). Default false. */
  metrics?: boolean;
}

export function createRuntime(config: Config, log: Logger, opts: RuntimeOptions = {}): Runtime {
  // Validate everything that can fail on bad input before starting threads or sockets.
  const rules = loadRules(config.rules);
  const apiKey = opts.apiKey ?? resolveApiKey(config, opts.env);
  const db = openDb(config.database.path);
  const steps: { name: string; run: () => unknown }[] = [{ name: 'database', run: () => db.close() }];
  const abort = new AbortController();
  try {
    const store = new Store(db, { policies: new Policies(config.policies), digestSeconds: config.alerts.digest_seconds });
    const monitoring = opts.metrics === true ? new Monitoring(config, { version: productVersion(), rulesDigest: rules.compiled.digest }) : null;
    const http = new ComplianceHttp({ ...httpOptions(config, apiKey, log, abort.signal), ...monitoring?.httpHooks() });
    steps.unshift({ name: 'http client', run: () => http.close() });
    const api = new ComplianceApi(http, config.workspace_id);
    // The secret that keys value hashes (false-positive suppression by value; never the value itself).
    const valueSalt = getOrCreateValueSalt(db);
    const pool = createPool(rules.compiled, config.pipeline.threads, valueSalt);
    steps.unshift({ name: 'worker pool', run: () => pool.close() });
    monitoring?.watch({ db, pool });
    const filePool = config.files.enabled ? lazyFilePool(rules.compiled, config.files.threads, config.files.max_worker_memory_mb, valueSalt) : null;
    if (filePool !== null) steps.unshift({ name: 'extraction pool', run: () => filePool.close() });
    const base = config.files.temp_dir === '' ? tmpdir() : config.files.temp_dir;
    mkdirSync(base, { recursive: true });
    const fileTempDir = mkdtempSync(join(base, 'leakwatch-files-'));
    steps.push({ name: 'file temp dir', run: () => rmSync(fileTempDir, { recursive: true, force: true }) });
    const logs = new LogsSource(api, { pageSize: config.api.page_size.logs, log });
    const conversations = new ConversationsSource(api, {
      pageSize: config.api.page_size.conversations,
      overlapSeconds: config.sources.conversations.overlap_seconds,
      log,
    });
    const actions = createActions({ config, log, api, store, metrics: monitoring?.metrics }, opts.configDir);
    steps.unshift({ name: 'alert delivery and remediation', run: () => actions.stop() });
    let closed: Promise<void> | null = null;
    let listener: Promise<MonitoringServer> | null = null;
    const serveMonitoring = (): Promise<MonitoringServer | null> => {
      if (monitoring === null) return Promise.resolve(null);
      if (closed !== null) return Promise.reject(new Error('runtime closed: the monitoring listener cannot start'));
      if (listener === null) {
        const starting = monitoring.serve(log);
        listener = starting;
        // First to close: the listener stops answering before the parts it reports on go away.
        steps.unshift({ name: 'monitoring listener', run: () => starting.then((s) => s.close(), () => undefined) });
      }
      return listener;
    };
    const close = (): Promise<void> => {
      closed ??= (async () => {
        abort.abort();
        for (const step of steps) {
          try {
            await step.run();
          } catch (err) {
            log.error({ step: step.name, err: errorMessage(err) }, 'shutdown step failed');
          }
        }
      })();
      return closed;
    };
    return {
      config, log, rules, db, store, pool, filePool, fileTempDir, http, api, logs, conversations, actions, abort, monitoring, serveMonitoring, close,
    };
  } catch (err) {
    for (const step of steps) {
      // Already failing: the first error is the one to report.
      void Promise.resolve().then(step.run).catch(() => undefined);
    }
    throw err;
  }
}

/** The HTTP client's settings from the config: one mapping for the daemon, scans and doctor. */
export function httpOptions(config: Config, apiKey: string, log: Logger, signal?: AbortSignal): HttpOptions {
  return {
    baseUrl: config.api.base_url,
    apiKey,
    connectTimeoutMs: config.api.connect_timeout_seconds * 1000,
    requestTimeoutMs: config.api.request_timeout_seconds * 1000,
    maxAttempts: config.api.max_attempts,
    retryBaseDelayMs: config.api.retry_base_delay_ms,
    retryMaxDelayMs: config.api.retry_max_delay_ms,
    rateLimits: { listPerMinute: config.api.rate_limits.list_per_minute, getPerMinute: config.api.rate_limits.get_per_minute },
    log,
    signal,
  };
}

export function maxInFlight(config: Config, threads: number): number {
  return config.pipeline.max_in_flight > 0 ? config.pipeline.max_in_flight : threads * 4;
}

/** The extraction limits from the config. */
export function extractLimits(config: Config): ExtractLimits {
  const f = config.files;
  return {
    maxFileBytes: f.max_document_bytes,
    maxDepth: f.max_archive_depth,
    maxEntries: f.max_archive_entries,
    maxUncompressedBytes: f.max_uncompressed_bytes,
    maxCompressionRatio: f.max_compression_ratio,
    maxTextChars: f.max_text_chars,
  };
}

/** Detections kept per file (a spreadsheet of a million card numbers is one very bad file, not a million rows). */
const MAX_DETECTIONS_PER_FILE = 100_000;

/** Everything runSource needs for one run of one source: one mapping for the daemon and scans. */
export function runContext(
  rt: Runtime, run: { runId: number; namespace: string; signal: AbortSignal; onProgress?: (stats: SourceStats) => void },
): RunContext {
  const { config } = rt;
  const files = rt.filePool === null ? null : new FileScanner({
    api: rt.api, store: rt.store, pool: rt.filePool, log: rt.log, workspaceId: config.workspace_id, runId: run.runId,
    rulesDigest: rt.rules.compiled.digest, ruleMeta: rt.rules.meta, tempDir: rt.fileTempDir, limits: extractLimits(config),
    maxDownloadBytes: config.files.max_download_bytes, timeoutMs: config.files.timeout_seconds * 1000, maxDetections: MAX_DETECTIONS_PER_FILE,
  });
  return {
    store: rt.store, pool: rt.pool, log: rt.log, workspaceId: config.workspace_id, runId: run.runId, rulesDigest: rt.rules.compiled.digest,
    ruleMeta: rt.rules.meta, namespace: run.namespace, batchBytes: config.pipeline.batch_bytes, maxInFlight: maxInFlight(config, rt.pool.threads),
    signal: run.signal, onProgress: run.onProgress, files, fileConcurrency: config.files.concurrency, metrics: rt.monitoring?.metrics,
  };
}
