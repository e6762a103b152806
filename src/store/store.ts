import type { Db, Statement } from './db.js';

export interface FindingRow {
  fingerprint: string;
  workspaceId: string;
  source: string;
  sourceKind: string;
  conversationId: string | null;
  messageId: string | null;
  fileId: string | null;
  userId: string | null;
  userEmail: string | null;
  authorRole: string | null;
  messageTime: string | null;
  start: number;
  end: number;
  ruleId: string;
  category: string;
  severity: string;
  confidence: string;
  preview: string;
}

export interface ScannedMark {
  itemKey: string;
  contentHash: string;
  source: string;
}

export interface ScanErrorRow {
  source: string;
  itemKey: string;
  code: string;
  message: string;
}

export interface CheckpointWrite {
  namespace: string;
  source: string;
  state: unknown;
}

/** Everything one finished batch changes, written in one transaction (design decision 3). */
export interface BatchCommit {
  runId: number;
  rulesDigest: string;
  findings: readonly FindingRow[];
  scanned: readonly ScannedMark[];
  errors: readonly ScanErrorRow[];
  checkpoint: CheckpointWrite | null;
}

export interface RunRow {
  id: number;
  mode: string;
  resume_key: string | null;
  params: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  items_scanned: number;
  findings_new: number;
  errors: number;
  summary: string | null;
}

export interface UserRow {
  id: string;
  email: string | null;
  name: string | null;
  role: string | null;
  status: string | null;
}

const now = (): string => new Date().toISOString();

/** The write side of the database used by scans; prepared once. */
export class Store {
  private readonly insertFinding: Statement;
  private readonly upsertScanned: Statement;
  private readonly selectScanned: Statement<[string], { content_hash: string; rules_digest: string }>;
  private readonly insertError: Statement;
  private readonly upsertCheckpoint: Statement;
  private readonly selectCheckpoint: Statement<[string, string], { state: string }>;
  private readonly bumpRun: Statement;
  private readonly commitTx: (batch: BatchCommit) => number;

  constructor(readonly db: Db) {
    this.insertFinding = db.prepare(`INSERT INTO findings (fingerprint, workspace_id, source, source_kind, conversation_id,
      message_id, file_id, user_id, user_email, author_role, message_time, start_offset, end_offset, rule_id, category,
      severity, confidence, preview, first_seen_at, run_id)
      VALUES (@fingerprint, @workspaceId, @source, @sourceKind, @conversationId, @messageId, @fileId, @userId, @userEmail,
      @authorRole, @messageTime, @start, @end, @ruleId, @category, @severity, @confidence, @preview, @firstSeenAt, @runId)
      ON CONFLICT(fingerprint) DO NOTHING`);
    this.upsertScanned = db.prepare(`INSERT INTO scanned_items (item_key, content_hash, rules_digest, source, scanned_at, run_id)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(item_key) DO UPDATE SET content_hash = excluded.content_hash,
      rules_digest = excluded.rules_digest, source = excluded.source, scanned_at = excluded.scanned_at, run_id = excluded.run_id`);
    this.selectScanned = db.prepare('SELECT content_hash, rules_digest FROM scanned_items WHERE item_key = ?');
    this.insertError = db.prepare('INSERT INTO scan_errors (run_id, source, item_key, code, message, at) VALUES (?, ?, ?, ?, ?, ?)');
    this.upsertCheckpoint = db.prepare(`INSERT INTO checkpoints (namespace, source, state, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT(namespace, source) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`);
    this.selectCheckpoint = db.prepare('SELECT state FROM checkpoints WHERE namespace = ? AND source = ?');
    this.bumpRun = db.prepare('UPDATE runs SET items_scanned = items_scanned + ?, findings_new = findings_new + ?, errors = errors + ? WHERE id = ?');
    this.commitTx = db.transaction((batch: BatchCommit) => {
      const at = now();
      let inserted = 0;
      for (const f of batch.findings) {
        inserted += this.insertFinding.run({ ...f, firstSeenAt: at, runId: batch.runId }).changes;
      }
      for (const s of batch.scanned) this.upsertScanned.run(s.itemKey, s.contentHash, batch.rulesDigest, s.source, at, batch.runId);
      for (const e of batch.errors) this.insertError.run(batch.runId, e.source, e.itemKey, e.code, e.message, at);
      if (batch.checkpoint !== null) this.writeCheckpoint(batch.checkpoint, at);
      this.bumpRun.run(batch.scanned.length, inserted, batch.errors.length, batch.runId);
      return inserted;
    });
  }

  /** Commits a batch; returns how many findings were new (the rest were already recorded). */
  commit(batch: BatchCommit): number {
    return this.commitTx(batch);
  }

  /** True when this item was already scanned with the same content and the same rules. */
  alreadyScanned(itemKey: string, contentHash: string, rulesDigest: string): boolean {
    const row = this.selectScanned.get(itemKey);
    return row !== undefined && row.content_hash === contentHash && row.rules_digest === rulesDigest;
  }

  getCheckpoint<T>(namespace: string, source: string): T | null {
    const row = this.selectCheckpoint.get(namespace, source);
    return row === undefined ? null : (JSON.parse(row.state) as T);
  }

  setCheckpoint(cp: CheckpointWrite): void {
    this.writeCheckpoint(cp, now());
  }

  deleteCheckpoints(namespace: string): void {
    this.db.prepare('DELETE FROM checkpoints WHERE namespace = ?').run(namespace);
  }

  private writeCheckpoint(cp: CheckpointWrite, at: string): void {
    this.upsertCheckpoint.run(cp.namespace, cp.source, JSON.stringify(cp.state), at);
  }

  recordError(runId: number, e: ScanErrorRow): void {
    this.commit({ runId, rulesDigest: '', findings: [], scanned: [], errors: [e], checkpoint: null });
  }

  startRun(mode: string, params: unknown, resumeKey: string | null): number {
    const info = this.db
      .prepare('INSERT INTO runs (mode, resume_key, params, status, started_at) VALUES (?, ?, ?, ?, ?)')
      .run(mode, resumeKey, JSON.stringify(params), 'running', now());
    return Number(info.lastInsertRowid);
  }

  /** The newest unfinished run with this key (a scan to resume), if any. */
  findResumableRun(resumeKey: string): RunRow | null {
    const row = this.db
      .prepare(`SELECT * FROM runs WHERE resume_key = ? AND status IN ('running', 'interrupted', 'failed') ORDER BY id DESC LIMIT 1`)
      .get(resumeKey) as RunRow | undefined;
    return row ?? null;
  }

  reopenRun(id: number): void {
    this.db.prepare(`UPDATE runs SET status = 'running', finished_at = NULL WHERE id = ?`).run(id);
  }

  finishRun(id: number, status: 'completed' | 'interrupted' | 'failed', summary: unknown): void {
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ?, summary = ? WHERE id = ?').run(status, now(), JSON.stringify(summary), id);
  }

  /** Progress of a running run, kept so that a crash leaves a resumable summary. */
  saveRunSummary(id: number, summary: unknown): void {
    this.db.prepare('UPDATE runs SET summary = ? WHERE id = ?').run(JSON.stringify(summary), id);
  }

  getRun(id: number): RunRow | null {
    return (this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined) ?? null;
  }

  upsertUsers(users: readonly UserRow[]): void {
    const stmt = this.db.prepare(`INSERT INTO users (id, email, name, role, status, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role, status = excluded.status, updated_at = excluded.updated_at`);
    const at = now();
    this.db.transaction(() => {
      for (const u of users) stmt.run(u.id, u.email, u.name, u.role, u.status, at);
    })();
  }
}
