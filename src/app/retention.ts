import { errorMessage } from '../errors.js';
import { purge, retentionEnabled } from '../store/retention.js';
import type { Runtime } from './runtime.js';

/** The daemon purges at start and then once a day. */
export const RETENTION_INTERVAL_MS = 86_400_000;

/**
 * One retention purge in the daemon, logged with its counts per table. A failure is logged and
 * tried again at the next interval: retention never stops scanning.
 */
export async function runRetention(rt: Pick<Runtime, 'db' | 'config' | 'log'>, signal: AbortSignal, now: Date = new Date()): Promise<void> {
  if (!retentionEnabled(rt.config.retention)) return;
  try {
    const r = await purge(rt.db, rt.config.retention, { now, signal });
    const deleted = Object.fromEntries(r.tables.filter((t) => t.days > 0).map((t) => [t.table, t.deleted]));
    const kept = Object.fromEntries(r.tables.filter((t) => t.kept > 0).map((t) => [t.table, t.kept]));
    rt.log.info({ deleted, keptOlder: kept, checkpoints: r.checkpoints, pagesReleased: r.pagesReleased, freePages: r.freePages, stopped: r.stopped }, 'retention purge done');
  } catch (err) {
    rt.log.warn({ err: errorMessage(err) }, 'retention purge failed; trying again at the next interval');
  }
}
