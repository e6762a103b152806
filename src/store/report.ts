import type { Db } from './db.js';
import type { CountRow, FindingStatus } from './queries.js';

/**
 * Read-side queries behind the report page (`leakwatch serve`, `leakwatch report`). A finding's
 * time is when its message was sent, or when leakwatch first saw it if the message time is
 * unknown; ranges are [from, to) on that time, as ISO 8601 UTC strings (compared as text, which
 * orders them because every writer uses Date.toISOString()).
 */

export interface FindingScope {
  /** Inclusive start, ISO 8601 UTC. */
  from: string;
  /** Exclusive end, ISO 8601 UTC. */
  to: string;
  /** One workspace, or null for all. */
  workspace: string | null;
}

const AT = 'COALESCE(f.message_time, f.first_seen_at)';

/** The same test as `${AT} >= from AND ${AT} < to`, written so that the message_time index serves it. */
function scopeWhere(s: FindingScope): { sql: string; args: unknown[] } {
  const parts = ['((f.message_time >= ? AND f.message_time < ?) OR (f.message_time IS NULL AND f.first_seen_at >= ? AND f.first_seen_at < ?))'];
  const args: unknown[] = [s.from, s.to, s.from, s.to];
  if (s.workspace !== null) {
    parts.push('f.workspace_id = ?');
    args.push(s.workspace);
  }
  return { sql: parts.join(' AND '), args };
}

/** Every workspace the database has findings or file references for, with its findings count. */
export function reportWorkspaces(db: Db): CountRow[] {
  return db.prepare(`SELECT key, SUM(n) AS n FROM (
      SELECT workspace_id AS key, COUNT(*) AS n FROM findings GROUP BY workspace_id
      UNION ALL SELECT DISTINCT workspace_id, 0 FROM file_refs
    ) GROUP BY key ORDER BY n DESC, key`).all() as CountRow[];
}

export interface FindingTotals {
  findings: number;
  users: number;
  conversations: number;
  rules: number;
}

export function findingTotals(db: Db, s: FindingScope): FindingTotals {
  const w = scopeWhere(s);
  return db.prepare(`SELECT COUNT(*) AS findings,
      COUNT(DISTINCT COALESCE(f.user_email, f.user_id)) AS users,
      COUNT(DISTINCT f.conversation_id) AS conversations,
      COUNT(DISTINCT f.rule_id) AS rules
    FROM findings f WHERE ${w.sql}`).get(...w.args) as FindingTotals;
}

/** Findings counted by one column (category, severity, source_kind, status). */
export function findingsBy(db: Db, s: FindingScope, column: 'category' | 'severity' | 'source_kind' | 'status'): CountRow[] {
  const w = scopeWhere(s);
  return db.prepare(`SELECT f.${column} AS key, COUNT(*) AS n FROM findings f WHERE ${w.sql} GROUP BY f.${column} ORDER BY n DESC, key`).all(...w.args) as CountRow[];
}

export interface RuleCount {
  rule_id: string;
  category: string;
  severity: string;
  n: number;
  open: number;
}

export function findingsByRuleIn(db: Db, s: FindingScope, limit: number): RuleCount[] {
  const w = scopeWhere(s);
  return db.prepare(`SELECT f.rule_id, MAX(f.category) AS category, MAX(f.severity) AS severity, COUNT(*) AS n,
      SUM(f.status = 'open') AS open
    FROM findings f WHERE ${w.sql} GROUP BY f.rule_id ORDER BY n DESC, f.rule_id LIMIT ?`).all(...w.args, limit) as RuleCount[];
}

export interface UserCount {
  /** The e-mail when known (on the finding or in the users table), else the user id, else '(unknown)'. */
  user: string;
  n: number;
  critical: number;
  high: number;
  open: number;
  last_at: string;
}

const USER = `COALESCE(f.user_email, u.email, f.user_id, '(unknown)')`;

export function topUsers(db: Db, s: FindingScope, limit: number): UserCount[] {
  const w = scopeWhere(s);
  return db.prepare(`SELECT ${USER} AS user, COUNT(*) AS n, SUM(f.severity = 'critical') AS critical, SUM(f.severity = 'high') AS high,
      SUM(f.status = 'open') AS open, MAX(${AT}) AS last_at
    FROM findings f LEFT JOIN users u ON u.id = f.user_id WHERE ${w.sql}
    GROUP BY user ORDER BY n DESC, user LIMIT ?`).all(...w.args, limit) as UserCount[];
}

/** Findings per time bucket (an ISO prefix: 10 characters for days, 13 for hours) and severity. */
export function findingsTimeline(db: Db, s: FindingScope, unit: 'day' | 'hour'): { bucket: string; severity: string; n: number }[] {
  const w = scopeWhere(s);
  const len = unit === 'day' ? 10 : 13;
  return db.prepare(`SELECT substr(${AT}, 1, ${len}) AS bucket, f.severity, COUNT(*) AS n FROM findings f WHERE ${w.sql}
    GROUP BY bucket, f.severity ORDER BY bucket`).all(...w.args) as { bucket: string; severity: string; n: number }[];
}

/** What the page shows of a finding: the masked preview and where it is, never anything else of the value. */
export interface RecentFinding {
  id: number;
  at: string;
  workspace_id: string;
  rule_id: string;
  category: string;
  severity: string;
  confidence: string;
  status: FindingStatus;
  user: string;
  source_kind: string;
  conversation_id: string | null;
  file_name: string | null;
  preview: string;
}

export function recentFindings(db: Db, s: FindingScope, limit: number): RecentFinding[] {
  const w = scopeWhere(s);
  return db.prepare(`SELECT f.id, ${AT} AS at, f.workspace_id, f.rule_id, f.category, f.severity, f.confidence, f.status, ${USER} AS user,
      f.source_kind, f.conversation_id, f.file_name, f.preview
    FROM findings f LEFT JOIN users u ON u.id = f.user_id WHERE ${w.sql} ORDER BY at DESC, f.id DESC LIMIT ?`).all(...w.args, limit) as RecentFinding[];
}

/** Scan errors have no workspace: they are counted over the time range only. */
export function scanErrorsIn(db: Db, from: string, to: string, limit: number): { total: number; byCode: CountRow[]; recent: { at: string; source: string; item_key: string; code: string; message: string }[] } {
  const total = (db.prepare('SELECT COUNT(*) AS n FROM scan_errors WHERE at >= ? AND at < ?').get(from, to) as { n: number }).n;
  const byCode = db.prepare('SELECT code AS key, COUNT(*) AS n FROM scan_errors WHERE at >= ? AND at < ? GROUP BY code ORDER BY n DESC, key').all(from, to) as CountRow[];
  const recent = db.prepare('SELECT at, source, item_key, code, message FROM scan_errors WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?')
    .all(from, to, limit) as { at: string; source: string; item_key: string; code: string; message: string }[];
  return { total, byCode, recent };
}

export interface CheckpointRow {
  namespace: string;
  source: string;
  state: string;
  updated_at: string;
}

export function checkpointRows(db: Db): CheckpointRow[] {
  return db.prepare(`SELECT namespace, source, state, updated_at FROM checkpoints ORDER BY namespace NOT LIKE 'daemon%', namespace, source`).all() as CheckpointRow[];
}

export interface OutboxCount {
  kind: string;
  sink: string | null;
  status: string;
  n: number;
  /** Oldest creation time among these rows (how long pending ones have waited). */
  oldest: string;
}

export interface DeadDelivery {
  id: number;
  kind: string;
  sink: string | null;
  policy: string;
  finding_id: number;
  attempts: number;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}

/** Delivery state now (not limited to the time range): a dead alert from last quarter still needs a look. */
export function outboxHealth(db: Db, workspace: string | null, deadLimit: number): { counts: OutboxCount[]; dead: DeadDelivery[] } {
  const join = workspace === null ? '' : 'JOIN findings f ON f.id = o.finding_id AND f.workspace_id = ?';
  const args = workspace === null ? [] : [workspace];
  const counts = db.prepare(`SELECT o.kind, o.sink, o.status, COUNT(*) AS n, MIN(o.created_at) AS oldest FROM outbox o ${join}
    GROUP BY o.kind, o.sink, o.status ORDER BY o.kind, o.sink, o.status`).all(...args) as OutboxCount[];
  const dead = db.prepare(`SELECT o.id, o.kind, o.sink, o.policy, o.finding_id, o.attempts, o.last_error, o.created_at, o.done_at FROM outbox o ${join}
    WHERE o.status = 'dead' ORDER BY o.id DESC LIMIT ?`).all(...args, deadLimit) as DeadDelivery[];
  return { counts, dead };
}
