import type { Db } from './db.js';
import type { RunRow } from './store.js';
import type { AlertFinding } from '../alerts/types.js';
import { locationText } from '../extract/location-text.js';
import type { FileLocation } from '../extract/types.js';

/** Read-side queries for the CLI (`findings`, `status`) and reports. */

export interface FindingFilter {
  rule?: string;
  user?: string;
  since?: string;
  severity?: string;
  runId?: number;
  limit?: number;
  /** Only findings in messages, or only in files. */
  /** A source kind: message, file, gpt, memory ..., posture. */
  kind?: string;
  /** Only findings with this triage status. */
  status?: FindingStatus;
  /** Only this finding. */
  id?: number;
  /** Only findings of these workspace ids. */
  workspaces?: readonly string[];
}

export const FINDING_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

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
  /** File findings: the content's sha256, the file name where first seen, the location inside it (JSON). */
  file_sha256: string | null;
  file_name: string | null;
  location: string | null;
  /** Findings beyond chats: the object (GPT id, canvas id ...) and its version (config id ...). */
  object_id: string | null;
  object_version: string | null;
  /** Triage status (open until someone triages it). */
  status: FindingStatus;
  /** Keyed hash of the value (suppressions); null for findings recorded before it existed. Not exported. */
  value_hash: string | null;
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
  if (f.kind !== undefined) {
    where.push('source_kind = ?');
    args.push(f.kind);
  }
  if (f.status !== undefined) {
    where.push('status = ?');
    args.push(f.status);
  }
  if (f.id !== undefined) {
    where.push('id = ?');
    args.push(f.id);
  }
  if (f.workspaces !== undefined && f.workspaces.length > 0) {
    where.push(`workspace_id IN (${f.workspaces.map(() => '?').join(', ')})`);
    args.push(...f.workspaces);
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

/** Findings by source kind (message, file, gpt, memory ..., posture), optionally of one run. */
export function findingsBySourceKind(db: Db, runId?: number): CountRow[] {
  return db
    .prepare(`SELECT source_kind AS key, COUNT(*) AS n FROM findings ${runId !== undefined ? 'WHERE run_id = ?' : ''} GROUP BY source_kind ORDER BY n DESC, key`)
    .all(...(runId !== undefined ? [runId] : [])) as CountRow[];
}

export function findingsByUser(db: Db, runId?: number, limit = 10): CountRow[] {
  return db
    .prepare(`SELECT COALESCE(user_email, user_id, '(unknown)') AS key, COUNT(*) AS n FROM findings ${runId !== undefined ? 'WHERE run_id = ?' : ''}
      GROUP BY key ORDER BY n DESC, key LIMIT ?`)
    .all(...(runId !== undefined ? [runId, limit] : [limit])) as CountRow[];
}

/** Every place a file content was attached (file findings reach their conversations through these). */
export interface FilePlace {
  file_id: string;
  /** message: conversation_id and message_id are the chat's; gpt | project: the GPT's or project's id and its config id. */
  place_kind: 'message' | 'gpt' | 'project';
  conversation_id: string;
  message_id: string;
  name: string | null;
  user_id: string | null;
  user_email: string | null;
}

export function filePlaces(db: Db, sha256: string): FilePlace[] {
  return db
    .prepare(`SELECT file_id, place_kind, conversation_id, message_id, name, user_id, user_email FROM file_refs WHERE sha256 = ? ORDER BY seen_at, file_id, conversation_id, message_id`)
    .all(sha256) as FilePlace[];
}

export interface ErrorView {
  id: number;
  at: string;
  run_id: number | null;
  source: string;
  item_key: string;
  code: string;
  message: string;
}

export function listErrors(db: Db, f: { runId?: number; code?: string; limit?: number }): ErrorView[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.runId !== undefined) {
    where.push('run_id = ?');
    args.push(f.runId);
  }
  if (f.code !== undefined) {
    where.push('code = ?');
    args.push(f.code);
  }
  const sql = `SELECT id, at, run_id, source, item_key, code, message FROM scan_errors ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${f.limit ? 'LIMIT ?' : ''}`;
  if (f.limit) args.push(f.limit);
  return db.prepare(sql).all(...args) as ErrorView[];
}

export interface StatusView {
  checkpoints: { namespace: string; source: string; state: string; updated_at: string }[];
  lastRuns: RunRow[];
  totals: { findings: number; scanned: number; errors: number; users: number };
  /** File references by state (scanned, partial, error, unavailable, too-large), contents scanned, and errors by code. */
  files: { refs: CountRow[]; contents: number; contentBytes: number; errorsByCode: CountRow[] };
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
    files: {
      refs: db.prepare('SELECT status AS key, COUNT(*) AS n FROM file_refs GROUP BY status ORDER BY n DESC, key').all() as CountRow[],
      contents: one('SELECT COUNT(*) AS n FROM files'),
      contentBytes: one('SELECT COALESCE(SUM(size), 0) AS n FROM files'),
      errorsByCode: db.prepare(`SELECT code AS key, COUNT(*) AS n FROM scan_errors WHERE source = 'files' GROUP BY code ORDER BY n DESC, key`).all() as CountRow[],
    },
    recentErrors: db.prepare('SELECT at, source, item_key, code, message FROM scan_errors ORDER BY id DESC LIMIT 10').all() as StatusView['recentErrors'],
  };
}

/** One workspace's line in `status`: its findings, and its last daemon and scan runs. */
export interface WorkspaceStatus {
  findings: number;
  /** The latest daemon run of this workspace: its status, and why it failed (summary.error). */
  daemon: { id: number; status: string; started_at: string; finished_at: string | null; error: string | null } | null;
  lastScan: { id: number; status: string; started_at: string } | null;
}

export function workspaceStatus(db: Db, workspaceId: string): WorkspaceStatus {
  const findings = (db.prepare('SELECT COUNT(*) AS n FROM findings WHERE workspace_id = ?').get(workspaceId) as { n: number }).n;
  const last = (mode: string): RunRow | undefined => db.prepare(`SELECT * FROM runs WHERE mode = ? AND json_valid(params)
    AND json_extract(params, '$.workspace') = ? ORDER BY id DESC LIMIT 1`).get(mode, workspaceId) as RunRow | undefined;
  const d = last('daemon');
  const s = last('scan');
  let error: string | null = null;
  if (d?.summary) {
    try {
      const e = (JSON.parse(d.summary) as { error?: unknown }).error;
      if (typeof e === 'string') error = e;
    } catch {
      // A summary that is not JSON has no error to show.
    }
  }
  return {
    findings,
    daemon: d === undefined ? null : { id: d.id, status: d.status, started_at: d.started_at, finished_at: d.finished_at, error },
    lastScan: s === undefined ? null : { id: s.id, status: s.status, started_at: s.started_at },
  };
}

/** Where a finding beyond chats is: its field, object and version (a posture finding: its subject). */
export function objectWhere(r: Pick<FindingView, 'location' | 'source_kind' | 'object_id' | 'object_version'>): string {
  const field = r.location ?? r.source_kind;
  if (r.object_id === null) return field;
  return `${field} of ${r.object_id}${r.object_version === null ? '' : ` (version ${r.object_version})`}`;
}

/** Findings as alerts show them (masked previews only), in the order of `ids`. */
export function alertFindings(db: Db, ids: readonly number[]): AlertFinding[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM findings WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as FindingView[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (r === undefined) return [];
    return [{
      id: r.id, ruleId: r.rule_id, category: r.category, severity: r.severity, confidence: r.confidence, preview: r.preview,
      sourceKind: r.source_kind, workspaceId: r.workspace_id, conversationId: r.conversation_id, messageId: r.message_id,
      userEmail: r.user_email, messageTime: r.message_time, fileName: r.file_name,
      location: r.source_kind === 'message' ? null
        : r.source_kind === 'file' ? (r.location === null ? null : locationText(JSON.parse(r.location) as FileLocation))
          : objectWhere(r),
    }];
  });
}
