import { defaultSleep } from '../compliance/pacer.js';
import type { LogsCheckpoint } from '../compliance/logs-source.js';
import { runSource, type SourceStats } from '../pipeline/run-source.js';
import { errorMessage, LeakwatchError } from '../errors.js';
import { runContext, type Runtime } from './runtime.js';
import { syncUsers } from './users.js';
import { RETENTION_INTERVAL_MS, runRetention } from './retention.js';

export const DAEMON_NAMESPACE = 'daemon';
const USER_SYNC_INTERVAL_MS = 3_600_000;

export interface DaemonOptions {
  /** Stop after this many poll cycles (tests); default: until aborted. */
  cycles?: number;
  onCycle?: (stats: SourceStats, cycle: number) => void;
  now?: () => number;
}

/**
 * Incremental mode: every poll reads the logs feed from the daemon's own checkpoint, so new
 * messages (of new or old conversations) are scanned once. A retroactive scan never moves this
 * checkpoint.
 */
export async function runDaemon(rt: Runtime, opts: DaemonOptions = {}): Promise<void> {
  const { store, config, log } = rt;
  const now = opts.now ?? Date.now;
  const signal = rt.abort.signal;
  if (store.getCheckpoint<LogsCheckpoint>(DAEMON_NAMESPACE, 'logs') === null) {
    const start = new Date(now() - config.daemon.initial_lookback_hours * 3_600_000).toISOString();
    store.setCheckpoint({ namespace: DAEMON_NAMESPACE, source: 'logs', state: { after: start, doneAtBoundary: [] } satisfies LogsCheckpoint });
    log.info({ after: start }, 'no daemon checkpoint yet: starting from the initial lookback');
  }
  // Alerts and deletions are delivered from the outbox alongside scanning, never in its way.
  rt.actions.start();
  const runId = store.startRun('daemon', { workspace: config.workspace_id, pollIntervalSeconds: config.daemon.poll_interval_seconds }, null);
  let lastUserSync = 0;
  let lastPurge = -Infinity;
  let cycle = 0;
  let status: 'completed' | 'failed' = 'completed';
  try {
    while (!signal.aborted) {
      cycle++;
      if (now() - lastUserSync >= USER_SYNC_INTERVAL_MS) {
        try {
          await syncUsers(rt.api, store, config.api.page_size.users);
          lastUserSync = now();
        } catch (err) {
          if (signal.aborted) break;
          log.warn({ err: errorMessage(err) }, 'user sync failed; continuing with the users already known');
        }
      }
      if (now() - lastPurge >= RETENTION_INTERVAL_MS) {
        lastPurge = now();
        await runRetention(rt, signal, new Date(lastPurge));
        if (signal.aborted) break;
      }
      let stats: SourceStats;
      try {
        stats = await runSource(runContext(rt, { runId, namespace: DAEMON_NAMESPACE, signal }), rt.logs, { since: 0, until: null });
      } catch (err) {
        // An API outage outlasting the retries is logged and retried next cycle; auth errors end the daemon.
        if (!(err instanceof LeakwatchError) || err.code !== 'API_UNAVAILABLE') throw err;
        log.error({ code: err.code, err: err.message }, 'poll cycle failed; retrying at the next interval');
        await defaultSleep(config.daemon.poll_interval_seconds * 1000, signal);
        continue;
      }
      log.info(
        { cycle, units: stats.units, scanned: stats.itemsScanned, alreadyScanned: stats.alreadyScanned, findingsNew: stats.findingsNew, errors: stats.errors },
        'poll cycle done',
      );
      opts.onCycle?.(stats, cycle);
      if (opts.cycles !== undefined && cycle >= opts.cycles) break;
      await defaultSleep(config.daemon.poll_interval_seconds * 1000, signal);
    }
  } catch (err) {
    status = 'failed';
    throw err;
  } finally {
    store.finishRun(runId, status, { cycles: cycle });
  }
}
