import { createHash } from 'node:crypto';
import type { Db, Statement } from './db.js';
import type { Decision } from '../policy/match.js';

/**
 * The outbox (design decision 5): alerts and deletions a policy asked for, written in the same
 * transaction as the finding, delivered afterwards by alerts/delivery.ts and remediate/. A sink
 * outage delays rows here; it never blocks or loses a scan, and a crash between commit and
 * delivery leaves the row pending, so it is delivered after the restart (once: its idempotency
 * key travels with it).
 */

export type OutboxKind = 'alert' | 'delete';

export interface OutboxRow {
  id: number;
  kind: OutboxKind;
  finding_id: number;
  policy: string;
  sink: string | null;
  digest_key: string | null;
  key: string;
  status: 'pending' | 'sent' | 'dead' | 'dry-run';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}

export interface EnqueueContext {
  findingId: number;
  fingerprint: string;
  workspaceId: string;
  conversationId: string | null;
  at: Date;
  /** 0: one alert per finding; N: findings of a policy, sink and conversation in an N-second window share one delivery. */
  digestSeconds: number;
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);

export class Outbox {
  private readonly insert: Statement;

  constructor(private readonly db: Db) {
    // A deletion only dry-run so far is queued again by a new finding (remediation may be on now).
    this.insert = db.prepare(`INSERT INTO outbox (kind, finding_id, policy, sink, digest_key, key, status, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
      ON CONFLICT(key) DO UPDATE SET status = 'pending', finding_id = excluded.finding_id, next_attempt_at = excluded.next_attempt_at
      WHERE outbox.status = 'dry-run'`);
  }

  /** Rows for one new finding's decision (inside the caller's transaction). */
  enqueue(d: Decision, c: EnqueueContext): void {
    const now = c.at.toISOString();
    for (const sink of d.alert) {
      if (c.digestSeconds > 0) {
        // The window the finding falls in; the digest goes out when the window closes.
        const bucket = Math.floor(c.at.getTime() / (c.digestSeconds * 1000));
        const digest = `${d.policy}|${sink}|${c.workspaceId}|${c.conversationId ?? '-'}|${bucket}`;
        const due = new Date((bucket + 1) * c.digestSeconds * 1000).toISOString();
        this.insert.run('alert', c.findingId, d.policy, sink, digest, `alert:${hash(`${digest}|${c.fingerprint}`)}`, due, now);
      } else {
        this.insert.run('alert', c.findingId, d.policy, sink, null, `alert:${hash(`${d.policy}|${sink}|${c.fingerprint}`)}`, now, now);
      }
    }
    // A conversation is deleted at most once, whatever the number of findings in it.
    if (d.delete && c.conversationId !== null) {
      this.insert.run('delete', c.findingId, d.policy, null, null, `delete:${c.workspaceId}:${c.conversationId}`, now, now);
    }
  }

  /** Pending rows of a kind that are due, oldest first. */
  due(kind: OutboxKind, now: Date, limit: number): OutboxRow[] {
    return this.db
      .prepare(`SELECT * FROM outbox WHERE kind = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
      .all(kind, now.toISOString(), limit) as OutboxRow[];
  }

  /** Pending rows of one sink that are due, oldest first. */
  dueForSink(sink: string, now: Date, limit: number): OutboxRow[] {
    return this.db
      .prepare(`SELECT * FROM outbox WHERE kind = 'alert' AND sink = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
      .all(sink, now.toISOString(), limit) as OutboxRow[];
  }

  /** Sinks with pending alerts (including ones no longer configured). */
  pendingSinks(): string[] {
    return (this.db.prepare(`SELECT DISTINCT sink FROM outbox WHERE kind = 'alert' AND status = 'pending'`).all() as { sink: string }[]).map((r) => r.sink);
  }

  /** All pending rows of one digest (delivered together). */
  digestRows(digestKey: string): OutboxRow[] {
    return this.db.prepare(`SELECT * FROM outbox WHERE digest_key = ? AND status = 'pending' ORDER BY id`).all(digestKey) as OutboxRow[];
  }

  markSent(ids: readonly number[], at: Date): void {
    const stmt = this.db.prepare(`UPDATE outbox SET status = 'sent', attempts = attempts + 1, done_at = ?, last_error = NULL WHERE id = ?`);
    this.db.transaction(() => {
      for (const id of ids) stmt.run(at.toISOString(), id);
    })();
  }

  /** A failed attempt: retried at `next`, or dead when `dead` (attempts exhausted or a permanent refusal). */
  markFailed(ids: readonly number[], error: string, next: Date, dead: boolean): void {
    const stmt = this.db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
      status = CASE WHEN ? THEN 'dead' ELSE status END, done_at = CASE WHEN ? THEN ? ELSE done_at END WHERE id = ?`);
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const id of ids) stmt.run(error.slice(0, 500), next.toISOString(), dead ? 1 : 0, dead ? 1 : 0, now, id);
    })();
  }

  /** A deletion recorded as a dry run (remediation.enabled false). */
  markDryRun(id: number, at: Date): void {
    this.db.prepare(`UPDATE outbox SET status = 'dry-run', done_at = ? WHERE id = ?`).run(at.toISOString(), id);
  }

  /** Dead rows back to pending (`leakwatch alerts retry`); returns how many. */
  revive(kind: OutboxKind, at: Date, sink?: string): number {
    const info = this.db
      .prepare(`UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, done_at = NULL WHERE kind = ? AND status = 'dead' ${sink ? 'AND sink = ?' : ''}`)
      .run(...[at.toISOString(), kind, ...(sink ? [sink] : [])]);
    return info.changes;
  }

  counts(): { kind: string; sink: string | null; status: string; n: number }[] {
    return this.db.prepare('SELECT kind, sink, status, COUNT(*) AS n FROM outbox GROUP BY kind, sink, status ORDER BY kind, sink, status').all() as {
      kind: string; sink: string | null; status: string; n: number;
    }[];
  }
}
