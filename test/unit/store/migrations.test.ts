import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/harness.js';
import { LATEST_SCHEMA_VERSION, migrate, openDb, openDbFile, schemaVersion, type Db } from '../../../src/store/db.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { checkDatabase } from '../../../src/store/check.js';
import { LeakwatchError } from '../../../src/errors.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const newPath = (): string => {
  const dir = tempDir('lw-migrate-');
  dirs.push(dir);
  return join(dir, 'leakwatch.db');
};

/** Representative rows of each schema version, inserted as that version's code would have. */
const ROWS: Record<number, Record<string, Record<string, unknown>[]>> = {
  1: {
    runs: [{ id: 1, mode: 'scan', resume_key: 'rk', params: '{"since":"2025-01-01"}', status: 'completed', started_at: '2025-01-01T00:00:00.000Z', finished_at: '2025-01-01T01:00:00.000Z', items_scanned: 10, findings_new: 2, errors: 1, summary: '{}' }],
    checkpoints: [{ namespace: 'daemon', source: 'logs', state: '{"after":"2025-01-01T00:00:00Z"}', updated_at: '2025-01-01T01:00:00.000Z' }],
    scanned_items: [{ item_key: 'm:ws:c1:m1', content_hash: 'h1', rules_digest: 'd1', source: 'logs', scanned_at: '2025-01-01T00:30:00.000Z', run_id: 1 }],
    findings: [1, 2].map((i) => ({
      id: i, fingerprint: `fp${i}`, workspace_id: 'ws', source: 'logs', source_kind: 'message', conversation_id: 'c1', message_id: `m${i}`, file_id: null,
      user_id: 'u1', user_email: 'a@example.com', author_role: 'user', message_time: '2024-12-31T00:00:00.000Z', start_offset: 3, end_offset: 19,
      rule_id: 'payment-card', category: 'financial', severity: 'high', confidence: 'high', preview: '4111********1111', first_seen_at: '2025-01-01T00:30:00.000Z', run_id: 1,
    })),
    scan_errors: [{ id: 1, run_id: 1, source: 'logs', item_key: 'm:ws:c2:m9', code: 'NOT_FOUND', message: 'gone', at: '2025-01-01T00:40:00.000Z' }],
    users: [{ id: 'u1', email: 'a@example.com', name: 'A', role: 'standard-user', status: 'enabled', updated_at: '2025-01-01T00:00:00.000Z' }],
  },
  2: {
    files: [{ sha256: 'ab'.repeat(32), size: 1234, kind: 'pdf', status: 'scanned', error_code: null, error_message: null, problems: 0, segments: 3, text_chars: 900, findings: 1, rules_digest: 'd1', scanned_at: '2025-01-02T00:00:00.000Z', run_id: 1 }],
    file_refs: [{ workspace_id: 'ws', file_id: 'file-1', conversation_id: 'c1', message_id: 'm1', name: 'report.pdf', user_id: 'u1', user_email: 'a@example.com', source: 'logs', sha256: 'ab'.repeat(32), size: 1234, status: 'scanned', error_code: null, error_message: null, rules_digest: 'd1', seen_at: '2025-01-02T00:00:00.000Z', run_id: 1 }],
  },
  3: {
    finding_triage: [{ id: 1, finding_id: 1, status: 'acknowledged', by_user: 'alice', note: 'looking', at: '2025-01-03T00:00:00.000Z' }],
    suppressions: [{ id: 1, value_hash: 'vh', rule_id: null, finding_id: 2, by_user: 'alice', note: null, at: '2025-01-03T00:00:00.000Z' }],
    settings: [{ key: 'value_hash_salt', value: '00'.repeat(32) }],
  },
  4: {
    outbox: [{ id: 1, kind: 'alert', finding_id: 1, policy: 'p', sink: 'log', digest_key: null, key: 'alert:x', status: 'pending', attempts: 0, next_attempt_at: '2025-01-04T00:00:00.000Z', last_error: null, created_at: '2025-01-04T00:00:00.000Z', done_at: null }],
    remediation_audit: [{ id: 1, at: '2025-01-04T00:00:00.000Z', finding_id: 1, policy: 'p', workspace_id: 'ws', conversation_id: 'c1', mode: 'dry-run', outcome: 'would-delete', http_status: null, detail: null }],
  },
};

function insert(db: Db, table: string, row: Record<string, unknown>): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
}

/** A database as an older leakwatch left it: its migrations only, and rows written at each version. */
function buildAt(path: string, version: number): void {
  const db = openDbFile(path, { readonly: false });
  try {
    db.pragma('journal_mode = WAL');
    for (let v = 1; v <= version; v++) {
      migrate(db, v);
      for (const [table, rows] of Object.entries(ROWS[v] ?? {})) for (const r of rows) insert(db, table, r);
    }
    expect(schemaVersion(db)).toBe(version);
  } finally {
    db.close();
  }
}

describe('schema upgrades', () => {
  const older = Array.from({ length: LATEST_SCHEMA_VERSION - 1 }, (_, i) => i + 1);

  it.each(older)('a database at schema version %i opens with the current code: every row survives, the schema is current', (version) => {
    const path = newPath();
    buildAt(path, version);
    const before = checkDatabase(path);
    expect(before.schema?.state).toBe('older');
    expect(before.problems).toEqual([]);

    const db = openDb(path);
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      for (let v = 1; v <= version; v++) {
        for (const [table, rows] of Object.entries(ROWS[v] ?? {})) {
          for (const r of rows) {
            const cols = Object.keys(r);
            const got = db.prepare(`SELECT ${cols.join(', ')} FROM ${table} WHERE ${cols.map((c) => `${c} IS @${c}`).join(' AND ')}`).all(r);
            expect(got, `${table} row ${JSON.stringify(r)}`).toEqual([r]);
          }
          expect(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(rows.length);
        }
      }
      // Columns added later take their defaults on old rows.
      expect(db.prepare('SELECT status, value_hash, policy FROM findings WHERE id = 1').get()).toEqual({ status: 'open', value_hash: null, policy: null });
      // And the upgraded database takes new rows of every table.
      for (let v = version + 1; v <= 4; v++) for (const [table, rows] of Object.entries(ROWS[v] ?? {})) for (const r of rows) insert(db, table, r);
    } finally {
      db.close();
    }
    const after = checkDatabase(path);
    expect(after.schema?.state).toBe('current');
    expect(after.problems).toEqual([]);
  });

  it('5 moves the single-workspace daemon checkpoint to its workspace (the last daemon run\'s), nothing else', () => {
    const path = newPath();
    buildAt(path, 4);
    const raw = openDbFile(path, { readonly: false });
    insert(raw, 'runs', { id: 7, mode: 'daemon', resume_key: null, params: '{"workspace":"ws-old","pollIntervalSeconds":60}', status: 'completed', started_at: '2025-01-05T00:00:00.000Z', finished_at: null, items_scanned: 0, findings_new: 0, errors: 0, summary: null });
    insert(raw, 'runs', { id: 8, mode: 'daemon', resume_key: null, params: '{"workspace":"ws-1","pollIntervalSeconds":60}', status: 'completed', started_at: '2025-01-06T00:00:00.000Z', finished_at: null, items_scanned: 0, findings_new: 0, errors: 0, summary: null });
    insert(raw, 'checkpoints', { namespace: 'scan:1', source: 'logs', state: '{}', updated_at: '2025-01-06T00:00:00.000Z' });
    raw.close();
    const db = openDb(path);
    try {
      expect(db.prepare('SELECT namespace, source, state FROM checkpoints ORDER BY namespace').all()).toEqual([
        { namespace: 'daemon:ws-1', source: 'logs', state: '{"after":"2025-01-01T00:00:00Z"}' },
        { namespace: 'scan:1', source: 'logs', state: '{}' },
      ]);
    } finally {
      db.close();
    }
  });

  it('runs each migration in a transaction with its version: the schema it builds is the one a new database has', () => {
    const upgraded = newPath();
    buildAt(upgraded, 1);
    openDb(upgraded).close();
    const fresh = newPath();
    openDb(fresh).close();
    const schemaOf = (p: string): unknown => {
      const db = openDbFile(p, { readonly: true });
      try {
        return db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name`).all();
      } finally {
        db.close();
      }
    };
    expect(schemaOf(upgraded)).toEqual(schemaOf(fresh));
    expect(MIGRATIONS.length).toBe(LATEST_SCHEMA_VERSION);
  });

  it('refuses a database from a newer leakwatch, naming both versions, and leaves it untouched', () => {
    const path = newPath();
    openDb(path).close();
    const raw = openDbFile(path, { readonly: false });
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    let err: unknown;
    try {
      openDb(path).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LeakwatchError);
    expect((err as LeakwatchError).code).toBe('DB_TOO_NEW');
    expect((err as LeakwatchError).message).toContain(`${LATEST_SCHEMA_VERSION + 1}`);
    const h = checkDatabase(path);
    expect(h.schema?.state).toBe('newer');
    expect(h.schema?.note).toMatch(/too old/);
    expect(h.schema?.version).toBe(LATEST_SCHEMA_VERSION + 1);
  });
});
