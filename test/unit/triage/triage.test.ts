import { downgradeTo } from '../../helpers/downgrade.js';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { join } from 'node:path';
import { openDb, type Db } from '../../../src/store/db.js';
import { Store, type FindingRow } from '../../../src/store/store.js';
import { listFindings } from '../../../src/store/queries.js';
import { setStatus, triageHistory } from '../../../src/store/triage.js';
import { getOrCreateValueSalt, isSuppressed, listSuppressions, loadSuppressions, suppressFinding, type SuppressionSet } from '../../../src/store/suppressions.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { isLeakwatchError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/harness.js';

function row(n: number, over: Partial<FindingRow> = {}): FindingRow {
  return {
    fingerprint: `fp-${n}`, workspaceId: 'ws', source: 'logs', sourceKind: 'message', conversationId: `c-${n}`, messageId: `m-${n}`,
    fileId: null, userId: 'u', userEmail: 'u@example.com', authorRole: 'user', messageTime: `2025-01-0${n}T00:00:00.000Z`,
    start: 0, end: 4, ruleId: 'payment-card', category: 'financial', severity: 'critical', confidence: 'high', preview: '****', ...over,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isLeakwatchError(err) ? err.code : 'not a LeakwatchError';
  }
  return undefined;
}

describe('triage and suppressions (store)', () => {
  let db: Db;
  let ids: number[];
  beforeEach(() => {
    db = openDb(join(tempDir(), 'lw.db'));
    const store = new Store(db);
    const runId = store.startRun('scan', {}, null);
    store.commit({ runId, rulesDigest: 'd', scanned: [], errors: [], checkpoint: null, findings: [
      row(1, { valueHash: 'h-card' }), row(2, { valueHash: 'h-card' }), row(3), row(4, { valueHash: 'h-ssn', ruleId: 'us-ssn' }),
    ] });
    ids = listFindings(db, {}).map((f) => f.id);
  });
  afterEach(() => db.close());

  it('new findings are open; setStatus updates the row and appends history in order', () => {
    const id = ids[0]!;
    expect(listFindings(db, { id })[0]).toMatchObject({ status: 'open', value_hash: 'h-card' });
    expect(triageHistory(db, id)).toEqual([]);
    const r1 = setStatus(db, id, { status: 'acknowledged', by: 'ann', note: 'looking' }, new Date('2025-02-01T00:00:00Z'));
    expect(r1).toMatchObject({ findingId: id, from: 'open', to: 'acknowledged' });
    const r2 = setStatus(db, id, { status: 'resolved', by: 'bob' }, new Date('2025-02-02T00:00:00Z'));
    expect(r2.from).toBe('acknowledged');
    expect(triageHistory(db, id).map(({ status, by, note, at }) => ({ status, by, note, at }))).toEqual([
      { status: 'acknowledged', by: 'ann', note: 'looking', at: '2025-02-01T00:00:00.000Z' },
      { status: 'resolved', by: 'bob', note: null, at: '2025-02-02T00:00:00.000Z' },
    ]);
    expect(listFindings(db, { status: 'resolved' }).map((f) => f.id)).toEqual([id]);
    expect(listFindings(db, { status: 'open' })).toHaveLength(3);
    expect(triageHistory(db, ids[1]!)).toEqual([]);
  });

  it('an unknown id is FINDING_NOT_FOUND and changes nothing; a bad status is refused', () => {
    expect(codeOf(() => setStatus(db, 9999, { status: 'resolved', by: 'x' }))).toBe('FINDING_NOT_FOUND');
    try {
      setStatus(db, 9999, { status: 'resolved', by: 'x' });
    } catch (err) {
      expect((err as Error).message).toContain('9999');
    }
    expect(codeOf(() => setStatus(db, ids[0]!, { status: 'closed' as never, by: 'x' }))).toBe('USAGE');
    // All or nothing across several findings, as the CLI does it.
    expect(codeOf(() => db.transaction(() => {
      setStatus(db, ids[0]!, { status: 'resolved', by: 'x' });
      setStatus(db, 9999, { status: 'resolved', by: 'x' });
    })())).toBe('FINDING_NOT_FOUND');
    expect(listFindings(db, { id: ids[0]! })[0]!.status).toBe('open');
    expect(triageHistory(db, ids[0]!)).toEqual([]);
  });

  it('suppress by rule or for every rule; once per value and scope; no hash, no suppression', () => {
    const s1 = suppressFinding(db, ids[0]!, { scope: 'rule', by: 'ann', note: 'test card' });
    expect(s1.created).toBe(true);
    expect(s1.entry).toMatchObject({ valueHash: 'h-card', ruleId: 'payment-card', findingId: ids[0], by: 'ann', note: 'test card' });
    // Same value, same rule, from the other finding: already there.
    expect(suppressFinding(db, ids[1]!, { scope: 'rule', by: 'bob' }).created).toBe(false);
    expect(suppressFinding(db, ids[3]!, { scope: 'all', by: 'bob' }).entry.ruleId).toBeNull();
    expect(codeOf(() => suppressFinding(db, ids[2]!, { scope: 'rule', by: 'ann' }))).toBe('NO_VALUE_HASH');
    expect(codeOf(() => suppressFinding(db, 9999, { scope: 'rule', by: 'ann' }))).toBe('FINDING_NOT_FOUND');
    expect(listSuppressions(db)).toHaveLength(2);

    const set = loadSuppressions(db);
    expect(set.all).toEqual(new Set(['h-ssn']));
    expect(set.byRule).toEqual(new Map([['payment-card', new Set(['h-card'])]]));
    expect(isSuppressed(set, 'payment-card', 'h-card')).toBe(true);
    expect(isSuppressed(set, 'iban', 'h-card')).toBe(false);
    expect(isSuppressed(set, 'anything', 'h-ssn')).toBe(true);
    expect(isSuppressed(set, 'payment-card', 'h-other')).toBe(false);
    expect(isSuppressed(set, 'payment-card', null)).toBe(false);
  });

  it('isSuppressed is pure over plain sets', () => {
    const s: SuppressionSet = { all: new Set(['a']), byRule: new Map([['r1', new Set(['b'])], ['r2', new Set()]]) };
    expect([isSuppressed(s, 'r9', 'a'), isSuppressed(s, 'r1', 'b'), isSuppressed(s, 'r2', 'b'), isSuppressed(s, 'r1', ''), isSuppressed(s, 'r1', undefined)])
      .toEqual([true, true, false, false, false]);
  });

  it('the value salt is 32 random bytes, created once and kept', () => {
    const salt = getOrCreateValueSalt(db);
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect(getOrCreateValueSalt(db)).toBe(salt);
    const other = openDb(join(tempDir(), 'other.db'));
    try {
      expect(getOrCreateValueSalt(other)).not.toBe(salt);
    } finally {
      other.close();
    }
  });

  it('migrates a database of the previous version: existing findings become open, without a value hash', () => {
    const path = join(tempDir(), 'old.db');
    const v2 = openDb(path);
    downgradeTo(v2, 2);
    v2.prepare(`INSERT INTO findings (fingerprint, workspace_id, source, source_kind, start_offset, end_offset, rule_id, category, severity,
      confidence, preview, first_seen_at, run_id) VALUES ('old', 'ws', 'logs', 'message', 0, 1, 'r', 'c', 'low', 'low', '*', 'now', 1)`).run();
    v2.close();
    const db2 = openDb(path);
    try {
      expect(db2.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(listFindings(db2, {})[0]).toMatchObject({ fingerprint: 'old', status: 'open', value_hash: null });
      const id = listFindings(db2, {})[0]!.id;
      expect(codeOf(() => suppressFinding(db2, id, { scope: 'all', by: 'x' }))).toBe('NO_VALUE_HASH');
    } finally {
      db2.close();
    }
  });
});
