import { LeakwatchError } from '../errors.js';
import type { Db } from './db.js';
import { FINDING_STATUSES, type FindingStatus } from './queries.js';

/** One triage decision, as recorded (append-only) in finding_triage. */
export interface TriageEntry {
  id: number;
  findingId: number;
  status: FindingStatus;
  by: string;
  note: string | null;
  at: string;
}

export interface TriageChange {
  status: FindingStatus;
  by: string;
  note?: string | null;
}

export interface TriageResult {
  findingId: number;
  from: FindingStatus;
  to: FindingStatus;
  entry: TriageEntry;
}

export function isFindingStatus(s: string): s is FindingStatus {
  return (FINDING_STATUSES as readonly string[]).includes(s);
}

/** The finding's rule and value hash, or a FINDING_NOT_FOUND error naming the id. */
export function findingForTriage(db: Db, findingId: number): { id: number; status: FindingStatus; rule_id: string; value_hash: string | null } {
  const row = db.prepare('SELECT id, status, rule_id, value_hash FROM findings WHERE id = ?').get(findingId) as
    { id: number; status: FindingStatus; rule_id: string; value_hash: string | null } | undefined;
  if (row === undefined) {
    throw new LeakwatchError('FINDING_NOT_FOUND', 'usage', `finding ${findingId} does not exist (leakwatch findings lists the ids)`);
  }
  return row;
}

/**
 * Sets a finding's current status and appends the decision to its history, in one transaction
 * (nested calls become savepoints, so a caller can triage several findings all-or-nothing).
 */
export function setStatus(db: Db, findingId: number, change: TriageChange, at: Date = new Date()): TriageResult {
  if (!isFindingStatus(change.status)) {
    throw new LeakwatchError('USAGE', 'usage', `status ${JSON.stringify(change.status)} is not one of ${FINDING_STATUSES.join(', ')}`);
  }
  return db.transaction((): TriageResult => {
    const before = findingForTriage(db, findingId);
    const when = at.toISOString();
    const note = change.note ?? null;
    db.prepare('UPDATE findings SET status = ? WHERE id = ?').run(change.status, findingId);
    const info = db.prepare('INSERT INTO finding_triage (finding_id, status, by_user, note, at) VALUES (?, ?, ?, ?, ?)')
      .run(findingId, change.status, change.by, note, when);
    return {
      findingId,
      from: before.status,
      to: change.status,
      entry: { id: Number(info.lastInsertRowid), findingId, status: change.status, by: change.by, note, at: when },
    };
  })();
}

/** Every triage decision on this finding, oldest first (empty for a finding never triaged). */
export function triageHistory(db: Db, findingId: number): TriageEntry[] {
  return db
    .prepare(`SELECT id, finding_id AS findingId, status, by_user AS by, note, at FROM finding_triage WHERE finding_id = ? ORDER BY id`)
    .all(findingId) as TriageEntry[];
}
