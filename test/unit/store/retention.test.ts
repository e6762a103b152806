import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/harness.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { purge, type RetentionPolicy } from '../../../src/store/retention.js';
import { setStatus, triageHistory } from '../../../src/store/triage.js';
import { audit, listAudit } from '../../../src/store/audit.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshDb(): Db {
  const dir = tempDir('lw-retention-');
  dirs.push(dir);
  return openDb(join(dir, 'leakwatch.db'));
}

const insertFinding = (db: Db, id: number, firstSeen: string): void => {
  db.prepare(`INSERT INTO findings (id, fingerprint, workspace_id, source, source_kind, conversation_id, message_id, start_offset, end_offset,
    rule_id, category, severity, confidence, preview, first_seen_at, run_id, value_hash)
    VALUES (?, ?, 'ws', 'logs', 'message', ?, ?, 0, 4, 'test-rule', 'secret', 'high', 'high', 'ab**', ?, 1, ?)`)
    .run(id, `fp-${id}`, `c-${id}`, `m-${id}`, firstSeen, `vh-${id}`);
};

const insertOutbox = (db: Db, id: number, findingId: number, status: string, doneAt: string | null, kind = 'alert'): void => {
  db.prepare(`INSERT INTO outbox (id, kind, finding_id, policy, sink, key, status, next_attempt_at, created_at, done_at)
    VALUES (?, ?, ?, 'p', 'log', ?, ?, ?, ?, ?)`).run(id, kind, findingId, `k-${id}`, status, daysAgo(100), daysAgo(100), doneAt);
};

const ids = (db: Db, table: string): number[] => db.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];

/** Every row of every table, to prove that a dry run or a second purge changes nothing. */
function dump(db: Db): string {
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort()]));
}

const POLICY: RetentionPolicy = { findings_days: 30, scan_runs_days: 60, scan_errors_days: 10, delivered_alerts_days: 20, batch_rows: 7 };

function seed(db: Db): void {
  db.transaction(() => {
    // Finding k was first seen 61-k days ago: ids 1..30 are older than 30 days, 31..60 are not.
    for (let k = 1; k <= 60; k++) insertFinding(db, k, daysAgo(61 - k));
    insertOutbox(db, 1, 5, 'pending', null); // keeps finding 5
    insertOutbox(db, 2, 6, 'dead', daysAgo(5)); // dead, not expiring: keeps finding 6 (alerts retry may send it)
    insertOutbox(db, 3, 7, 'dead', daysAgo(25)); // dead and expiring: goes, and finding 7 with it
    insertOutbox(db, 4, 8, 'sent', daysAgo(40)); // delivered long ago: goes
    insertOutbox(db, 5, 40, 'sent', daysAgo(2)); // delivered recently: stays
    insertOutbox(db, 6, 9, 'dry-run', daysAgo(21), 'delete'); // a dry-run deletion, done: goes
    for (let j = 1; j <= 25; j++) {
      db.prepare(`INSERT INTO scan_errors (id, run_id, source, item_key, code, message, at) VALUES (?, 1, 'logs', ?, 'NOT_FOUND', 'gone', ?)`).run(j, `i-${j}`, daysAgo(j));
    }
    const run = db.prepare(`INSERT INTO runs (id, mode, params, status, started_at, finished_at) VALUES (?, ?, '{}', ?, ?, ?)`);
    run.run(1, 'scan', 'completed', daysAgo(91), daysAgo(90));
    run.run(2, 'scan', 'interrupted', daysAgo(71), daysAgo(70));
    run.run(3, 'daemon', 'running', daysAgo(100), null);
    run.run(4, 'scan', 'completed', daysAgo(62), daysAgo(61));
    run.run(5, 'scan', 'completed', daysAgo(11), daysAgo(10));
    run.run(6, 'scan', 'completed', daysAgo(81), daysAgo(80)); // the newest id: kept whatever its age
    const cp = db.prepare(`INSERT INTO checkpoints (namespace, source, state, updated_at) VALUES (?, 'logs', '{}', ?)`);
    for (const ns of ['scan:2', 'scan:5', 'daemon']) cp.run(ns, daysAgo(70));
    db.prepare(`INSERT INTO suppressions (value_hash, rule_id, finding_id, by_user, at) VALUES ('vh-3', 'test-rule', 3, 'alice', ?)`).run(daysAgo(50));
  })();
  setStatus(db, 3, { status: 'false_positive', by: 'alice', note: 'test data' }, new Date(daysAgo(50)));
  audit(db, { findingId: 3, policy: 'p', workspaceId: 'ws', conversationId: 'c-3', mode: 'dry-run', outcome: 'would-delete', httpStatus: null, detail: null });
}

describe('retention purge', () => {
  it('deletes exactly the expired rows per table, keeps the audit trail and undelivered findings; dry run and a second purge change nothing', async () => {
    const db = freshDb();
    try {
      seed(db);
      const before = dump(db);

      const dry = await purge(db, POLICY, { now: NOW, dryRun: true });
      expect(dump(db)).toBe(before);
      const counts = (r: typeof dry): Record<string, [number, number]> => Object.fromEntries(r.tables.map((t) => [t.table, [t.deleted, t.kept]]));
      const want = { outbox: [3, 0], findings: [28, 2], scan_errors: [15, 0], runs: [3, 1] };
      expect(counts(dry)).toEqual(want);
      expect(dry.checkpoints).toBe(1);

      const real = await purge(db, POLICY, { now: NOW });
      expect(counts(real)).toEqual(want);
      expect(real.checkpoints).toBe(1);
      expect(real.stopped).toBe(false);

      expect(ids(db, 'findings')).toEqual([5, 6, ...Array.from({ length: 30 }, (_, i) => 31 + i)]);
      expect(ids(db, 'outbox')).toEqual([1, 2, 5]);
      expect(ids(db, 'scan_errors')).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(ids(db, 'runs')).toEqual([3, 5, 6]);
      expect(db.prepare('SELECT namespace FROM checkpoints ORDER BY namespace').pluck().all()).toEqual(['daemon', 'scan:5']);
      // The audit trail of a purged finding stays: remediation audit, triage history, suppression.
      expect(listAudit(db).map((a) => a.finding_id)).toEqual([3]);
      expect(triageHistory(db, 3).map((t) => [t.status, t.by, t.note])).toEqual([['false_positive', 'alice', 'test data']]);
      expect(db.prepare('SELECT finding_id FROM suppressions').pluck().all()).toEqual([3]);

      const after = dump(db);
      const again = await purge(db, POLICY, { now: NOW });
      expect(again.tables.map((t) => t.deleted)).toEqual([0, 0, 0, 0]);
      expect(dump(db)).toBe(after);
    } finally {
      db.close();
    }
  });

  it('with every limit 0 keeps everything; a purge of all findings keeps the newest so its id is never reused', async () => {
    const db = freshDb();
    try {
      seed(db);
      const before = dump(db);
      const none = await purge(db, { findings_days: 0, scan_runs_days: 0, scan_errors_days: 0, delivered_alerts_days: 0, batch_rows: 1000 }, { now: NOW });
      expect(none.tables.every((t) => t.deleted === 0 && t.cutoff === null)).toBe(true);
      expect(dump(db)).toBe(before);

      // Everything is older than a day; pending and dead alerts keep 5 and 6, and the newest id stays.
      const r = await purge(db, { ...POLICY, findings_days: 1, delivered_alerts_days: 0 }, { now: new Date(NOW.getTime() + 5 * 86_400_000) });
      expect(ids(db, 'findings')).toEqual([5, 6, 7, 60]);
      expect(r.tables.find((t) => t.table === 'findings')).toMatchObject({ deleted: 56, kept: 4 });
      db.prepare(`INSERT INTO findings (fingerprint, workspace_id, source, source_kind, start_offset, end_offset, rule_id, category, severity,
        confidence, preview, first_seen_at, run_id) VALUES ('fp-new', 'ws', 'logs', 'message', 0, 1, 'r', 'secret', 'high', 'high', '*', ?, 1)`).run(NOW.toISOString());
      expect(db.prepare(`SELECT id FROM findings WHERE fingerprint = 'fp-new'`).pluck().get()).toBe(61);
    } finally {
      db.close();
    }
  });

  it('purges 20k rows in batches, yielding to the event loop between them, and gives the pages back', async () => {
    const db = freshDb();
    try {
      db.transaction(() => {
        for (let k = 1; k <= 20_000; k++) insertFinding(db, k, daysAgo(100));
        for (let k = 20_001; k <= 20_100; k++) insertFinding(db, k, daysAgo(1));
      })();
      const pagesBefore = db.pragma('page_count', { simple: true }) as number;
      // Counts the turns of the event loop while the purge runs: one per batch at least.
      let turns = 0;
      let running = true;
      const tick = (): void => {
        turns++;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      const r = await purge(db, { ...POLICY, batch_rows: 1000 }, { now: NOW });
      running = false;
      expect(r.tables.find((t) => t.table === 'findings')?.deleted).toBe(20_000);
      expect(db.prepare('SELECT COUNT(*) FROM findings').pluck().get()).toBe(100);
      expect(db.prepare('SELECT MIN(id) FROM findings').pluck().get()).toBe(20_001);
      expect(turns).toBeGreaterThanOrEqual(20);
      // New databases are auto_vacuum = incremental: the freed pages leave the file.
      expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(r.pagesReleased).toBeGreaterThan(0);
      expect(r.freePages).toBe(0);
      expect(db.pragma('page_count', { simple: true })).toBeLessThan(pagesBefore);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('a file content whose findings were purged is extracted again when it comes back', async () => {
    const db = freshDb();
    try {
      const file = db.prepare(`INSERT INTO files (sha256, size, kind, status, rules_digest, scanned_at, run_id) VALUES (?, 10, 'csv', 'scanned', 'digest-1', ?, 1)`);
      file.run('sha-old', daysAgo(50));
      file.run('sha-new', daysAgo(1));
      insertFinding(db, 1, daysAgo(50));
      insertFinding(db, 2, daysAgo(1));
      db.prepare(`UPDATE findings SET file_sha256 = 'sha-old', source_kind = 'file' WHERE id = 1`).run();
      db.prepare(`UPDATE findings SET file_sha256 = 'sha-new', source_kind = 'file' WHERE id = 2`).run();
      await purge(db, { ...POLICY, findings_days: 30 }, { now: NOW });
      expect(ids(db, 'findings')).toEqual([2]);
      const digests = Object.fromEntries((db.prepare('SELECT sha256, rules_digest FROM files').all() as { sha256: string; rules_digest: string }[]).map((r) => [r.sha256, r.rules_digest]));
      // The purged content no longer counts as scanned under any rules; the other is untouched.
      expect(digests).toEqual({ 'sha-old': '', 'sha-new': 'digest-1' });
    } finally {
      db.close();
    }
  });

  it('stops between batches when aborted, keeping what was deleted', async () => {
    const db = freshDb();
    try {
      db.transaction(() => {
        for (let k = 1; k <= 5000; k++) insertFinding(db, k, daysAgo(100));
      })();
      const ac = new AbortController();
      setImmediate(() => ac.abort());
      const r = await purge(db, { ...POLICY, batch_rows: 100 }, { now: NOW, signal: ac.signal });
      expect(r.stopped).toBe(true);
      const deleted = r.tables.find((t) => t.table === 'findings')?.deleted ?? 0;
      expect(deleted).toBeGreaterThan(0);
      expect(deleted).toBeLessThan(4999);
      expect(db.prepare('SELECT COUNT(*) FROM findings').pluck().get()).toBe(5000 - deleted);
    } finally {
      db.close();
    }
  });
});
