import { defaultSleep } from '../compliance/pacer.js';
import type { LogsCheckpoint } from '../compliance/logs-source.js';
import { RETENTION_INTERVAL_MS, runRetention } from './retention.js';
import { DaemonService, type LoopService } from './service.js';
import { noNotifier, type Notifier } from '../ops/systemd/notify.js';
import type { Config } from '../config/schema.js';
import { runSource, type SourceStats } from '../pipeline/run-source.js';
import { errorMessage, LeakwatchError } from '../errors.js';
import { runContext, type Runtime, type WorkspaceRuntime } from './runtime.js';
import { reloadRuntime, type ReloadOutcome } from './reload.js';
import { syncUsers } from './users.js';
import { isRefusal } from '../compliance/client.js';
import { feedSources, initFeedCheckpoint, sweepLoop, type SweepOptions } from './sweeps.js';
import { checkMalwareAtStart } from '../malware/scan.js';
import { POSTURE_PROVIDERS, runPostureTarget } from './posture.js';

/** The checkpoint namespace of databases from before several workspaces (migration 5 renames it). */
export const LEGACY_DAEMON_NAMESPACE = 'daemon';
/** Each workspace's daemon checkpoint: `daemon:<workspace id>`. A retroactive scan never moves it. */
export function daemonNamespace(workspaceId: string): string {
  return `daemon:${workspaceId}`;
}
const USER_SYNC_INTERVAL_MS = 3_600_000;

export type ReloadPhase = 'start' | 'applied' | 'rejected';

/** One workspace's poll loop as the daemon sees it (for status lines and metrics). */
export interface WorkspaceState {
  id: string;
  label: string;
  status: 'running' | 'stopped' | 'failed';
  cycles: number;
  /** Why it stopped, when status is failed (e.g. the key was refused). */
  error: string | null;
}

export interface DaemonOptions {
  /** Stop each workspace's loop after this many poll cycles (tests); default: until aborted. */
  cycles?: number;
  onCycle?: (stats: SourceStats, cycle: number, workspaceId: string) => void;
  now?: () => number;
  /** Reads the configuration again for a reload (the CLI: the same file). Without it, reload() is rejected. */
  loadConfig?: () => Config;
  /**
   * Called around every reload: 'start' before anything is read, then 'applied' or 'rejected'.
   * For the systemd notifier: RELOADING=1 on 'start', READY=1 on either end.
   */
  onReload?: (phase: ReloadPhase, outcome?: ReloadOutcome) => void;
  /** Called after each sweep of an object source (tests). */
  onSweep?: SweepOptions['onSweep'];
  /** Called when a workspace's loop starts, fails or stops. */
  onWorkspaceState?: (state: WorkspaceState) => void;
  /**
   * systemd notifications (READY/STATUS/WATCHDOG/STOPPING); default none. The caller owns it
   * and closes it; a reload sends `reloading()` then `ready()` through it.
   */
  notifier?: Notifier;
}

export interface Daemon {
  /** Settles when every workspace's loop has ended; rejects only if every workspace failed. */
  done: Promise<void>;
  /** Re-reads and applies the configuration (SIGHUP); reloads are serialised. */
  reload(): Promise<ReloadOutcome>;
  workspaces(): WorkspaceState[];
}

/**
 * Incremental mode: each workspace polls its logs feed from its own checkpoint in its own loop,
 * all at once, sharing the worker pool fairly (each gets an equal share of the tasks in flight).
 * A workspace whose loop fails for good (its key refused, an internal error) stops with the
 * error logged and recorded on its run; the others keep going. Only when every workspace has
 * failed does the daemon fail.
 */
export function startDaemon(rt: Runtime, opts: DaemonOptions = {}): Daemon {
  const states = rt.workspaces.map((w): WorkspaceState => ({ id: w.id, label: w.label, status: 'running', cycles: 0, error: null }));
  const now = opts.now ?? Date.now;
  const notifier = opts.notifier ?? noNotifier();
  const service = new DaemonService(rt, notifier, now);
  /** A workspace refused before its loop started still gets a failed run: `leakwatch status` shows why. */
  const recordRefused = (ws: WorkspaceRuntime, err: unknown): void => {
    const runId = rt.store.startRun('daemon', { workspace: ws.id, pollIntervalSeconds: rt.config.daemon.poll_interval_seconds }, null);
    rt.store.finishRun(runId, 'failed', { cycles: 0, error: errorMessage(err) });
  };
  const fail = (ws: WorkspaceRuntime, state: WorkspaceState, err: unknown): void => {
    state.status = 'failed';
    state.error = errorMessage(err);
    opts.onWorkspaceState?.({ ...state });
    const others = states.filter((s) => s.status === 'running').length;
    ws.log.error(
      { code: err instanceof LeakwatchError ? err.code : undefined, err: state.error, stillRunning: others },
      `workspace ${ws.label} stopped: ${state.error}${others > 0 ? ' (the other workspaces keep running; restart after fixing it)' : ''}`,
    );
  };

  const run = async (): Promise<void> => {
    // Monitoring first: a port already taken fails the start before anything runs.
    await rt.serveMonitoring();
    // Alerts and deletions are delivered from the outbox alongside scanning, never in its way.
    rt.actions.start();
    // Never stops the daemon: files record MALWARE_CLAMD_UNREACHABLE until clamd answers.
    if (rt.config.files.enabled) await checkMalwareAtStart(rt.engine.files.malware, rt.log, { fatal: false });
    service.start();
    let refused: Map<string, unknown> | null;
    try {
      refused = await service.becomeReady(rt.workspaces);
    } catch (err) {
      // Every workspace's key was refused.
      rt.workspaces.forEach((ws, i) => {
        recordRefused(ws, err);
        fail(ws, states[i] as WorkspaceState, err);
      });
      service.stop(err);
      throw err;
    }
    if (refused === null) {
      service.stop();
      return;
    }
    // Retention is one purge for the whole database: at start, then once a day, beside the
    // workspace loops (in batches, so they keep writing and the watchdog keeps seeing progress).
    const retention = new AbortController();
    const purging = (async () => {
      const signal = AbortSignal.any([rt.abort.signal, retention.signal]);
      while (!signal.aborted) {
        await runRetention(rt, signal, new Date(now()));
        await defaultSleep(RETENTION_INTERVAL_MS, signal);
      }
    })();
    // Inventory and posture (workspaces, and the organization when admin is on): at start, then
    // every inventory.refresh_minutes, beside the loops. A failed run is logged and tried again.
    const posture = (async () => {
      const minutes = rt.config.inventory.refresh_minutes;
      if (minutes === 0) return;
      const signal = AbortSignal.any([rt.abort.signal, retention.signal]);
      while (!signal.aborted) {
        await runPostureRound(rt);
        await defaultSleep(minutes * 60_000, signal);
      }
    })();
    const loops = rt.workspaces.map(async (ws, i) => {
      const state = states[i] as WorkspaceState;
      const why = refused.get(ws.id);
      if (why !== undefined) {
        recordRefused(ws, why);
        fail(ws, state, why);
        throw why;
      }
      opts.onWorkspaceState?.({ ...state });
      const loop = service.loop(ws);
      try {
        await workspaceLoop(rt, ws, state, loop, opts, () => states.filter((s) => s.status === 'running').length);
        state.status = 'stopped';
        opts.onWorkspaceState?.({ ...state });
      } catch (err) {
        fail(ws, state, err);
        throw err;
      } finally {
        loop.end();
      }
    });
    const results = await Promise.allSettled(loops);
    retention.abort();
    await Promise.all([purging, posture]);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const failure: unknown = failures.length > 0 && failures.length === results.length ? failures[0]?.reason : undefined;
    service.stop(failure);
    if (failure !== undefined) throw failure;
  };
  const done = run();

  let chain: Promise<unknown> = Promise.resolve();
  const reload = (): Promise<ReloadOutcome> => {
    const once = async (): Promise<ReloadOutcome> => {
      if (rt.abort.signal.aborted) return { status: 'rejected', problems: ['reload: the daemon is shutting down'], ignored: [] };
      opts.onReload?.('start');
      notifier.reloading('reloading the configuration');
      rt.log.info('reloading the configuration');
      let outcome: ReloadOutcome;
      try {
        outcome = opts.loadConfig === undefined
          ? { status: 'rejected', problems: ['reload: this daemon was started without a config file to read again'], ignored: [] }
          : await reloadRuntime(rt, opts.loadConfig);
      } catch (err) {
        outcome = { status: 'rejected', problems: [`reload: ${errorMessage(err)}`], ignored: [] };
      }
      if (outcome.ignored.length > 0) {
        rt.log.warn({ keys: outcome.ignored }, `reload: these keys changed but need a restart; their running values are kept: ${outcome.ignored.join(', ')}`);
      }
      if (outcome.status === 'applied') {
        rt.log.info({ rules: rt.engine.rules.compiled.rules.length, rulesDigest: rt.engine.rulesDigest, policies: rt.config.policies.length }, 'configuration reloaded');
        notifier.ready(`configuration reloaded: ${rt.engine.rules.compiled.rules.length} rules`);
      } else {
        rt.log.error({ problems: outcome.problems }, `reload rejected, still running with the previous configuration: ${outcome.problems.join('; ')}`);
        notifier.ready('reload rejected: still running with the previous configuration (see the log)');
      }
      opts.onReload?.(outcome.status, outcome);
      return outcome;
    };
    const next = chain.then(once, once);
    chain = next.catch(() => undefined);
    return next;
  };

  return { done, reload, workspaces: () => states.map((s) => ({ ...s })) };
}

/** startDaemon until it ends. */
export async function runDaemon(rt: Runtime, opts: DaemonOptions = {}): Promise<void> {
  await startDaemon(rt, opts).done;
}

/** `running` counts the workspace loops still going: a stopped one gives its share of the pool back. */
async function workspaceLoop(
  rt: Runtime, ws: WorkspaceRuntime, state: WorkspaceState, service: LoopService, opts: DaemonOptions, running: () => number,
): Promise<void> {
  const { store } = rt;
  const log = ws.log;
  const now = opts.now ?? Date.now;
  const signal = rt.abort.signal;
  const namespace = daemonNamespace(ws.id);
  if (store.getCheckpoint<LogsCheckpoint>(namespace, 'logs') === null) {
    // A database from before several workspaces whose daemon run was never recorded: with one
    // workspace configured, its checkpoint is this workspace's (migration 5 handles the rest).
    if (rt.workspaces.length === 1 && store.renameCheckpoints(LEGACY_DAEMON_NAMESPACE, namespace) > 0) {
      log.info({ namespace }, 'daemon checkpoint carried over from the single-workspace form');
    }
  }
  if (store.getCheckpoint<LogsCheckpoint>(namespace, 'logs') === null) {
    const start = new Date(now() - rt.config.daemon.initial_lookback_hours * 3_600_000).toISOString();
    store.setCheckpoint({ namespace, source: 'logs', state: { after: start, doneAtBoundary: [] } satisfies LogsCheckpoint });
    log.info({ after: start }, 'no daemon checkpoint yet: starting from the initial lookback');
  }
  const runId = store.startRun('daemon', { workspace: ws.id, pollIntervalSeconds: rt.config.daemon.poll_interval_seconds }, null);
  let lastUserSync = 0;
  let status: 'completed' | 'failed' = 'completed';
  let error: string | null = null;
  // The object listings are swept beside the message loop (a sweep can take long); in a bounded
  // run (tests) it does one round and is waited for.
  const stopSweeps = new AbortController();
  const sweeping = sweepLoop(rt, ws, { runId, namespace, now, signal: AbortSignal.any([signal, stopSweeps.signal]), rounds: opts.cycles === undefined ? undefined : 1, onSweep: opts.onSweep })
    .catch((err: unknown) => {
      if (!signal.aborted && !stopSweeps.signal.aborted) log.error({ err: errorMessage(err) }, `object sweeps stopped: ${errorMessage(err)}`);
    });
  try {
    while (!signal.aborted) {
      const cycle = state.cycles + 1;
      service.beat();
      if (now() - lastUserSync >= USER_SYNC_INTERVAL_MS) {
        try {
          await syncUsers(ws.api, store, ws.config.api.page_size.users, service.beat);
          lastUserSync = now();
        } catch (err) {
          if (signal.aborted) break;
          if (isRefusal(err)) throw err;
          log.warn({ err: errorMessage(err) }, 'user sync failed; continuing with the users already known');
        }
      }
      let stats: SourceStats;
      try {
        const ctx = runContext(rt, ws, { runId, namespace, signal, sharing: running(), onProgress: service.progress(cycle) });
        stats = await runSource(ctx, ws.logs, { since: 0, until: null });
        // The Codex and custom-agent prompts of the logs feed, each from its own checkpoint.
        // A failing one (not offered here, a bad page) is logged and tried again next cycle: it
        // never stops the messages. A refused key ends the workspace as for the messages.
        for (const feed of feedSources(rt)) {
          initFeedCheckpoint(rt, namespace, feed, now());
          try {
            const fed = await runSource(runContext(rt, ws, { runId, namespace, signal, sharing: running() }), ws.objects[feed], { since: 0, until: null });
            stats.findingsNew += fed.findingsNew;
            stats.itemsScanned += fed.itemsScanned;
            stats.errors += fed.errors;
          } catch (err) {
            if (signal.aborted || isRefusal(err)) throw err;
            stats.errors++;
            log.error({ source: feed, code: err instanceof LeakwatchError ? err.code : undefined, err: errorMessage(err) }, `${feed} failed; the messages go on, ${feed} is tried again next cycle`);
          }
        }
      } catch (err) {
        // An API outage outlasting the retries is logged and retried next cycle; auth errors end this workspace.
        if (!(err instanceof LeakwatchError) || err.code !== 'API_UNAVAILABLE') throw err;
        rt.monitoring?.metrics.daemonCycle('failed');
        log.error({ code: err.code, err: err.message }, 'poll cycle failed; retrying at the next interval');
        service.cycleFailed(cycle, err);
        await service.sleep(rt.config.daemon.poll_interval_seconds * 1000);
        continue;
      }
      rt.monitoring?.metrics.daemonCycle('ok');
      state.cycles = cycle;
      log.info(
        { cycle, units: stats.units, scanned: stats.itemsScanned, alreadyScanned: stats.alreadyScanned, findingsNew: stats.findingsNew, errors: stats.errors },
        'poll cycle done',
      );
      service.cycleDone(cycle, stats);
      opts.onCycle?.(stats, cycle, ws.id);
      if (opts.cycles !== undefined && cycle >= opts.cycles) break;
      await service.sleep(rt.config.daemon.poll_interval_seconds * 1000);
    }
  } catch (err) {
    status = 'failed';
    error = errorMessage(err);
    stopSweeps.abort();
    throw err;
  } finally {
    await sweeping;
    store.finishRun(runId, status, { cycles: state.cycles, ...(error === null ? {} : { error }) });
  }
}

/** One posture run of every target (each workspace, the organization); one failing does not stop the others. */
async function runPostureRound(rt: Runtime): Promise<void> {
  for (const target of POSTURE_PROVIDERS.flatMap((p) => p.targets(rt, undefined))) {
    if (rt.abort.signal.aborted) return;
    try {
      const report = await runPostureTarget(rt, target, { refresh: true });
      rt.log.info({ scope: target.scope, subject: target.subjectId, score: report.score, failing: report.results.filter((r) => r.status === 'fail').length, newFindings: report.newFindings }, 'posture run done');
    } catch (err) {
      if (rt.abort.signal.aborted) return;
      rt.log.error({ scope: target.scope, subject: target.subjectId, err: errorMessage(err) }, 'posture run failed; trying again at the next refresh');
    }
  }
}

