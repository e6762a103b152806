import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/harness.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { userRisk } from '../../../src/store/user-risk.js';
import { buildSummary } from '../../../src/web/summary.js';
import { parseReportQuery } from '../../../src/web/range.js';
import { renderPage } from '../../../src/web/page.js';

const NOW = new Date('2026-03-31T00:00:00.000Z');
const DAY = 86_400_000;
/** N days before NOW. */
const ago = (n: number): string => new Date(NOW.getTime() - n * DAY).toISOString();

let dir: string;
let db: Db;
let seq = 0;

function add(f: { ws?: string; at: string | null; firstSeen?: string; severity: string; category?: string; email?: string | null; userId?: string | null; status?: string }): void {
  seq++;
  db.prepare(`INSERT INTO findings (fingerprint, workspace_id, source, source_kind, user_id, user_email, message_time, start_offset, end_offset,
      rule_id, category, severity, confidence, preview, first_seen_at, run_id, status)
    VALUES (?, ?, 'logs', 'message', ?, ?, ?, 0, 4, 'r', ?, ?, 'high', 'x***', ?, 1, ?)`).run(
    `fp-${seq}`, f.ws ?? 'ws-a', f.userId ?? null, f.email === undefined ? null : f.email, f.at, f.category ?? 'pii', f.severity, f.firstSeen ?? ago(0.5), f.status ?? 'open');
}

beforeAll(() => {
  dir = tempDir('lw-risk-');
  db = openDb(join(dir, 'r.db'));
  db.prepare(`INSERT INTO users (id, email, name, role, status, updated_at) VALUES ('user-bob', 'bob@example.com', 'Bob', 'standard-user', 'active', ?)`).run(NOW.toISOString());
  // alice: 2 critical secrets (20) + 1 low pii (1) this period = 21; 1 high before (6): up +15
  add({ at: ago(1), severity: 'critical', category: 'secret', email: 'alice@example.com' });
  add({ at: ago(2), severity: 'critical', category: 'secret', email: 'alice@example.com', status: 'resolved' });
  add({ at: ago(3), severity: 'low', category: 'pii', email: 'alice@example.com' });
  add({ at: ago(40), severity: 'high', category: 'pii', email: 'alice@example.com' });
  // bob (by user id, e-mail from the users table): 5 medium pii = 15 now, 5 medium before = 15: same
  for (let i = 0; i < 5; i++) add({ at: ago(5 + i), severity: 'medium', userId: 'user-bob' });
  for (let i = 0; i < 5; i++) add({ at: ago(35 + i), severity: 'medium', userId: 'user-bob' });
  // carol: many low findings (8 × 1 = 8) but more findings than alice: ranks below on risk; nothing before: new
  for (let i = 0; i < 8; i++) add({ at: ago(10), severity: 'low', category: 'custom', email: 'carol@example.com' });
  // dave: one high now (6), three critical before (30): down -24; in workspace b, its time only from first_seen_at
  add({ ws: 'ws-b', at: null, firstSeen: ago(4), severity: 'high', category: 'financial', email: 'dave@example.com' });
  for (let i = 0; i < 3; i++) add({ ws: 'ws-b', at: ago(50), severity: 'critical', category: 'financial', email: 'dave@example.com' });
  // eve: only before the two periods; nobody: findings without a user
  add({ at: ago(70), severity: 'critical', email: 'eve@example.com' });
  add({ at: ago(1), severity: 'critical' });
  // the end of the range is excluded
  add({ at: NOW.toISOString(), severity: 'critical', email: 'frank@example.com' });
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('user risk', () => {
  const q = { from: ago(30), to: NOW.toISOString(), limit: 10 };

  it('ranks users by severity-weighted findings, with the trend against the previous period and the top categories', () => {
    const rows = userRisk(db, q);
    expect(rows.map((r) => [r.rank, r.user, r.risk, r.findings, r.previousRisk, r.trend, r.change])).toEqual([
      [1, 'alice@example.com', 21, 3, 6, 'up', 15],
      [2, 'bob@example.com', 15, 5, 15, 'same', 0],
      [3, 'carol@example.com', 8, 8, 0, 'new', 8],
      [4, 'dave@example.com', 6, 1, 30, 'down', -24],
    ]);
    const alice = rows[0]!;
    expect(alice).toMatchObject({ critical: 2, high: 0, medium: 0, low: 1, open: 2, userId: null });
    expect(alice.topCategories).toEqual([{ category: 'secret', risk: 20, findings: 2 }, { category: 'pii', risk: 1, findings: 1 }]);
    expect(rows[1]!.userId).toBe('user-bob');
    expect(alice.lastAt).toBe(ago(1));
  });

  it('--top, the workspace filter and the period length', () => {
    expect(userRisk(db, { ...q, limit: 2 }).map((r) => r.user)).toEqual(['alice@example.com', 'bob@example.com']);
    expect(userRisk(db, { ...q, workspaces: ['ws-b'] }).map((r) => [r.user, r.risk, r.previousRisk])).toEqual([['dave@example.com', 6, 30]]);
    // 7 days: alice (critical 1d, critical 2d, low 3d) and dave (4d); bob's first finding is 5 days ago
    expect(userRisk(db, { ...q, from: ago(7) }).map((r) => [r.user, r.risk])).toEqual([['alice@example.com', 21], ['bob@example.com', 9], ['dave@example.com', 6]]);
    expect(userRisk(db, { ...q, from: ago(200), to: ago(100) })).toEqual([]);
  });

  it('the report page shows the users at risk for its range', () => {
    const s = buildSummary(db, parseReportQuery({ since: '30d' }, NOW), NOW);
    expect(s.usersAtRisk.map((u) => u.user)).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']);
    const html = renderPage(s, 'static');
    expect(html).toContain('Users at risk');
    const names = [...html.matchAll(/data-testid="risk-user-name">([^<]*)</g)].map((m) => m[1]);
    const scores = [...html.matchAll(/data-testid="risk-user-score">(\d+)</g)].map((m) => Number(m[1]));
    expect(names).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']);
    expect(scores).toEqual([21, 15, 8, 6]);
  });
});
