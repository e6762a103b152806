import type { ObjectSourceName } from '../config/schema.js';
import type { LogsCheckpoint } from '../compliance/logs-source.js';
import { defaultSleep } from '../compliance/pacer.js';
import { isRefusal } from '../compliance/client.js';
import { runSource } from '../pipeline/run-source.js';
import { errorMessage, LeakwatchError } from '../errors.js';
import { runContext, type Runtime, type WorkspaceRuntime } from './runtime.js';

/** The object sources read from the logs feed: polled every cycle, like the messages. */
export const FEED_SOURCES: readonly ObjectSourceName[] = ['codex_logs', 'custom_agent_logs'];

/** How often the sweep loop looks whether a sweep is due (and how soon a failed one is retried). */
const SWEEP_TICK_MS = 60_000;

export interface SweepOptions {
  runId: number;
  /** Stops the sweeps (the runtime's shutdown, or the workspace's message loop failing). */
  signal: AbortSignal;
  namespace: string;
  now: () => number;
  /** Called after each sweep that ran (tests and the daemon's log). */
  onSweep?: (source: ObjectSourceName, outcome: { findingsNew: number; itemsScanned: number } | { error: string }) => void;
  /** Stop after this many rounds (tests); default: until aborted. */
  rounds?: number;
}

/**
 * The enabled logs-feed object sources (Codex and custom-agent prompts), each from its own
 * daemon checkpoint; a first run starts at the initial lookback, as the messages do.
 */
export function feedSources(rt: Runtime): ObjectSourceName[] {
  return rt.config.sources.objects.enabled.filter((s) => FEED_SOURCES.includes(s));
}

/** Sets a logs-feed object source's first checkpoint (the initial lookback) if it has none. */
export function initFeedCheckpoint(rt: Runtime, namespace: string, source: ObjectSourceName, now: number): void {
  if (rt.store.getCheckpoint<LogsCheckpoint>(namespace, source) !== null) return;
  const after = new Date(now - rt.config.daemon.initial_lookback_hours * 3_600_000).toISOString();
  rt.store.setCheckpoint({ namespace, source, state: { after, doneAtBoundary: [] } satisfies LogsCheckpoint });
}

/**
 * The daemon's sweeps of one workspace's object listings (GPTs, projects, memories, canvases,
 * automations, recordings, Codex), beside its message loop so that a long sweep (a listing per
 * user) never delays the messages. Each source resumes from its own checkpoint; a source the
 * workspace does not offer (404) or a failing one is logged and tried again at the next round,
 * without stopping the others or the messages. A refused key ends the loop (the message loop
 * reports it).
 */
export async function sweepLoop(rt: Runtime, ws: WorkspaceRuntime, opts: SweepOptions): Promise<void> {
  const { signal } = opts;
  let rounds = 0;
  while (!signal.aborted) {
    // Each source decides from its checkpoint whether a sweep is due (sources.objects.sweep_minutes
    // after the last one ended, or at once to finish an interrupted one); one that is not yields nothing.
    const sweeps = rt.config.sources.objects.enabled.filter((s) => !FEED_SOURCES.includes(s));
    for (const source of sweeps) {
      if (signal.aborted) return;
      try {
        const stats = await runSource(runContext(rt, ws, { runId: opts.runId, namespace: opts.namespace, signal, sharing: rt.workspaces.length }), ws.objects[source], { since: 0, until: null });
        if (stats.complete && stats.units > 0) {
          ws.log.info({ source, scanned: stats.itemsScanned, alreadyScanned: stats.alreadyScanned, findingsNew: stats.findingsNew }, 'sweep done');
          opts.onSweep?.(source, { findingsNew: stats.findingsNew, itemsScanned: stats.itemsScanned });
        }
      } catch (err) {
        if (signal.aborted) return;
        if (isRefusal(err)) throw err;
        ws.log.error({ source, code: err instanceof LeakwatchError ? err.code : undefined, err: errorMessage(err) }, `sweep of ${source} failed; trying again at the next round`);
        opts.onSweep?.(source, { error: errorMessage(err) });
      }
    }
    rounds++;
    if (opts.rounds !== undefined && rounds >= opts.rounds) return;
    await defaultSleep(SWEEP_TICK_MS, signal);
  }
}
