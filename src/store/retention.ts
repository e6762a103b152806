import type { Db } from './db.js';

/**
 * Retention: deletes rows older than their table's limit, a batch per transaction, yielding to
 * the event loop between batches, so neither the daemon in this process nor one in another
 * process (busy_timeout) waits long for the write lock.
 *
 * What is never purged, and why:
 * - remediation_audit: the record of what was deleted upstream, by whom and why; append-only
 *   (its triggers refuse DELETE).
 * - finding_triage: the human decisions on findings (who, when, which status). It holds no
 *   matched value, is small, and is part of the same audit trail, so it outlives the finding.
 * - suppressions: not findings but decisions that keep a false positive from coming back.
 * - scanned_items, files, file_refs, checkpoints of live sources: the scanner's memory of what
 *   it has read; deleting it would re-scan (and re-alert) old history.
 *
 * Finding and run ids are INTEGER PRIMARY KEY without AUTOINCREMENT: SQLite hands out max(id)+1,
 * so deleting the newest row would let the next one take its id, and triage history, audit rows
 * and suppressions naming the old id would then seem to name the new one. The newest row of
 * each is therefore always kept.
 */

export interface RetentionPolicy {
  findings_days: number;
  scan_runs_days: number;
  scan_errors_days: number;
  delivered_alerts_days: number;
  batch_rows: number;
}

export type RetentionTable = 'outbox' | 'findings' | 'scan_errors' | 'runs';

export interface TablePurge {
  table: RetentionTable;
  /** The config key that sets this table's limit. */
  key: keyof RetentionPolicy;
  /** 0: kept forever (nothing purged). */
  days: number;
  /** Rows recorded before this time are purged; null when days is 0. */
  cutoff: string | null;
  /** Rows deleted (or, in a dry run, that would be). */
  deleted: number;
  /** Rows older than the cutoff that stay, and why (findings with undelivered actions; the newest row). */
  kept: number;
  keptReason: string | null;
}

export interface PurgeReport {
  dryRun: boolean;
  tables: TablePurge[];
  /** Checkpoints of purged scan runs, deleted with them. */
  checkpoints: number;
  /** Pages given back to the filesystem (auto_vacuum = incremental), and pages left free for reuse. */
  pagesReleased: number;
  freePages: number;
  pageSize: number;
  /** True when a signal stopped the purge between two batches (what was deleted stays deleted). */
  stopped: boolean;
}

export interface PurgeOptions {
  now?: Date;
  dryRun?: boolean;
  /** Checked between batches: the daemon's shutdown stops a long purge. */
  signal?: AbortSignal;
}

const DAY_MS = 86_400_000;

/** Whether any table has a limit (otherwise a purge is a no-op). */
export function retentionEnabled(p: RetentionPolicy): boolean {
  return p.findings_days > 0 || p.scan_runs_days > 0 || p.scan_errors_days > 0 || p.delivered_alerts_days > 0;
}

/** Outbox rows done before @param: delivered, given up, or recorded as a dry run (never pending ones). */
const outboxDone = (param: string): string => `status IN ('sent', 'dead', 'dry-run') AND done_at IS NOT NULL AND done_at < @${param}`;

/**
 * The WHERE clause of each table's expired rows. Findings referenced by an outbox row that is
 * pending, or dead and not itself expiring (`leakwatch alerts retry` may send it again), are
 * kept: the delivery needs the finding. Same predicates for the dry run and the purge, so the
 * dry run's counts are the purge's.
 */
const EXPIRED: Record<RetentionTable, string> = {
  outbox: outboxDone('cutoff'),
  findings: `first_seen_at < @cutoff AND id < (SELECT MAX(id) FROM findings)
    AND id NOT IN (SELECT finding_id FROM outbox WHERE status = 'pending' OR (status = 'dead' AND NOT (${outboxDone('outboxCutoff')})))`,
  scan_errors: 'at < @cutoff',
  // Only finished runs: an unfinished scan stays resumable, a daemon's run stays open while it runs.
  runs: `status IN ('completed', 'failed', 'interrupted') AND finished_at IS NOT NULL AND finished_at < @cutoff AND id < (SELECT MAX(id) FROM runs)`,
};

/** Rows older than the cutoff, whether or not they go (to report what stays and why). */
const OLDER: Record<RetentionTable, string> = {
  outbox: outboxDone('cutoff'),
  findings: 'first_seen_at < @cutoff',
  scan_errors: 'at < @cutoff',
  runs: `status IN ('completed', 'failed', 'interrupted') AND finished_at IS NOT NULL AND finished_at < @cutoff`,
};

const KEPT_REASON: Record<RetentionTable, string | null> = {
  outbox: null,
  findings: 'an alert or deletion not yet delivered (pending, or dead awaiting retry), or the newest finding',
  scan_errors: null,
  runs: 'the newest run',
};

/** Purged in this order: done outbox rows first, so the findings they held become free in the same purge. */
const ORDER: { table: RetentionTable; key: keyof RetentionPolicy }[] = [
  { table: 'outbox', key: 'delivered_alerts_days' },
  { table: 'findings', key: 'findings_days' },
  { table: 'scan_errors', key: 'scan_errors_days' },
  { table: 'runs', key: 'scan_runs_days' },
];

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Purges (or, dry, counts) every table with a limit; returns the counts per table. */
export async function purge(db: Db, policy: RetentionPolicy, opts: PurgeOptions = {}): Promise<PurgeReport> {
  const now = (opts.now ?? new Date()).getTime();
  const cutoffOf = (days: number): string | null => (days > 0 ? new Date(now - days * DAY_MS).toISOString() : null);
  const outboxCutoff = cutoffOf(policy.delivered_alerts_days);
  const report: PurgeReport = {
    dryRun: opts.dryRun ?? false, tables: [], checkpoints: 0, pagesReleased: 0, freePages: 0, pageSize: 0, stopped: false,
  };
  const batch = Math.max(1, Math.floor(policy.batch_rows));
  for (const { table, key } of ORDER) {
    const days = policy[key];
    const cutoff = cutoffOf(days);
    const entry: TablePurge = { table, key, days, cutoff, deleted: 0, kept: 0, keptReason: null };
    report.tables.push(entry);
    if (cutoff === null) continue;
    // Only the parameters a statement names (better-sqlite3 refuses others). '' sorts before every
    // ISO time: with no outbox limit, no dead row is ever expiring.
    const params = (sql: string): Record<string, string> => ({
      cutoff, ...(sql.includes('@outboxCutoff') ? { outboxCutoff: outboxCutoff ?? '' } : {}),
    });
    const count = (where: string, sql = `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`): number =>
      (db.prepare(sql).get(params(sql)) as { n: number }).n;
    const older = count(OLDER[table]);
    if (report.dryRun) {
      entry.deleted = count(EXPIRED[table]);
      if (table === 'runs') {
        report.checkpoints = count('', `SELECT COUNT(*) AS n FROM checkpoints WHERE namespace IN (SELECT 'scan:' || id FROM runs WHERE ${EXPIRED.runs})`);
      }
    } else {
      const selectSql = `SELECT id FROM ${table} WHERE ${EXPIRED[table]} LIMIT ${batch}`;
      const select = db.prepare(selectSql).pluck();
      const del = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
      const delCheckpoints = db.prepare('DELETE FROM checkpoints WHERE namespace = ?');
      // A file content is extracted once and its findings reused for every later upload of it:
      // once they are purged, the content must be extracted again when it comes back, or a
      // re-uploaded secret file would go unreported.
      const contentOf = db.prepare('SELECT file_sha256 FROM findings WHERE id = ?').pluck();
      const forgetContent = db.prepare("UPDATE files SET rules_digest = '' WHERE sha256 = ?");
      // IMMEDIATE: take the write lock before reading the batch, so another writer cannot slip in between.
      const step = db.transaction((): number => {
        const ids = select.all(params(selectSql)) as number[];
        for (const id of ids) {
          if (table === 'findings') {
            const sha256 = contentOf.get(id) as string | null | undefined;
            if (typeof sha256 === 'string') forgetContent.run(sha256);
          }
          del.run(id);
          if (table === 'runs') report.checkpoints += delCheckpoints.run(`scan:${id}`).changes;
        }
        return ids.length;
      });
      for (;;) {
        if (opts.signal?.aborted) {
          report.stopped = true;
          break;
        }
        const n = step.immediate();
        entry.deleted += n;
        if (n < batch) break;
        await yieldToLoop();
      }
    }
    if (report.stopped) break;
    entry.kept = older - entry.deleted;
    if (entry.kept > 0) entry.keptReason = KEPT_REASON[table];
  }
  report.pageSize = db.pragma('page_size', { simple: true }) as number;
  if (!report.dryRun && !report.stopped && report.tables.some((t) => t.deleted > 0)) {
    report.pagesReleased = await releaseFreePages(db, batch, opts.signal);
  }
  report.freePages = db.pragma('freelist_count', { simple: true }) as number;
  return report;
}

/**
 * With auto_vacuum = incremental (every database leakwatch creates), gives free pages back to the
 * filesystem a few at a time. Older databases keep them for reuse (README: VACUUM).
 */
async function releaseFreePages(db: Db, pagesPerStep: number, signal?: AbortSignal): Promise<number> {
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) return 0;
  let released = 0;
  for (;;) {
    const free = db.pragma('freelist_count', { simple: true }) as number;
    if (free === 0 || signal?.aborted) return released;
    db.pragma(`incremental_vacuum(${Math.min(free, pagesPerStep)})`);
    const left = db.pragma('freelist_count', { simple: true }) as number;
    if (left >= free) return released;
    released += free - left;
    await yieldToLoop();
  }
}
