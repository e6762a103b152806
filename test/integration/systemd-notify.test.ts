import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, runCli } from '../helpers/harness.js';
import { NotifySocket } from '../helpers/notify-socket.js';
import { runDaemon } from '../../src/app/daemon.js';
import { createNotifier } from '../../src/ops/systemd/notify.js';

const STATUS_LINE = /^STATUS=cycle (\d+): [\d,]+ items scanned, [\d,]+ new findings, lag [\d.]+ (s|min|h) \(since start: [\d,]+ items, [\d,]+ findings\)$/;

function pingsAfter(sock: NotifySocket, index: number): number {
  return sock.received.slice(index).filter((d) => d.text === 'WATCHDOG=1').length;
}

async function until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('systemd notify (the daemon as a Type=notify service with a watchdog)', () => {
  it('the real CLI: READY only after the API answers, STATUS per cycle, watchdog pings that stop when the fetch loop hangs, STOPPING on SIGTERM', async () => {
    const h = await harness({ seed: 31, users: 8, conversations: 30, historyDays: 10, conversationsClosed: true });
    const sock = new NotifySocket();
    let daemon: ReturnType<typeof runCli> | null = null;
    try {
      const file = join(h.dir, 'c.yaml');
      writeFileSync(file, [
        `workspace_id: ${h.sim.workspaceId}`,
        'api:', `  base_url: ${h.sim.url}`, '  max_attempts: 2', '  retry_base_delay_ms: 5', '  retry_max_delay_ms: 20',
        // Long enough that undici never gives up on the hung request during the test.
        '  request_timeout_seconds: 300',
        '  rate_limits: { list_per_minute: 100000, get_per_minute: 100000 }',
        `database: { path: ${h.dbPath} }`, 'pipeline: { threads: 2 }', 'files: { enabled: false }',
        'daemon: { poll_interval_seconds: 0.3, initial_lookback_hours: 2400, watchdog_stall_seconds: 3 }', "metrics: { listen: '127.0.0.1:0' }", 'log: { level: info }',
      ].join('\n'));
      // Every API request fails until the faults are cleared: the daemon must not say it is ready.
      h.sim.setFaults({ every5xx: 1 });
      daemon = runCli(['daemon', '--config', file], {
        ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey, NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '400000',
      });
      let stderr = '';
      daemon.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const logs = (): string => stderr;
      const waiting = await sock.waitFor((t) => t.startsWith('STATUS=waiting for the Compliance API'));
      await until(() => (h.sim.stats().byStatus['503'] ?? 0) + (h.sim.stats().byStatus['500'] ?? 0) >= 4, 'failed probes');
      expect(h.sim.stats().byStatus['200']).toBeUndefined();
      expect(sock.texts().filter((t) => t.startsWith('READY=1'))).toEqual([]);
      expect(waiting.text).toMatch(/503|500|502/);

      h.sim.setFaults({});
      const ready = await sock.waitFor((t) => t.startsWith('READY=1'));
      expect(h.sim.stats().byStatus['200']).toBeGreaterThanOrEqual(1);
      expect(ready.text).toBe('READY=1\nSTATUS=ready: polling every 0.3 s');

      // Cycles report what they did; the watchdog pings through scanning and the sleeps between polls.
      const first = await sock.waitFor((t) => STATUS_LINE.test(t), 60_000, ready.index);
      expect(first.text).toMatch(/^STATUS=cycle 1: /);
      expect(Number(/cycle 1: ([\d,]+) items/.exec(first.text)?.[1]?.replace(/,/g, ''))).toBeGreaterThan(0);
      await sock.waitFor((t) => STATUS_LINE.test(t) && !t.startsWith('STATUS=cycle 1:'), 60_000, first.index + 1);
      await until(() => pingsAfter(sock, ready.index) >= 5, 'watchdog pings after READY');

      // The upstream stops answering mid-request: no progress, so the pings stop, and the process lives on.
      const stopsBefore = logs().split('watchdog pings stopped').length;
      h.sim.setFaults({ hang: true });
      await until(() => logs().split('watchdog pings stopped').length > stopsBefore, 'the stall to be noticed');
      const silentFrom = sock.received.length;
      // A ping already sent when the stall was logged may still be read in the next moment (this
      // process's event loop is busy on a loaded machine): let those land, then expect silence for
      // ten ping intervals (pings are every 0.2 s while healthy).
      await new Promise((r) => setTimeout(r, 1000));
      const settled = sock.received.length;
      await new Promise((r) => setTimeout(r, 2000));
      expect(sock.received.slice(settled).filter((d) => d.text === 'WATCHDOG=1')).toEqual([]);
      expect(daemon.child.exitCode).toBeNull();
      expect(logs()).toMatch(/"sinceProgressSeconds":\d+,"stallSeconds":3,"watchdogSeconds":0.4/);

      // SIGTERM while stuck: STOPPING=1, the hung request is abandoned, the exit is clean.
      daemon.child.kill('SIGTERM');
      await sock.waitFor((t) => t.startsWith('STOPPING=1'), 60_000, silentFrom);
      const stopped = await daemon.done;
      expect(stopped.status).toBe(0);
      expect(stopped.stderr).toContain('daemon stopped cleanly');
      daemon = null;
    } finally {
      if (daemon !== null && daemon.child.exitCode === null) {
        daemon.child.kill('SIGKILL');
        await daemon.done;
      }
      sock.close();
      await h.close();
    }
  });

  it('in process: sleeping between polls on purpose keeps the pings going past the stall threshold', async () => {
    const h = await harness({ seed: 32, users: 5, conversations: 30, historyDays: 5, conversationsClosed: true });
    const sock = new NotifySocket();
    const notifier = createNotifier({ env: { NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '200000' }, log: h.log.logger });
    try {
      // Polls 4 s apart with a 1.5 s stall threshold: only "idle by design" keeps the watchdog fed.
      const rt = h.runtime({ daemon: { poll_interval_seconds: 4, initial_lookback_hours: 24 * 30, watchdog_stall_seconds: 1.5 }, files: { enabled: false } });
      const cycles: number[] = [];
      const done = runDaemon(rt, { notifier, cycles: 2, onCycle: (_s, n) => cycles.push(n) });
      const ready = await sock.waitFor((t) => t.startsWith('READY=1'));
      const one = await sock.waitFor((t) => t.startsWith('STATUS=cycle 1:'), 60_000, ready.index);
      // (The first cycle may well stall for a moment on a loaded machine: extraction processes start under tsx.)
      const stops = (): number => h.log.lines.filter((l) => l.includes('watchdog pings stopped')).length;
      const stopsAfterOne = stops();
      const two = await sock.waitFor((t) => t.startsWith('STATUS=cycle 2:'), 60_000, one.index);
      await done;
      expect(cycles).toEqual([1, 2]);
      // The sleep between the two cycles lasted more than two stall thresholds, and the pings went on.
      const between = sock.received.slice(one.index, two.index).filter((d) => d.text === 'WATCHDOG=1').length;
      expect(between).toBeGreaterThanOrEqual(5);
      expect(stops()).toBe(stopsAfterOne);
      // The lag is the age of the daemon's checkpoint; the second cycle also counts the first's totals.
      expect(two.text).toMatch(STATUS_LINE);
      expect(two.text).toMatch(/cycle 2: 0 items scanned, 0 new findings/);
      const firstItems = /cycle 1: ([\d,]+) items/.exec(one.text)?.[1];
      expect(two.text).toContain(`since start: ${firstItems} items`);
      // A finished daemon said it was stopping.
      const stopping = await sock.waitFor((t) => t.startsWith('STOPPING=1'), 30_000, two.index);
      expect(stopping.text).toBe('STOPPING=1\nSTATUS=stopping');
      // A stricter threshold than the timeouts allow is allowed, with a warning.
      expect(h.log.text()).toContain('daemon.watchdog_stall_seconds is below the longest gap');
    } finally {
      notifier.close();
      sock.close();
      await h.close();
    }
  });
});
