import { describe, it, expect } from 'vitest';
import { harness, findingIdentities } from '../helpers/harness.js';
import { runScan } from '../../src/app/scan.js';
import { runDaemon } from '../../src/app/daemon.js';
import { listFindings } from '../../src/store/queries.js';

const SINCE = new Date(Date.now() - 400 * 86_400_000);

describe('resume', () => {
  it.each(['logs', 'conversations'] as const)('an interrupted %s scan resumes to exactly the findings of an uninterrupted run', async (source) => {
    const h = await harness({ seed: 21, users: 15, conversations: 200, logsRetentionDays: 365, messagesPerLogFile: 40 });
    const ref = await harness({ seed: 21, users: 15, conversations: 200, logsRetentionDays: 365, messagesPerLogFile: 40 });
    try {
      const pageSize = { conversations: 20, logs: 5, users: 200 };
      const api = { base_url: h.sim.url, page_size: pageSize, retry_base_delay_ms: 5, rate_limits: { list_per_minute: 100000, get_per_minute: 100000 } };
      // Interrupt after the first commits, as Ctrl-C would.
      const first = h.runtime({ api, pipeline: { threads: 2, batch_bytes: 4096 } });
      let commits = 0;
      const partial = await runScan(first, {
        since: SINCE, until: null, source,
        onProgress: () => {
          if (++commits === 3) first.abort.abort();
        },
      });
      expect(partial.interrupted).toBe(true);
      const partialCount = listFindings(first.db, {}).length;
      await first.close();

      const second = h.runtime({ api, pipeline: { threads: 2, batch_bytes: 4096 } });
      const resumed = await runScan(second, { since: SINCE, until: null, source });
      expect(resumed.resumed).toBe(true);
      expect(resumed.runId).toBe(partial.runId);
      expect(resumed.interrupted).toBe(false);
      const got = findingIdentities(second.db);
      expect(got.length).toBeGreaterThan(partialCount);

      const whole = ref.runtime({ api: { ...api, base_url: ref.sim.url } });
      await runScan(whole, { since: SINCE, until: null, source });
      const want = findingIdentities(whole.db);
      expect(got).toEqual(want);
    } finally {
      await h.close();
      await ref.close();
    }
  });
});

describe('daemon', () => {
  it('scans what exists, then only appended messages, never the same message twice', async () => {
    const h = await harness({ seed: 9, users: 10, conversations: 60, historyDays: 20, logsRetentionDays: 30 });
    try {
      const rt = h.runtime({ daemon: { initial_lookback_hours: 24 * 40, poll_interval_seconds: 0.01 } });
      const cycles: number[] = [];
      await runDaemon(rt, { cycles: 1, onCycle: (s) => cycles.push(s.itemsScanned) });
      const gt = h.sim.groundTruth();
      expect(cycles[0]).toBe(gt.messages - gt.nullContentMessages);
      const before = listFindings(rt.db, { kind: 'message' }).length;

      // Nothing new: a poll scans nothing.
      await runDaemon(rt, { cycles: 1, onCycle: (s) => cycles.push(s.itemsScanned) });
      expect(cycles[1]).toBe(0);

      const added = h.sim.append({ newConversations: 3, newMessagesInExisting: 12 });
      await runDaemon(rt, { cycles: 1, onCycle: (s) => cycles.push(s.itemsScanned) });
      const gt2 = h.sim.groundTruth();
      expect(cycles[2]).toBe(gt2.messages - gt2.nullContentMessages - (gt.messages - gt.nullContentMessages));
      expect(cycles[2]).toBeLessThanOrEqual(added.messageIds.length);
      const after = listFindings(rt.db, { kind: 'message' });
      const newOnes = after.slice(before);
      expect(after.length - before).toBe(added.planted.length);
      expect(newOnes.every((f) => added.messageIds.includes(f.message_id ?? ''))).toBe(true);
      // Files attached to the appended messages were scanned in the same cycle, and only they.
      const newFileIds = new Set(added.files.filter((f) => !f.expired && f.planted.length > 0).map((f) => f.fileId));
      const fileRefs = rt.db.prepare('SELECT file_id, run_id FROM file_refs').all() as { file_id: string }[];
      for (const id of newFileIds) expect(fileRefs.map((r) => r.file_id)).toContain(id);
    } finally {
      await h.close();
    }
  });
});
