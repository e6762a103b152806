import { OBJECT_SOURCE_NAMES } from '../../src/config/schema.js';
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { harness, type Harness, findingIdentities } from '../helpers/harness.js';
import { runScan } from '../../src/app/scan.js';
import { listFindings, type FindingView } from '../../src/store/queries.js';
import type { PlantedValue } from '../../src/simulator/index.js';

const SINCE = new Date(Date.now() - 400 * 86_400_000);
const STARTER_KINDS = new Set([
  'email-address', 'payment-card', 'us-ssn', 'iban', 'phone-number', 'aws-access-key-id', 'github-token', 'openai-api-key',
  'slack-token', 'stripe-secret-key', 'google-api-key', 'anthropic-api-key', 'jwt', 'private-key', 'connection-string-password',
]);

/** The simulator plants generic card numbers; the catalogue reports them by brand (visa-card, ...). */
const ruleOfKind = (ruleId: string): string => (ruleId.endsWith('-card') ? 'payment-card' : ruleId);

const key = (p: { message_id?: string | null; messageId?: string; rule_id?: string; kind?: string; start_offset?: number; start?: number; end_offset?: number; end?: number }) =>
  `${p.message_id ?? p.messageId}|${p.rule_id ?? p.kind}|${p.start_offset ?? p.start}|${p.end_offset ?? p.end}`;

/** Every planted value found at its exact span by its rule; every finding inside a planted span. */
function expectExactlyPlanted(findings: FindingView[], planted: PlantedValue[]): void {
  const expected = planted.filter((p) => STARTER_KINDS.has(p.kind));
  const found = new Set(findings.map((f) => key({ ...f, rule_id: ruleOfKind(f.rule_id) })));
  const missed = expected.filter((p) => !found.has(key(p)));
  expect(missed.map((p) => `${p.kind} ${p.messageId} ${p.start}-${p.end}`)).toEqual([]);
  const outside = findings.filter(
    (f) => !planted.some((p) => p.messageId === f.message_id && f.start_offset >= p.start && f.end_offset <= p.end),
  );
  expect(outside.map((f) => `${f.rule_id} ${f.message_id} ${f.start_offset}-${f.end_offset} ${f.preview}`)).toEqual([]);
}

describe('retroactive scan over the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    // Logs retention longer than the history: both sources can see every message.
    h = await harness({ seed: 7, users: 20, conversations: 150, historyDays: 60, logsRetentionDays: 365 });
  });
  afterAll(async () => h.close());

  it('logs source: finds every planted value at its exact offsets and nothing else', async () => {
    const rt = h.runtime();
    const report = await runScan(rt, { since: SINCE, until: null, source: 'logs' });
    expect(report.interrupted).toBe(false);
    expect(report.sources[0]?.status).toBe('complete');
    const findings = listFindings(rt.db, { kind: 'message' });
    expectExactlyPlanted(findings, h.sim.groundTruth().planted);
    expect(listFindings(rt.db, {}).every((f) => f.source === 'logs')).toBe(true);
    const gt = h.sim.groundTruth();
    expect(report.sources[0]?.stats?.itemsScanned).toBe(gt.messages - gt.nullContentMessages);
  });

  it('conversations source after logs: same messages are not scanned or recorded twice', async () => {
    const rt = h.runtime();
    const before = listFindings(rt.db, {}).length;
    const report = await runScan(rt, { since: SINCE, until: null, source: 'conversations' });
    const stats = report.sources[0]?.stats;
    expect(stats?.itemsScanned).toBe(0);
    expect(stats?.alreadyScanned).toBeGreaterThan(0);
    expect(listFindings(rt.db, {}).length).toBe(before);
    expect(report.findingsInRange).toBe(before);
  });

  it('never writes a planted value in plaintext to the logs or the database', async () => {
    const values = h.sim.groundTruth().planted.map((p) => p.value);
    const logText = h.log.text();
    const db = ['', '-wal', '-shm'].map((s) => h.dbPath + s).filter(existsSync).map((p) => readFileSync(p).toString('utf8')).join('\n');
    const leaked = values.filter((v) => logText.includes(v) || db.includes(v));
    expect(leaked).toEqual([]);
    expect(values.length).toBeGreaterThan(20);
  });
});

describe('conversations source alone', () => {
  it('finds every planted value with float times, null contents and variable page sizes', async () => {
    const h = await harness({ seed: 11, users: 15, conversations: 120, historyDays: 90, logsRetentionDays: 30 });
    try {
      const rt = h.runtime({ api: { base_url: h.sim.url, page_size: { conversations: 17 }, retry_base_delay_ms: 5, rate_limits: { list_per_minute: 100000, get_per_minute: 100000 } } });
      const report = await runScan(rt, { since: SINCE, until: null, source: 'conversations' });
      expect(report.sources[0]?.status).toBe('complete');
      expectExactlyPlanted(listFindings(rt.db, { kind: 'message' }), h.sim.groundTruth().planted);
      expect(report.sources[0]?.stats?.skipped['null-content'] ?? 0).toBe(h.sim.groundTruth().nullContentMessages);
    } finally {
      await h.close();
    }
  });
});

describe('auto source', () => {
  it('covers old history from the listing and recent from the logs, recording each finding once', async () => {
    const h = await harness({ seed: 5, users: 15, conversations: 150, historyDays: 90, logsRetentionDays: 30 });
    try {
      const rt = h.runtime();
      const report = await runScan(rt, { since: SINCE, until: null, source: 'auto' });
      // The messages first, then every source beyond chats (this workspace has no such objects: each completes empty).
      expect(report.sources.map((s) => [s.source, s.status])).toEqual([
        ['logs', 'complete'], ['conversations', 'complete'], ...OBJECT_SOURCE_NAMES.map((n) => [n, 'complete']),
      ]);
      expect(report.sources[0]?.stats?.itemsScanned).toBeGreaterThan(0);
      expect(report.sources[1]?.stats?.itemsScanned).toBeGreaterThan(0);
      const findings = listFindings(rt.db, {});
      expectExactlyPlanted(listFindings(rt.db, { kind: 'message' }), h.sim.groundTruth().planted);
      expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
    } finally {
      await h.close();
    }
  });

  it('reports a closed /conversations clearly and still completes from the logs', async () => {
    const h = await harness({ seed: 5, users: 10, conversations: 60, historyDays: 90, conversationsClosed: true });
    try {
      const rt = h.runtime();
      const report = await runScan(rt, { since: SINCE, until: null, source: 'auto' });
      const conv = report.sources.find((s) => s.source === 'conversations');
      expect(conv?.status).toBe('closed');
      expect(conv?.note).toMatch(/closed for this workspace.*--source logs/);
      expect(report.sources.find((s) => s.source === 'logs')?.status).toBe('complete');
      await expect(runScan(h.runtime(), { since: SINCE, until: null, source: 'conversations', fresh: true })).rejects.toMatchObject({
        code: 'CONVERSATIONS_CLOSED', kind: 'api',
      });
    } finally {
      await h.close();
    }
  });
});

describe('auth', () => {
  it('stops on 403 with a message that names the missing read scope', async () => {
    const h = await harness({ users: 3, conversations: 5, readScope: false });
    try {
      await expect(runScan(h.runtime(), { since: SINCE, until: null, source: 'logs' })).rejects.toMatchObject({
        code: 'API_FORBIDDEN', kind: 'api', message: expect.stringMatching(/"read" scope of chatgpt\.enterprise\.compliance_export/),
      });
    } finally {
      await h.close();
    }
  });
});

describe('faults', () => {
  it('429/5xx bursts, truncated bodies and a corrupt log file are retried to the same result', async () => {
    const clean = await harness({ seed: 3, users: 10, conversations: 80, logsRetentionDays: 365 });
    const faulty = await harness({
      seed: 3, users: 10, conversations: 80, logsRetentionDays: 365,
      faults: { every429: 4, retryAfterSeconds: 0, every5xx: 7, truncateEvery: 9, corruptLogDownloads: 2 },
    });
    try {
      const fingerprints = async (h: Harness, source: 'logs' | 'conversations') => {
        const rt = h.runtime();
        await runScan(rt, { since: SINCE, until: null, source, fresh: true });
        return findingIdentities(rt.db);
      };
      for (const source of ['logs', 'conversations'] as const) {
        const a = await fingerprints(clean, source);
        const b = await fingerprints(faulty, source);
        expect(b).toEqual(a);
        expect(a.length).toBeGreaterThan(0);
      }
      const stats = faulty.sim.stats();
      expect(stats.byStatus['429']).toBeGreaterThan(0);
      expect((stats.byStatus['503'] ?? 0) + (stats.byStatus['500'] ?? 0) + (stats.byStatus['502'] ?? 0)).toBeGreaterThan(0);
      expect(faulty.log.text()).toMatch(/sha256/);
    } finally {
      await clean.close();
      await faulty.close();
    }
  });
});
