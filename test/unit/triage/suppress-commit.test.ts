import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../../src/store/db.js';
import { Store, type FindingRow } from '../../../src/store/store.js';
import { Policies } from '../../../src/policy/match.js';

function row(over: Partial<FindingRow>): FindingRow {
  return {
    fingerprint: 'fp', workspaceId: 'ws', source: 'logs', sourceKind: 'message', conversationId: 'c1', messageId: 'm1', fileId: null,
    userId: 'u', userEmail: 'a@example.com', authorRole: 'user', messageTime: null, start: 0, end: 4, ruleId: 'us-ssn', category: 'pii',
    severity: 'high', confidence: 'high', preview: '1**4', valueHash: 'h1', ...over,
  };
}

describe('store commit', () => {
  it('drops a finding whose value triage suppressed, for its rule or for all rules', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'lw-sup-')), 'x.db'));
    const store = new Store(db);
    db.prepare(`INSERT INTO suppressions (value_hash, rule_id, finding_id, by_user, at) VALUES ('h1', 'us-ssn', 1, 't', 'now'), ('h2', NULL, 1, 't', 'now')`).run();
    const commit = (f: FindingRow): number => store.commit({ runId: 1, rulesDigest: 'd', findings: [f], scanned: [], errors: [], checkpoint: null });
    expect(commit(row({ fingerprint: 'a' }))).toBe(0);
    expect(commit(row({ fingerprint: 'b', ruleId: 'ca-sin' }))).toBe(1);
    expect(commit(row({ fingerprint: 'c', valueHash: 'h2', ruleId: 'anything' }))).toBe(0);
    expect(commit(row({ fingerprint: 'd', valueHash: null }))).toBe(1);
    expect(store.suppressedCount).toBe(2);
    db.close();
  });

  it('acts on new findings only: the first matching policy decides, its alerts and deletion go to the outbox once', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'lw-pol-')), 'x.db'));
    const policies = new Policies([
      { name: 'quiet', match: { users: ['qa@example.com'] }, actions: { alert: [], delete: false, ignore: true } },
      { name: 'pii-alert', match: { categories: ['pii'], min_severity: 'high' }, actions: { alert: ['log', 'hook'], delete: true, ignore: false } },
      { name: 'never-reached', match: {}, actions: { alert: ['other'], delete: false, ignore: false } },
    ]);
    const store = new Store(db, { policies });
    const commit = (f: FindingRow): void => {
      store.commit({ runId: 1, rulesDigest: 'd', findings: [f], scanned: [], errors: [], checkpoint: null });
    };
    commit(row({ fingerprint: 'a' }));
    commit(row({ fingerprint: 'a' })); // the same finding again: nothing more queued
    commit(row({ fingerprint: 'b', userEmail: 'QA@example.com' }));
    commit(row({ fingerprint: 'c', messageId: 'm2' })); // same conversation: one deletion in all
    const outbox = db.prepare('SELECT kind, sink, policy FROM outbox ORDER BY id').all();
    expect(outbox).toEqual([
      { kind: 'alert', sink: 'log', policy: 'pii-alert' }, { kind: 'alert', sink: 'hook', policy: 'pii-alert' }, { kind: 'delete', sink: null, policy: 'pii-alert' },
      { kind: 'alert', sink: 'log', policy: 'pii-alert' }, { kind: 'alert', sink: 'hook', policy: 'pii-alert' },
    ]);
    const actions = db.prepare('SELECT fingerprint, policy, policy_action FROM findings ORDER BY id').all();
    expect(actions).toEqual([
      { fingerprint: 'a', policy: 'pii-alert', policy_action: 'alert+delete' },
      { fingerprint: 'b', policy: 'quiet', policy_action: 'ignore' },
      { fingerprint: 'c', policy: 'pii-alert', policy_action: 'alert+delete' },
    ]);
    db.close();
  });
});
