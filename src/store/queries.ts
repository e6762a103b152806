import type { Db } from './db.js';
import type { RunRow } from './store.js';

/** Read-side queries for the CLI (`findings`, `status`) and reports. */

export interface FindingFilter {
  rule?: string;
  user?: string;
  since?: string;
  severity?: string;
  runId?: number;
  limit?: number;
}

export interface FindingView {
  id: number;
  fingerprint: string;
  workspace_id: string;
  source: string;
  source_kind: string;
  conversation_id: string | null;
  message_id: string | null;
  file_id: string | null;
  user_id: string | null;
  user_email: string | null;
  author_role: string | null;
  message_time: string | null;
  start_offset: number;
  end_offset: number;
  rule_id: string;
  category: string;
  severity: string;
  confidence: string;
  preview: string;
  first_seen_at: string;
  run_id: number;
}

const SEVERITY_ORDER = ['low', 'medium', 'high', 'critical'];

export function listFindings(db: Db, f: FindingFilter): FindingView[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.rule !== undefined) {
    where.push('rule_id = ?');
    args.push(f.rule);
  }
  if (f.user !== undefined) {
    where.push('(user_email = ? OR user_id = ?)');
    args.push(f.user, f.user);
  }
  if (f.since !== undefined) {
    where.push('message_time >= ?');
    args.push(f.since);
  }
  if (f.severity !== undefined) {
    // --severity high means "high or worse".
    const at = SEVERITY_ORDER.indexOf(f.severity);
    const levels = SEVERITY_ORDER.slice(Math.max(0, at));
    where.push(`severity IN (${levels.map(() => '?').join(', ')})`);
    args.push(...levels);
  }
  if (f.runId !== undefined) {
    where.push('run_id = ?');
    args.push(f.runId);
  }
  const sql = `SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY message_time, id ${f.limit ? 'LIMIT ?' : ''}`;
  if (f.limit) args.push(f.limit);
  return db.prepare(sql).all(...args) as FindingView[];
}

export function countFindingsInRange(db: Db, workspaceId: string, runId: number, since: string, until: string | null): number {
  const row = db
    .prepare(`SELECT COUNT(*) AS n FROM findings WHERE workspace_id = ? AND (run_id = ? OR (message_time >= ? AND (? IS NULL OR message_time < ?)))`)
    .get(workspaceId, runId, since, until, until) as { n: number };
  return row.n;
}

export interface CountRow {
  key: string;
  n: number;
}

export function findingsByRule(db: Db, runId?: number): CountRow[] {
  return db
    .prepare(`SELECT rule_id AS key, COUNT(*) AS n FROM findings ${runId !== undefined ? 'WHERE run_id = ?' : ''} GROUP BY rule_id ORDER BY n DESC, key`)
    .all(...(runId !== undefined ? [runId] : [])) as CountRow[];
}

export function findingsByUser(db: Db, runId?: number, limit = 10): CountRow[] {
  return db
    .prepare(`SELECT COALESCE(user_email, user_id, '(unknown)') AS key, COUNT(*) AS n FROM findings ${runId !== undefined ? 'WHERE run_id = ?' : ''}
      GROUP BY key ORDER BY n DESC, key LIMIT ?`)
    .all(...(runId !== undefined ? [runId, limit] : [limit])) as CountRow[];
}

export interface StatusView {
  checkpoints: { namespace: string; source: string; state: string; updated_at: string }[];
  lastRuns: RunRow[];
  totals: { findings: number; scanned: number; errors: number; users: number };
  recentErrors: { at: string; source: string; item_key: string; code: string; message: string }[];
}

export function status(db: Db): StatusView {
  const one = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  return {
    checkpoints: db.prepare('SELECT namespace, source, state, updated_at FROM checkpoints ORDER BY namespace, source').all() as StatusView['checkpoints'],
    lastRuns: db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 5').all() as RunRow[],
    totals: {
      findings: one('SELECT COUNT(*) AS n FROM findings'),
      scanned: one('SELECT COUNT(*) AS n FROM scanned_items'),
      errors: one('SELECT COUNT(*) AS n FROM scan_errors'),
      users: one('SELECT COUNT(*) AS n FROM users'),
    },
    recentErrors: db.prepare('SELECT at, source, item_key, code, message FROM scan_errors ORDER BY id DESC LIMIT 10').all() as StatusView['recentErrors'],
  };
}
