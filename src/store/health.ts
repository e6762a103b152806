import type { Db } from './db.js';

/**
 * Store reads and writes for monitoring (/readyz and the scrape-time gauges). Cheap: indexed
 * reads of small sets, and one single-row write.
 */

/**
 * A real committed write (the `heartbeat` settings row set to `at`), so readiness proves the
 * database accepts writes: not read-only, not full, not held by another process's lock. Waits at
 * most `busyMs` for such a lock instead of the connection's usual busy_timeout, because it runs
 * on the event loop of a probe.
 */
export function writeHeartbeat(db: Db, at: Date, busyMs: number): void {
  const prior = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyMs))}`);
  try {
    db.prepare(`INSERT INTO settings (key, value) VALUES ('heartbeat', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(at.toISOString());
  } finally {
    db.pragma(`busy_timeout = ${prior}`);
  }
}

export interface CheckpointRow {
  source: string;
  state: string;
  updatedAt: string;
}

/** Every workspace's daemon checkpoints (namespaces `daemon:<workspace id>`). */
export function daemonCheckpoints(db: Db): CheckpointRow[] {
  return db.prepare(`SELECT source, state, updated_at AS updatedAt FROM checkpoints WHERE namespace LIKE 'daemon:%' ORDER BY source`).all() as CheckpointRow[];
}

/**
 * Outbox rows still to act on or given up, by kind, sink and status. Only pending and dead
 * rows: the index on (kind, status) keeps this small however long the sent history grows.
 */
export function outboxDepth(db: Db): { kind: string; sink: string | null; status: string; n: number }[] {
  return db.prepare(`SELECT kind, sink, status, COUNT(*) AS n FROM outbox WHERE kind IN ('alert', 'delete') AND status IN ('pending', 'dead')
    GROUP BY kind, sink, status ORDER BY kind, sink, status`).all() as { kind: string; sink: string | null; status: string; n: number }[];
}
