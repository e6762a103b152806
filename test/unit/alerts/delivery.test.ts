import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../../src/store/db.js';
import { Store, type FindingRow } from '../../../src/store/store.js';
import { Policies } from '../../../src/policy/match.js';
import { Delivery } from '../../../src/alerts/delivery.js';
import { createLogger } from '../../../src/log.js';
import type { AlertPayload, Sink, SinkResult } from '../../../src/alerts/types.js';

/** A sink that records payloads and answers from a script. */
function fakeSink(answers: SinkResult[] = []): Sink & { got: AlertPayload[] } {
  const got: AlertPayload[] = [];
  return {
    name: 'fake', type: 'fake', got,
    send: async (p) => {
      got.push(p);
      return answers.shift() ?? { ok: true };
    },
    close: async () => undefined,
  };
}

function setup(digestSeconds: number): Store {
  const db = openDb(join(mkdtempSync(join(tmpdir(), 'lw-deliv-')), 'x.db'));
  return new Store(db, { policies: new Policies([{ name: 'p', match: {}, actions: { alert: ['fake'], delete: false, ignore: false } }]), digestSeconds });
}

function rows(n: number, conversation = (i: number) => `c${i % 2}`): FindingRow[] {
  return Array.from({ length: n }, (_, i) => ({
    fingerprint: `f${i}`, workspaceId: 'ws', source: 'logs', sourceKind: 'message', conversationId: conversation(i), messageId: `m${i}`, fileId: null,
    userId: 'u', userEmail: 'a@example.com', authorRole: 'user', messageTime: null, start: 0, end: 4, ruleId: 'us-ssn', category: 'pii',
    severity: 'high', confidence: 'high', preview: '1**4',
  }));
}

const opts = { log: createLogger({ level: 'silent' }), maxAttempts: 3, retryBaseMs: 1, retryMaxMs: 2, perSinkPerMinute: 1000, pollMs: 1000 };

describe('delivery', () => {
  it('a digest window groups one policy and conversation into one alert, sent when the window closes', async () => {
    const store = setup(1);
    store.commit({ runId: 1, rulesDigest: 'd', findings: rows(10), scanned: [], errors: [], checkpoint: null });
    const sink = fakeSink();
    const d = new Delivery({ ...opts, store, sinks: new Map([['fake', sink]]) });
    await d.flush();
    expect(sink.got).toHaveLength(0); // the window is still open
    await new Promise((r) => setTimeout(r, 1100));
    await d.flush();
    expect(sink.got.map((p) => p.findings.length).sort()).toEqual([5, 5]);
    expect(new Set(sink.got.map((p) => p.key)).size).toBe(2);
    expect(store.outbox.counts()).toEqual([{ kind: 'alert', sink: 'fake', status: 'sent', n: 10 }]);
    await d.stop();
  });

  it('retries a retryable failure, marks a permanent one dead, and revives it on request', async () => {
    const store = setup(0);
    store.commit({ runId: 1, rulesDigest: 'd', findings: rows(2), scanned: [], errors: [], checkpoint: null });
    const sink = fakeSink([
      { ok: false, retryable: true, retryAfterMs: null, error: '503' },
      { ok: false, retryable: false, retryAfterMs: null, error: '400 bad request' },
    ]);
    const d = new Delivery({ ...opts, store, sinks: new Map([['fake', sink]]) });
    await d.flush();
    await new Promise((r) => setTimeout(r, 20));
    await d.flush();
    const counts = Object.fromEntries(store.outbox.counts().map((c) => [c.status, c.n]));
    expect(counts).toEqual({ sent: 1, dead: 1 });
    expect(store.outbox.revive('alert', new Date())).toBe(1);
    await d.flush();
    expect(store.outbox.counts()).toEqual([{ kind: 'alert', sink: 'fake', status: 'sent', n: 2 }]);
    // Every attempt of one alert carried the same idempotency key.
    const keys = sink.got.map((p) => p.key);
    expect(new Set(keys).size).toBe(2);
    await d.stop();
  });

  it('an alert to a sink that no longer exists is marked dead, not retried forever', async () => {
    const store = setup(0);
    store.commit({ runId: 1, rulesDigest: 'd', findings: rows(1), scanned: [], errors: [], checkpoint: null });
    const d = new Delivery({ ...opts, store, sinks: new Map() });
    await d.flush();
    expect(store.outbox.counts()).toEqual([{ kind: 'alert', sink: 'fake', status: 'dead', n: 1 }]);
    await d.stop();
  });
});
