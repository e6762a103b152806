import type { Db } from './db.js';

/** The append-only remediation audit trail (dry runs, deletions, refusals): its SQL. */

export type AuditMode = 'dry-run' | 'delete' | 'manual';
export type AuditOutcome = 'would-delete' | 'deleted' | 'already-gone' | 'forbidden' | 'failed';

export interface AuditEntry {
  findingId: number | null;
  policy: string | null;
  workspaceId: string;
  conversationId: string;
  mode: AuditMode;
  outcome: AuditOutcome;
  httpStatus: number | null;
  detail: string | null;
}

/** Appends to the audit trail (the table refuses updates and deletes). */
export function audit(db: Db, e: AuditEntry): void {
  db.prepare(`INSERT INTO remediation_audit (at, finding_id, policy, workspace_id, conversation_id, mode, outcome, http_status, detail)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(new Date().toISOString(), e.findingId, e.policy, e.workspaceId, e.conversationId, e.mode, e.outcome, e.httpStatus, e.detail);
}

/** Whether this conversation was already deleted (by a policy or by hand). */
export function alreadyDeleted(db: Db, workspaceId: string, conversationId: string): boolean {
  return db.prepare(`SELECT 1 FROM remediation_audit WHERE workspace_id = ? AND conversation_id = ? AND outcome IN ('deleted', 'already-gone') LIMIT 1`)
    .get(workspaceId, conversationId) !== undefined;
}

/** The workspace and conversation a finding is in (null when the finding is unknown). */
export function findingPlace(db: Db, findingId: number): { workspaceId: string; conversationId: string | null } | null {
  const row = db.prepare('SELECT workspace_id, conversation_id FROM findings WHERE id = ?').get(findingId) as { workspace_id: string; conversation_id: string | null } | undefined;
  return row === undefined ? null : { workspaceId: row.workspace_id, conversationId: row.conversation_id };
}

export interface AuditRow {
  id: number;
  at: string;
  finding_id: number | null;
  policy: string | null;
  workspace_id: string;
  conversation_id: string;
  mode: string;
  outcome: string;
  http_status: number | null;
  detail: string | null;
}

export function listAudit(db: Db, since?: string): AuditRow[] {
  return db.prepare(`SELECT * FROM remediation_audit ${since ? 'WHERE at >= ?' : ''} ORDER BY id`).all(...(since ? [since] : [])) as AuditRow[];
}
