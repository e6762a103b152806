import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../../src/store/db.js';
import { buildSummary, checkpointLag } from '../../../src/web/summary.js';
import { parseReportQuery } from '../../../src/web/range.js';
import { esc, renderPage } from '../../../src/web/page.js';
import { loopbackListen, startReportServer } from '../../../src/web/server.js';
import { request } from 'node:http';
import { CapturedLog } from '../../helpers/harness.js';
import { resolveReportToken, tokenMatches } from '../../../src/web/token.js';
import { LeakwatchError } from '../../../src/errors.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const WS_A = 'ws-a';
const WS_B = 'ws-b';

interface F {
  ws?: string;
  at: string | null;
  firstSeen?: string;
  rule: string;
  category: string;
  severity: string;
  email?: string | null;
  userId?: string | null;
  kind?: string;
  status?: string;
  preview?: string;
}

let seq = 0;
function addFinding(db: Db, f: F): number {
  seq++;
  const info = db.prepare(`INSERT INTO findings (fingerprint, workspace_id, source, source_kind, conversation_id, message_id, user_id, user_email,
      message_time, start_offset, end_offset, rule_id, category, severity, confidence, preview, first_seen_at, run_id, status)
    VALUES (?, ?, 'logs', ?, ?, ?, ?, ?, ?, 0, 4, ?, ?, ?, 'high', ?, ?, 1, ?)`).run(
    `fp-${seq}`, f.ws ?? WS_A, f.kind ?? 'message', `conv-${seq % 3}`, `msg-${seq}`, f.userId ?? null, f.email === undefined ? 'alice@example.com' : f.email,
    f.at, f.rule, f.category, f.severity, f.preview ?? '4111********1111', f.firstSeen ?? '2026-03-15T11:00:00.000Z', f.status ?? 'open');
  return Number(info.lastInsertRowid);
}

describe('report summary over a hand-built database', () => {
  let dir: string;
  let db: Db;
  const ids: Record<string, number> = {};

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-report-unit-'));
    db = openDb(join(dir, 'r.db'));
    db.prepare(`INSERT INTO users (id, email, name, role, status, updated_at) VALUES ('user-bob', 'bob@example.com', 'Bob', 'member', 'active', ?)`).run(NOW.toISOString());
    // ws-a, inside the last 7 days
    ids.a1 = addFinding(db, { at: '2026-03-14T10:00:00.000Z', rule: 'visa-card', category: 'financial', severity: 'high' });
    ids.a2 = addFinding(db, { at: '2026-03-14T11:30:00.000Z', rule: 'visa-card', category: 'financial', severity: 'high', status: 'resolved' });
    ids.a3 = addFinding(db, { at: '2026-03-10T09:00:00.000Z', rule: 'aws-access-key-id', category: 'secret', severity: 'critical', email: null, userId: 'user-bob' });
    ids.a4 = addFinding(db, { at: '2026-03-09T00:00:00.000Z', rule: 'us-ssn', category: 'pii', severity: 'critical', email: null, userId: 'user-unknown', kind: 'file' });
    // no message time: counted at first_seen_at
    ids.a5 = addFinding(db, { at: null, firstSeen: '2026-03-13T08:00:00.000Z', rule: 'email-address', category: 'pii', severity: 'low', email: 'carol@example.com' });
    // ws-a, 20 days ago (in 30d, not in 7d)
    ids.a6 = addFinding(db, { at: '2026-02-23T12:00:00.000Z', rule: 'iban', category: 'financial', severity: 'medium', email: 'carol@example.com' });
    // ws-a, 100 days ago (outside 90d)
    ids.a7 = addFinding(db, { at: '2025-12-05T12:00:00.000Z', rule: 'iban', category: 'financial', severity: 'medium' });
    // ws-b
    ids.b1 = addFinding(db, { ws: WS_B, at: '2026-03-12T12:00:00.000Z', rule: 'github-token', category: 'secret', severity: 'critical', email: 'dave@example.com' });
    // exactly at the end of the range (excluded) and at its start (included)
    ids.edge = addFinding(db, { ws: WS_B, at: '2026-03-15T12:00:00.000Z', rule: 'github-token', category: 'secret', severity: 'critical', email: 'dave@example.com' });
    const err = db.prepare('INSERT INTO scan_errors (run_id, source, item_key, code, message, at) VALUES (1, ?, ?, ?, ?, ?)');
    err.run('files', 'file-1', 'EXTRACT_TIMEOUT', 'took too long', '2026-03-14T00:00:00.000Z');
    err.run('files', 'file-2', 'EXTRACT_TIMEOUT', 'took too long', '2026-03-13T00:00:00.000Z');
    err.run('logs', 'msg-9', 'ITEM_404', 'gone <b>', '2026-03-12T00:00:00.000Z');
    err.run('logs', 'msg-8', 'ITEM_404', 'old', '2026-01-01T00:00:00.000Z');
    const cp = db.prepare('INSERT INTO checkpoints (namespace, source, state, updated_at) VALUES (?, ?, ?, ?)');
    cp.run('daemon', 'logs', JSON.stringify({ after: '2026-03-15T11:00:00.000Z', doneAtBoundary: [] }), '2026-03-15T11:55:00.000Z');
    cp.run('scan:1', 'conversations', JSON.stringify({ since: Date.parse('2026-03-14T12:00:00.000Z') / 1000, walkStartedAt: null, after: null }), '2026-03-15T10:00:00.000Z');
    const ob = db.prepare(`INSERT INTO outbox (kind, finding_id, policy, sink, key, status, attempts, next_attempt_at, last_error, created_at)
      VALUES (?, ?, 'p', ?, ?, ?, ?, ?, ?, ?)`);
    ob.run('alert', ids.a1, 'hook', 'k1', 'sent', 1, '2026-03-14T10:00:00.000Z', null, '2026-03-14T10:00:00.000Z');
    ob.run('alert', ids.a2, 'hook', 'k2', 'dead', 10, '2026-03-14T10:00:00.000Z', 'HTTP 500', '2026-03-14T11:00:00.000Z');
    ob.run('alert', ids.b1, 'hook', 'k3', 'pending', 2, '2026-03-15T12:10:00.000Z', 'HTTP 503', '2026-03-15T11:00:00.000Z');
    ob.run('delete', ids.a3, null, 'k4', 'dry-run', 0, '2026-03-10T09:00:00.000Z', null, '2026-03-10T09:00:00.000Z');
  });

  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const summary = (input: Parameters<typeof parseReportQuery>[0]) => buildSummary(db, parseReportQuery(input, NOW), NOW);

  it('counts the last 7 days over every workspace: [from, to) on the message time, else first seen', () => {
    const s = summary({ since: '7d' });
    // a1..a5, b1; not a6 (20 days), a7 (100 days), edge (= to, excluded)
    expect(s.totals.findings).toBe(6);
    expect(s.totals.open).toBe(5);
    expect(s.bySeverity).toEqual([{ key: 'critical', n: 3 }, { key: 'high', n: 2 }, { key: 'low', n: 1 }]);
    expect(s.byCategory).toEqual([{ key: 'financial', n: 2 }, { key: 'pii', n: 2 }, { key: 'secret', n: 2 }]);
    expect(s.bySourceKind).toEqual([{ key: 'message', n: 5 }, { key: 'file', n: 1 }]);
    expect(s.byStatus).toEqual([{ key: 'open', n: 5 }, { key: 'resolved', n: 1 }]);
    expect(s.byRule.map((r) => [r.rule_id, r.n, r.open])).toEqual([['visa-card', 2, 1], ['aws-access-key-id', 1, 1], ['email-address', 1, 1], ['github-token', 1, 1], ['us-ssn', 1, 1]]);
    expect(s.workspaces).toEqual([{ key: WS_A, n: 7 }, { key: WS_B, n: 2 }]);
  });

  it('names users by e-mail, from the users table when the finding has none, else by id', () => {
    const s = summary({ since: '7d' });
    expect(s.topUsers.map((u) => [u.user, u.n, u.critical, u.high])).toEqual([
      ['alice@example.com', 2, 0, 2], ['bob@example.com', 1, 1, 0], ['carol@example.com', 1, 0, 0], ['dave@example.com', 1, 1, 0], ['user-unknown', 1, 1, 0],
    ]);
    expect(s.totals.users).toBe(5);
  });

  it('filters by workspace', () => {
    const a = summary({ since: '30d', workspace: WS_A });
    expect(a.totals.findings).toBe(6);
    expect(a.recent.every((f) => f.workspace_id === WS_A)).toBe(true);
    const b = summary({ since: '30d', workspace: WS_B });
    expect(b.totals.findings).toBe(1);
    expect(summary({ since: '90d', workspace: 'nope' }).totals.findings).toBe(0);
  });

  it('takes a custom range whose bare "to" date is included whole', () => {
    const s = summary({ from: '2026-02-23', to: '2026-03-09' });
    expect(s.range).toMatchObject({ from: '2026-02-23T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z', preset: 'custom', unit: 'day' });
    expect(s.recent.map((f) => f.id).sort()).toEqual([ids.a4, ids.a6].sort());
  });

  it('zero-fills the timeline per day, or per hour for short ranges, summing to the total', () => {
    const s = summary({ since: '30d' });
    expect(s.range.unit).toBe('day');
    expect(s.timeline.t.length).toBe(31); // the partial first day and the 30 after it
    expect(s.timeline.total.reduce((a, n) => a + n, 0)).toBe(s.totals.findings);
    const day14 = s.timeline.t.indexOf(Date.parse('2026-03-14T00:00:00Z') / 1000);
    expect(s.timeline.total[day14]).toBe(2);
    expect(s.timeline.bySeverity.high?.[day14]).toBe(2);
    const h = summary({ since: '48h' });
    expect(h.range.unit).toBe('hour');
    expect(h.timeline.t.length).toBe(48);
    expect(h.timeline.total.reduce((a, n) => a + n, 0)).toBe(h.totals.findings);
  });

  it('lists recent findings newest first with the masked preview and triage status, nothing else of the value', () => {
    const s = summary({ since: '7d' });
    expect(s.recent.map((f) => f.id)).toEqual([ids.a2, ids.a1, ids.a5, ids.b1, ids.a3, ids.a4]);
    expect(s.recent[0]).toMatchObject({ status: 'resolved', preview: '4111********1111', user: 'alice@example.com' });
    expect(Object.keys(s.recent[0] ?? {})).not.toContain('value_hash');
  });

  it('counts scan errors by code in the range, newest first', () => {
    const s = summary({ since: '7d' });
    expect(s.totals.scanErrors).toBe(3);
    expect(s.errors.byCode).toEqual([{ key: 'EXTRACT_TIMEOUT', n: 2 }, { key: 'ITEM_404', n: 1 }]);
    expect(s.errors.recent.map((e) => e.item_key)).toEqual(['file-1', 'file-2', 'msg-9']);
  });

  it('computes checkpoint lag from each source\'s state', () => {
    const s = summary({ since: '7d' });
    expect(s.checkpoints.map((c) => [c.namespace, c.source, c.lagSeconds, c.updatedAgoSeconds])).toEqual([
      ['daemon', 'logs', 3600, 300], ['scan:1', 'conversations', 86_400, 7200],
    ]);
    expect(checkpointLag({ namespace: 'x', source: 'logs', state: 'not json', updated_at: NOW.toISOString() }, NOW).lagSeconds).toBeNull();
  });

  it('reports alert delivery by kind, sink and state, and the dead ones, per workspace', () => {
    const all = summary({ since: '7d' });
    expect(all.delivery.counts.map((c) => [c.kind, c.sink, c.status, c.n])).toEqual([
      ['alert', 'hook', 'dead', 1], ['alert', 'hook', 'pending', 1], ['alert', 'hook', 'sent', 1], ['delete', null, 'dry-run', 1],
    ]);
    expect(all.totals.deadDeliveries).toBe(1);
    expect(all.totals.pendingDeliveries).toBe(1);
    expect(all.delivery.dead.map((d) => [d.finding_id, d.last_error])).toEqual([[ids.a2, 'HTTP 500']]);
    const b = summary({ since: '7d', workspace: WS_B });
    expect(b.delivery.counts.map((c) => c.status)).toEqual(['pending']);
    expect(b.totals.deadDeliveries).toBe(0);
  });

  it('escapes everything from the database in the page', () => {
    const id = addFinding(db, { at: '2026-03-14T12:00:00.000Z', rule: 'x"><script>alert(1)</script>', category: 'custom', severity: 'high', preview: '<img src=x onerror=alert(1)>', email: '"><b>@x' });
    try {
      const html = renderPage(summary({ since: '7d' }), 'live');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('"><b>');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('gone &lt;b&gt;');
    } finally {
      db.prepare('DELETE FROM findings WHERE id = ?').run(id);
    }
  });
});

describe('report boundaries', () => {
  const usage = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(LeakwatchError);
      return (err as LeakwatchError).message;
    }
    throw new Error('expected an error');
  };

  it('validates the range filters with a message that says how to fix them', () => {
    expect(parseReportQuery({}, NOW).range).toMatchObject({ preset: '30d', to: NOW });
    expect(parseReportQuery({ since: 'custom', from: '2026-01-01', to: '2026-01-31' }, NOW).range.to.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(parseReportQuery({ since: '7d', from: '2026-01-01' }, NOW).range.preset).toBe('7d');
    expect(usage(() => parseReportQuery({ since: 'forever' }, NOW))).toMatch(/not an age: use .* 30d/);
    expect(usage(() => parseReportQuery({ since: 'custom' }, NOW))).toMatch(/needs a from date/);
    expect(usage(() => parseReportQuery({ from: 'yesterday' }, NOW))).toMatch(/from "yesterday" is not a date/);
    expect(usage(() => parseReportQuery({ from: '2026-03-10', to: '2026-03-01' }, NOW))).toMatch(/must be before/);
    expect(usage(() => parseReportQuery({ from: '1900-01-01' }, NOW))).toMatch(/10 years/);
  });

  it('answers only requests addressed to this machine by name (DNS rebinding is refused before the token)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-report-host-'));
    const db = openDb(join(dir, 'r.db'));
    const token = 'a-test-token-of-enough-length';
    const server = await startReportServer({ db, listen: '127.0.0.1:0', token, log: new CapturedLog('silent').logger });
    const status = (host: string): Promise<number> => new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.address.port, path: `/?token=${token}`, headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    try {
      expect(await status(`rebound.example.com:${server.address.port}`)).toBe(421);
      expect(await status('attacker.test')).toBe(421);
      expect(await status(`127.0.0.1:${server.address.port}`)).toBe(303);
      expect(await status(`localhost:${server.address.port}`)).toBe(303);
      expect(await status(`[::1]:${server.address.port}`)).toBe(303);
    } finally {
      await server.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('listens on loopback only', () => {
    expect(loopbackListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(loopbackListen('[::1]:8731')).toEqual({ host: '::1', port: 8731 });
    expect(loopbackListen('localhost:9000')).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(() => loopbackListen('0.0.0.0:8731')).toThrow(/loopback only/);
    expect(() => loopbackListen('8731')).toThrow(/not host:port/);
  });

  it('takes the token from a file, the environment, or makes a random one, and compares it whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-token-'));
    try {
      expect(resolveReportToken({ tokenFile: null, tokenEnv: 'LW_T' }, { LW_T: ' 0123456789abcdefXYZ ' })).toEqual({ value: '0123456789abcdefXYZ', origin: 'env' });
      const r = resolveReportToken({ tokenFile: null, tokenEnv: 'LW_T' }, {});
      expect(r.origin).toBe('random');
      expect(r.value.length).toBeGreaterThanOrEqual(43);
      expect(() => resolveReportToken({ tokenFile: null, tokenEnv: 'LW_T' }, { LW_T: 'short' })).toThrow(/at least 16/);
      expect(() => resolveReportToken({ tokenFile: join(dir, 'missing'), tokenEnv: 'LW_T' }, {})).toThrow(/report.token_file: cannot read/);
      expect(tokenMatches('0123456789abcdef', '0123456789abcdef')).toBe(true);
      expect(tokenMatches('0123456789abcdef', '0123456789abcde')).toBe(false);
      expect(tokenMatches('0123456789abcdef', undefined)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('esc() covers the five HTML metacharacters', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
