import type { Config, ObjectSourceName, WorkspaceConfig } from '../config/schema.js';
import type { MessageSource } from '../compliance/source.js';
import { resolveApiKey } from '../config/api-key.js';
import type { Logger } from '../log.js';
import { ComplianceHttp, createPacers, type ApiPacers } from '../compliance/client.js';
import { httpOptions } from '../compliance/http-options.js';
import { ComplianceApi } from '../compliance/api.js';
import { LogsSource } from '../compliance/logs-source.js';
import { ConversationsSource } from '../compliance/conversations-source.js';
import { createObjectSources } from '../compliance/sources/index.js';
import { loadRules } from '../rules/load.js';
import { openDb, type Db } from '../store/db.js';
import { Store } from '../store/store.js';
import { Policies } from '../policy/match.js';
import { createActions, type Actions } from './actions.js';
import { getOrCreateValueSalt } from '../store/suppressions.js';
import { FileScanner } from '../pipeline/file-scan.js';
import type { RunContext, SourceStats } from '../pipeline/run-source.js';
import type { ExtractLimits } from '../extract/types.js';
import { createEngine, type Engine } from './engine.js';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, LeakwatchError } from '../errors.js';
import { Monitoring } from '../ops/metrics/monitoring.js';
import type { MonitoringServer } from '../ops/metrics/server.js';
import { productVersion } from '../alerts/product-version.js';
import type { ScanPool } from '../pipeline/pool.js';

/**
 * One workspace's side of a run: its own HTTP client (its key, its rate-limit pacing), API,
 * message sources, and a logger that names it. Everything else is shared.
 */
export interface WorkspaceRuntime {
  readonly id: string;
  readonly name: string | null;
  /** name, else id. */
  readonly label: string;
  readonly config: WorkspaceConfig;
  /** The runtime's logger with `workspace` (the id) on every line. */
  readonly log: Logger;
  readonly http: ComplianceHttp;
  readonly api: ComplianceApi;
  readonly logs: LogsSource;
  readonly conversations: ConversationsSource;
  /** The sources beyond chats (GPTs, projects, memories, canvases, automations, recordings, Codex). */
  readonly objects: Readonly<Record<ObjectSourceName, MessageSource>>;
}

/**
 * Everything a scan or the daemon needs, built in dependency order and torn down in reverse.
 * Shared: database and store, rules and pools (the engine), alert delivery and remediation.
 * Per workspace: see WorkspaceRuntime. Shutdown runs every step even when one fails (design
 * decision 7) and is idempotent.
 */
export interface Runtime {
  /** The configuration in force; a reload replaces it (keys that need a restart keep their start values). */
  readonly config: Config;
  readonly log: Logger;
  readonly db: Db;
  readonly store: Store;
  /** The rules in force and their pools; a reload replaces it (read it when you need it, do not keep it). */
  readonly engine: Engine;
  /** Private directory for downloads in progress (removed on close). */
  readonly fileTempDir: string;
  /** In config order. */
  readonly workspaces: readonly WorkspaceRuntime[];
  /** Each workspace's API by id (remediation sends a deletion to its finding's workspace). */
  readonly apis: ReadonlyMap<string, ComplianceApi>;
  /** The workspace with this id; a USAGE error naming the configured ones otherwise. */
  workspace(id: string): WorkspaceRuntime;
  /** Alert delivery and remediation from the outbox (started by the daemon and scans); a reload replaces it. */
  readonly actions: Actions;
  /** Directory of the config file (relative secret files of alert sinks resolve against it). */
  readonly configDir: string | undefined;
  /** The per-database secret that keys value hashes (workers need it). */
  readonly valueSalt: string;
  /** Aborted on shutdown: stops fetching; in-flight work still commits. */
  readonly abort: AbortController;
  /** Metrics and health; null unless asked for (RuntimeOptions.metrics): nothing is counted then. */
  readonly monitoring: Monitoring | null;
  /**
   * Starts the /metrics, /healthz and /readyz listener on metrics.listen (closed by close());
   * null when monitoring is off. Starting it twice returns the same listener.
   */
  serveMonitoring(): Promise<MonitoringServer | null>;
  /**
   * Puts a new configuration, engine and actions in force (app/reload.ts validates and builds
   * them): new batches use the new engine at once; the old engine is retired in the background
   * (its in-flight tasks finish and commit) and the old actions stopped after their current pass.
   */
  replace(next: { config: Config; engine: Engine; actions: Actions }): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides the key resolution of every workspace (tests and the demo's embedded simulator). */
  apiKey?: string;
  /** Per workspace id, overrides its key resolution (tests with several simulators). */
  apiKeys?: Readonly<Record<string, string>>;
  /** Directory of the config file: relative secret files of alert sinks resolve against it. */
  configDir?: string;
  /** Count metrics and track health (the daemon, when metrics.enabled). Default false. */
  metrics?: boolean;
}

export function createRuntime(config: Config, log: Logger, opts: RuntimeOptions = {}): Runtime {
  // Validate everything that can fail on bad input before starting threads or sockets.
  const rules = loadRules(config.rules);
  const keys = config.workspaces.map((w) => opts.apiKeys?.[w.id] ?? opts.apiKey ?? resolveApiKey(w, opts.env));
  const db = openDb(config.database.path);
  const steps: { name: string; run: () => unknown }[] = [{ name: 'database', run: () => db.close() }];
  const abort = new AbortController();
  try {
    const store = new Store(db, storeOptions(config));
    const monitoring = opts.metrics === true ? new Monitoring(config, { version: productVersion(), rulesDigest: rules.compiled.digest }) : null;
    // The rate limits are per API key: workspaces read with the same key share its pacing.
    const pacersByKey = new Map<string, ApiPacers>();
    const workspaces = config.workspaces.map((w, i): WorkspaceRuntime => {
      const wlog = log.child({ workspace: w.id });
      const options = httpOptions(w.api, keys[i] as string, wlog, abort.signal);
      const pacers = pacersByKey.get(options.apiKey) ?? createPacers(options.rateLimits, abort.signal);
      pacersByKey.set(options.apiKey, pacers);
      const http = new ComplianceHttp({ ...options, pacers, ...monitoring?.httpHooks() });
      steps.unshift({ name: `http client (${w.label})`, run: () => http.close() });
      const api = new ComplianceApi(http, w.id);
      const logs = new LogsSource(api, { pageSize: w.api.page_size.logs, log: wlog });
      const conversations = new ConversationsSource(api, {
        pageSize: w.api.page_size.conversations,
        overlapSeconds: config.sources.conversations.overlap_seconds,
        log: wlog,
      });
      const objects = createObjectSources(api, {
        log: wlog,
        // Read when a sweep asks: after a reload, the rules in force decide what is recorded.
        recorded: (key) => store.hasScannedItem(`${w.id}:${key}`, engine.rulesDigest),
        usersPageSize: w.api.page_size.users,
        logsPageSize: w.api.page_size.logs,
        sweepIntervalSeconds: config.sources.objects.sweep_minutes * 60,
      });
      return { id: w.id, name: w.name, label: w.label, config: w, log: wlog, http, api, logs, conversations, objects };
    });
    const byId = new Map(workspaces.map((w) => [w.id, w]));
    const apis = new Map(workspaces.map((w) => [w.id, w.api]));
    // The secret that keys value hashes (false-positive suppression by value; never the value itself).
    const valueSalt = getOrCreateValueSalt(db);
    let engine = createEngine(rules, config, valueSalt);
    // Monitoring reads the pool in force (a reload replaces it).
    const currentPool: ScanPool = {
      get threads() {
        return engine.pool.threads;
      },
      run: (task) => engine.pool.run(task),
      pending: () => engine.pool.pending(),
      utilization: () => engine.pool.utilization(),
      live: () => engine.pool.live(),
      close: () => engine.pool.close(),
    };
    monitoring?.watch({ db, pool: currentPool });
    const retiring = new Set<Promise<void>>();
    steps.unshift({ name: 'worker pools', run: async () => {
      await Promise.allSettled([...retiring]);
      await engine.retire();
    } });
    const base = config.files.temp_dir === '' ? tmpdir() : config.files.temp_dir;
    mkdirSync(base, { recursive: true });
    const fileTempDir = mkdtempSync(join(base, 'leakwatch-files-'));
    steps.push({ name: 'file temp dir', run: () => rmSync(fileTempDir, { recursive: true, force: true }) });
    let actions = createActions({ config, log, store, apis, metrics: monitoring?.metrics }, opts.configDir);
    steps.unshift({ name: 'alert delivery and remediation', run: () => actions.stop() });
    let current = config;
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
      get config() {
        return current;
      },
      get engine() {
        return engine;
      },
      get actions() {
        return actions;
      },
      log, db, store, fileTempDir, workspaces, configDir: opts.configDir, valueSalt, abort, close, monitoring, serveMonitoring,
      apis,
      workspace(id: string) {
        const w = byId.get(id);
        if (w === undefined) {
          throw new LeakwatchError('WORKSPACE_UNKNOWN', 'usage', `workspace ${id} is not in the configuration (configured: ${workspaces.map((x) => x.id).join(', ')})`);
        }
        return w;
      },
      async replace(next) {
        if (closed !== null || abort.signal.aborted) {
          // Shutdown began while the reload was built: its pools and delivery are nobody's to close later.
          await Promise.allSettled([next.engine.retire(), next.actions.stop()]);
          throw new LeakwatchError('SHUTTING_DOWN', 'internal', 'the daemon is shutting down: the new configuration was not applied');
        }
        const old = { engine, actions };
        store.configure(storeOptions(next.config));
        current = next.config;
        engine = next.engine;
        actions = next.actions;
        // Child loggers keep the level they were made with: each workspace's is set too.
        log.level = next.config.log.level;
        for (const w of workspaces) w.log.level = next.config.log.level;
        const retired = old.engine.retire().catch((err: unknown) => log.error({ err: errorMessage(err) }, 'closing the previous worker pools failed'));
        retiring.add(retired);
        void retired.finally(() => retiring.delete(retired));
        const wasStarted = old.actions.started();
        await old.actions.stop();
        if (wasStarted && closed === null) actions.start();
      },
    } satisfies Runtime;
  } catch (err) {
    for (const step of steps) {
      // Already failing: the first error is the one to report.
      void Promise.resolve().then(step.run).catch(() => undefined);
    }
    throw err;
  }
}

/** What the store decides new findings with (policies, digest window). */
export function storeOptions(config: Config): { policies: Policies; digestSeconds: number } {
  return { policies: new Policies(config.policies), digestSeconds: config.alerts.digest_seconds };
}


/** Tasks in flight at once in the whole process: pipeline.max_in_flight, or 4 per thread. */
export function maxInFlight(config: Config, threads: number): number {
  return config.pipeline.max_in_flight > 0 ? config.pipeline.max_in_flight : threads * 4;
}

/**
 * One workspace's share of the tasks in flight when `sharing` workspaces scan at once: an equal
 * part (at least 1), so one workspace's huge backfill cannot starve the others of the pool.
 */
export function workspaceShare(config: Config, threads: number, sharing: number): number {
  return Math.max(1, Math.floor(maxInFlight(config, threads) / Math.max(1, sharing)));
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

export interface RunOptions {
  runId: number;
  namespace: string;
  signal: AbortSignal;
  onProgress?: (stats: SourceStats) => void;
  /** Workspaces scanning at once (the daemon: all of them); their in-flight share. Default 1. */
  sharing?: number;
}

/** Everything runSource needs for one run of one workspace's source: one mapping for the daemon and scans. */
export function runContext(rt: Runtime, ws: WorkspaceRuntime, run: RunOptions): RunContext {
  const { config } = rt;
  const files = !config.files.enabled ? null : new FileScanner({
    api: ws.api, store: rt.store, engine: () => rt.engine.files, log: ws.log, workspaceId: ws.id, runId: run.runId,
    tempDir: rt.fileTempDir, limits: extractLimits(config),
    maxDownloadBytes: config.files.max_download_bytes, timeoutMs: config.files.timeout_seconds * 1000, maxDetections: MAX_DETECTIONS_PER_FILE,
  });
  return {
    store: rt.store, engine: () => rt.engine, log: ws.log, workspaceId: ws.id, runId: run.runId,
    namespace: run.namespace, batchBytes: config.pipeline.batch_bytes, maxInFlight: workspaceShare(config, rt.engine.pool.threads, run.sharing ?? 1),
    signal: run.signal, onProgress: run.onProgress, files, fileConcurrency: Math.max(1, Math.floor(config.files.concurrency / Math.max(1, run.sharing ?? 1))),
    metrics: rt.monitoring?.metrics, valueSalt: rt.valueSalt,
  };
}
