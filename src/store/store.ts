import type { Db, Statement } from './db.js';
import { Outbox } from './outbox.js';
import type { Policies } from '../policy/match.js';

/** How new findings are acted on: the policies, and alert digests (alerts.digest_seconds). */
export interface StoreOptions {
  policies?: Policies;
  digestSeconds?: number;
}

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
  /**
   * File findings: the content they are in, its name where first seen, and the location inside
   * it (JSON). Findings in other objects: the field, `<kind>:<field>` (plain text).
   */
  fileSha256?: string | null;
  fileName?: string | null;
  location?: string | null;
  /** Findings beyond chats: the object (GPT id, canvas id ...) and its version (config id ...). */
  objectId?: string | null;
  objectVersion?: string | null;
  /**
   * HMAC-SHA256 (hex) of the normalised value under the database's value salt
   * (suppressions.ts getOrCreateValueSalt), computed in the worker; null for findings recorded
   * before suppressions existed. Never the value itself.
   */
  valueHash?: string | null;
}

/** One file content, scanned once per rules digest whatever number of places it was attached to. */
export interface FileContentRow {
  sha256: string;
  size: number;
  kind: string | null;
  /** scanned | partial (some parts could not be read) | error (nothing could be read). */
  status: 'scanned' | 'partial' | 'error';
  errorCode: string | null;
  errorMessage: string | null;
  problems: number;
  segments: number;
  textChars: number;
  findings: number;
}

/** One place a file was attached: a file id in a message, or a knowledge file of a GPT or project config. */
export interface FileRefRow {
  workspaceId: string;
  fileId: string;
  /** message: the conversation and message; gpt and project: the GPT or project id and its config id. */
  placeKind: 'message' | 'gpt' | 'project';
  conversationId: string;
  messageId: string;
  name: string | null;
  userId: string | null;
  userEmail: string | null;
  source: string;
  sha256: string | null;
  size: number | null;
  /** As its content's status, or unavailable (expired, gone) / too-large (not downloaded whole). */
  status: 'scanned' | 'partial' | 'error' | 'unavailable' | 'too-large';
  errorCode: string | null;
  errorMessage: string | null;
}

/** What is known of a file id already handled. */
export interface FileRefState {
  status: FileRefRow['status'];
  sha256: string | null;
  size: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  rulesDigest: string;
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
  files?: readonly FileContentRow[];
  fileRefs?: readonly FileRefRow[];
}

/** What a commit changed: the findings that were new (already recorded and suppressed ones are not). */
export interface CommitResult {
  inserted: number;
  newFindings: FindingRow[];
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
  private readonly upsertFile: Statement;
  private readonly upsertFileRef: Statement;
  private readonly selectFileRef: Statement<[string, string], FileRefState>;
  private readonly selectFile: Statement<[string], { status: FileContentRow['status']; rulesDigest: string; kind: string | null; errorCode: string | null; errorMessage: string | null; size: number }>;
  private readonly commitTx: (batch: BatchCommit) => CommitResult;

  readonly outbox: Outbox;
  private readonly setPolicy: Statement;
  private readonly selectSuppressed: Statement<[string, string], { n: number }>;
  /** Findings not recorded because triage marked their value a false positive (this process). */
  suppressedCount = 0;

  constructor(readonly db: Db, private opts: StoreOptions = {}) {
    this.outbox = new Outbox(db);
    this.setPolicy = db.prepare('UPDATE findings SET policy = ?, policy_action = ? WHERE id = ?');
    this.selectSuppressed = db.prepare('SELECT 1 AS n FROM suppressions WHERE value_hash = ? AND (rule_id IS NULL OR rule_id = ?) LIMIT 1');
    this.insertFinding = db.prepare(`INSERT INTO findings (fingerprint, workspace_id, source, source_kind, conversation_id,
      message_id, file_id, user_id, user_email, author_role, message_time, start_offset, end_offset, rule_id, category,
      severity, confidence, preview, first_seen_at, run_id, file_sha256, file_name, location, value_hash, object_id, object_version)
      VALUES (@fingerprint, @workspaceId, @source, @sourceKind, @conversationId, @messageId, @fileId, @userId, @userEmail,
      @authorRole, @messageTime, @start, @end, @ruleId, @category, @severity, @confidence, @preview, @firstSeenAt, @runId,
      @fileSha256, @fileName, @location, @valueHash, @objectId, @objectVersion)
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
    this.upsertFile = db.prepare(`INSERT INTO files (sha256, size, kind, status, error_code, error_message, problems, segments,
      text_chars, findings, rules_digest, scanned_at, run_id)
      VALUES (@sha256, @size, @kind, @status, @errorCode, @errorMessage, @problems, @segments, @textChars, @findings, @rulesDigest, @at, @runId)
      ON CONFLICT(sha256) DO UPDATE SET size = excluded.size, kind = excluded.kind, status = excluded.status, error_code = excluded.error_code,
      error_message = excluded.error_message, problems = excluded.problems, segments = excluded.segments, text_chars = excluded.text_chars,
      findings = excluded.findings, rules_digest = excluded.rules_digest, scanned_at = excluded.scanned_at, run_id = excluded.run_id`);
    this.upsertFileRef = db.prepare(`INSERT INTO file_refs (workspace_id, file_id, conversation_id, message_id, name, user_id, user_email,
      source, sha256, size, status, error_code, error_message, rules_digest, seen_at, run_id, place_kind)
      VALUES (@workspaceId, @fileId, @conversationId, @messageId, @name, @userId, @userEmail, @source, @sha256, @size, @status,
      @errorCode, @errorMessage, @rulesDigest, @at, @runId, @placeKind)
      ON CONFLICT(workspace_id, file_id, conversation_id, message_id) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
      status = excluded.status, error_code = excluded.error_code, error_message = excluded.error_message,
      rules_digest = excluded.rules_digest, seen_at = excluded.seen_at, run_id = excluded.run_id`);
    this.selectFileRef = db.prepare(`SELECT status, sha256, size, error_code AS errorCode, error_message AS errorMessage, rules_digest AS rulesDigest
      FROM file_refs WHERE workspace_id = ? AND file_id = ? ORDER BY seen_at DESC LIMIT 1`);
    this.selectFile = db.prepare(`SELECT status, rules_digest AS rulesDigest, kind, error_code AS errorCode, error_message AS errorMessage, size
      FROM files WHERE sha256 = ?`);
    this.commitTx = db.transaction((batch: BatchCommit) => {
      const at = now();
      let inserted = 0;
      const newFindings: FindingRow[] = [];
      for (const f of batch.findings) {
        // A value triage marked a false positive (for this rule or all) is not reported again,
        // wherever it appears. Read here, in the transaction, so a decision made by
        // `leakwatch triage` while the daemon runs applies from the next commit.
        if (f.valueHash && this.selectSuppressed.get(f.valueHash, f.ruleId) !== undefined) {
          this.suppressedCount++;
          continue;
        }
        const info = this.insertFinding.run({
          ...f, fileSha256: f.fileSha256 ?? null, fileName: f.fileName ?? null, location: f.location ?? null, valueHash: f.valueHash ?? null,
          objectId: f.objectId ?? null, objectVersion: f.objectVersion ?? null,
          firstSeenAt: at, runId: batch.runId,
        });
        inserted += info.changes;
        // Only a new finding is acted on: a re-scan never alerts or deletes twice.
        if (info.changes > 0) {
          newFindings.push(f);
          this.actOn(f, Number(info.lastInsertRowid), new Date(at));
        }
      }
      for (const file of batch.files ?? []) this.upsertFile.run({ ...file, rulesDigest: batch.rulesDigest, at, runId: batch.runId });
      for (const ref of batch.fileRefs ?? []) this.upsertFileRef.run({ ...ref, rulesDigest: batch.rulesDigest, at, runId: batch.runId });
      for (const s of batch.scanned) this.upsertScanned.run(s.itemKey, s.contentHash, batch.rulesDigest, s.source, at, batch.runId);
      for (const e of batch.errors) this.insertError.run(batch.runId, e.source, e.itemKey, e.code, e.message, at);
      if (batch.checkpoint !== null) this.writeCheckpoint(batch.checkpoint, at);
      this.bumpRun.run(batch.scanned.length, inserted, batch.errors.length, batch.runId);
      return { inserted, newFindings };
    });
  }

  /** The first matching policy decides; its alerts and deletion go to the outbox in this transaction. */
  private actOn(f: FindingRow, id: number, at: Date): void {
    const d = this.opts.policies?.decide({
      ruleId: f.ruleId, category: f.category, severity: f.severity, confidence: f.confidence, userEmail: f.userEmail, sourceKind: f.sourceKind,
    });
    if (d === undefined || d === null) return;
    const action = d.ignore ? 'ignore' : [d.alert.length > 0 ? 'alert' : '', d.delete ? 'delete' : ''].filter(Boolean).join('+') || 'none';
    this.setPolicy.run(d.policy, action, id);
    if (d.ignore) return;
    this.outbox.enqueue(d, {
      findingId: id, fingerprint: f.fingerprint, workspaceId: f.workspaceId, conversationId: f.conversationId, at, digestSeconds: this.opts.digestSeconds ?? 0,
    });
  }

  /** Commits a batch; returns how many findings were new (the rest were already recorded). */
  commit(batch: BatchCommit): number {
    return this.commitTx(batch).inserted;
  }

  /** As commit, also naming the findings that were new (counted by metrics once the transaction is done). */
  commitBatch(batch: BatchCommit): CommitResult {
    return this.commitTx(batch);
  }

  /** True when this item was already scanned with the same content and the same rules. */
  alreadyScanned(itemKey: string, contentHash: string, rulesDigest: string): boolean {
    const row = this.selectScanned.get(itemKey);
    return row !== undefined && row.content_hash === contentHash && row.rules_digest === rulesDigest;
  }

  /**
   * True when a text with this key (`<workspace>:<item key>`) was scanned, whatever its content
   * since; with `rulesDigest`, only if it was scanned under those rules.
   */
  hasScannedItem(itemKey: string, rulesDigest?: string): boolean {
    const row = this.selectScanned.get(itemKey);
    return row !== undefined && (rulesDigest === undefined || row.rules_digest === rulesDigest);
  }

  /** True when this place of a file id is recorded (the key of file_refs). */
  hasFilePlace(workspaceId: string, fileId: string, conversationId: string, messageId: string): boolean {
    this.selectFilePlace ??= this.db.prepare('SELECT 1 AS n FROM file_refs WHERE workspace_id = ? AND file_id = ? AND conversation_id = ? AND message_id = ?');
    return this.selectFilePlace.get(workspaceId, fileId, conversationId, messageId) !== undefined;
  }

  private selectFilePlace: Statement<[string, string, string, string], { n: number }> | undefined;

  /** The latest record of this file id in the workspace, if it was handled before. */
  fileRef(workspaceId: string, fileId: string): FileRefState | null {
    return this.selectFileRef.get(workspaceId, fileId) ?? null;
  }

  /** What is recorded of this content, if it was scanned before. */
  fileContent(sha256: string): { status: FileContentRow['status']; rulesDigest: string; kind: string | null; errorCode: string | null; errorMessage: string | null; size: number } | null {
    return this.selectFile.get(sha256) ?? null;
  }

  /**
   * The detections recorded in a file's content, in whichever workspace it was first scanned
   * (one per rule and place inside the content), when this workspace has none of its own: the
   * same content uploaded in another workspace is not extracted again, but its findings must be
   * that workspace's too. Empty when this workspace already has them, or there are none.
   */
  contentDetectionsFor(workspaceId: string, sha256: string): { ruleId: string; start: number; end: number; confidence: string; preview: string; location: string | null; valueHash: string | null; severity: string }[] {
    const own = this.db.prepare('SELECT 1 FROM findings WHERE file_sha256 = ? AND workspace_id = ? LIMIT 1').get(sha256, workspaceId);
    if (own !== undefined) return [];
    return this.db.prepare(`SELECT rule_id AS ruleId, start_offset AS start, end_offset AS end, MIN(confidence) AS confidence, MIN(preview) AS preview,
        location, MIN(value_hash) AS valueHash, MAX(severity) AS severity
      FROM findings WHERE file_sha256 = ? GROUP BY rule_id, start_offset, end_offset, location ORDER BY MIN(id)`).all(sha256) as never;
  }

  /** New policies and digest window (a config reload): the next commit decides with them. */
  configure(opts: StoreOptions): void {
    this.opts = opts;
  }

  /** Moves every checkpoint of one namespace to another (a renamed namespace; nothing is lost). */
  renameCheckpoints(from: string, to: string): number {
    return this.db.prepare('UPDATE checkpoints SET namespace = ? WHERE namespace = ?').run(to, from).changes;
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
