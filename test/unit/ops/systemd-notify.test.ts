import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createNotifier, watchdogFromEnv, type Notifier } from '../../../src/ops/systemd/notify.js';
import { LoopHealth, derivedStallSeconds, startWatchdog, stallSeconds } from '../../../src/ops/systemd/heartbeat.js';
import { parseConfig } from '../../../src/config/load.js';
import { CapturedLog } from '../../helpers/harness.js';
import { NotifySocket } from '../../helpers/notify-socket.js';

let sock: NotifySocket;
let log: CapturedLog;
const notifiers: Notifier[] = [];
beforeEach(() => {
  sock = new NotifySocket();
  log = new CapturedLog();
});
afterEach(() => {
  for (const n of notifiers.splice(0)) n.close();
  sock.close();
});

function notifier(env: NodeJS.ProcessEnv, pid?: number): Notifier {
  const n = createNotifier({ env, log: log.logger, pid });
  notifiers.push(n);
  return n;
}

/** Sends a marker through a working notifier: everything received before it was sent earlier. */
async function receivedBeforeMarker(): Promise<string[]> {
  const marker = `marker ${Math.random()}`;
  notifier({ NOTIFY_SOCKET: sock.path }).status(marker);
  const got = await sock.waitFor((t) => t === `STATUS=${marker}`);
  return sock.texts().slice(0, got.index);
}

describe('sd_notify', () => {
  it('sends the exact datagrams systemd expects', async () => {
    const n = notifier({ NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '400000' });
    expect(n.enabled).toBe(true);
    expect(n.watchdogUsec).toBe(400_000);
    n.ready();
    n.ready('ready: polling every 60 s');
    n.status('cycle 3: 1,204 items scanned,\n3 new findings');
    n.watchdog();
    const before = process.hrtime.bigint() / 1000n;
    n.reloading();
    const after = process.hrtime.bigint() / 1000n;
    n.stopping();
    n.stopping('again');
    await sock.waitFor((t) => t === 'STOPPING=1');
    const texts = await receivedBeforeMarker();
    expect(texts.slice(0, 4)).toEqual(['READY=1', 'READY=1\nSTATUS=ready: polling every 60 s', 'STATUS=cycle 3: 1,204 items scanned, 3 new findings', 'WATCHDOG=1']);
    const reload = /^RELOADING=1\nMONOTONIC_USEC=([0-9]+)$/.exec(texts[4] ?? '');
    expect(reload).not.toBeNull();
    const usec = BigInt(reload?.[1] ?? '0');
    expect(usec >= before && usec <= after).toBe(true);
    // STOPPING=1 is sent once, however often shutdown paths ask for it.
    expect(texts.slice(5)).toEqual(['STOPPING=1']);
    expect(log.lines.filter((l) => l.includes('"level":"warn"') || l.includes('"level":"error"'))).toEqual([]);
  });

  it('is a no-op without NOTIFY_SOCKET', async () => {
    const n = notifier({ WATCHDOG_USEC: '400000' });
    expect(n.enabled).toBe(false);
    expect(n.watchdogUsec).toBeNull();
    n.ready('x');
    n.status('x');
    n.watchdog();
    n.reloading();
    n.stopping();
    n.close();
    expect(await receivedBeforeMarker()).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  it('ignores a watchdog meant for another process (WATCHDOG_PID)', async () => {
    const other = notifier({ NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '400000', WATCHDOG_PID: String(process.pid + 1) });
    expect(other.enabled).toBe(true);
    expect(other.watchdogUsec).toBeNull();
    other.watchdog();
    const health = new LoopHealth(60_000);
    startWatchdog(other, health, log.logger).stop();
    expect(await receivedBeforeMarker()).toEqual([]);

    expect(notifier({ NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '400000', WATCHDOG_PID: String(process.pid) }).watchdogUsec).toBe(400_000);
    expect(watchdogFromEnv({ WATCHDOG_USEC: '400000', WATCHDOG_PID: '77' }, 77)).toBe(400_000);
    expect(watchdogFromEnv({ WATCHDOG_USEC: 'soon' }, 77)).toBeNull();
    expect(watchdogFromEnv({ WATCHDOG_USEC: '0' }, 77)).toBeNull();
    // Without a notify socket there is no one to ping.
    expect(notifier({ WATCHDOG_USEC: '400000' }).watchdogUsec).toBeNull();
  });

  it('reports an abstract socket name once, clearly, and stays off', () => {
    const n = notifier({ NOTIFY_SOCKET: '@leakwatch-test-notify' });
    expect(n.enabled).toBe(false);
    n.ready();
    const errors = log.lines.filter((l) => l.includes('"level":"error"'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('abstract');
    expect(errors[0]).toContain('Type=notify unit will time out');
  });

  it('logs a failed send once at warn and never throws', () => {
    const n = notifier({ NOTIFY_SOCKET: join(sock.dir, 'nobody-listens.sock'), WATCHDOG_USEC: '1000000' });
    expect(n.enabled).toBe(true);
    n.ready();
    n.status('a');
    n.watchdog();
    n.stopping();
    const warns = log.lines.filter((l) => l.includes('"level":"warn"'));
    expect(warns).toHaveLength(1);
    expect(warns[0]).toContain('could not send to the systemd notify socket');
    expect(warns[0]).toMatch(/ENOENT|ECONNREFUSED|-2|-111/);
  });

  it('removes the variables from the environment when asked, so child processes do not inherit them', () => {
    const env: NodeJS.ProcessEnv = { NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '400000', WATCHDOG_PID: String(process.pid), OTHER: 'kept' };
    const n = createNotifier({ env, log: log.logger, unsetEnvironment: true });
    notifiers.push(n);
    expect(n.watchdogUsec).toBe(400_000);
    expect(env).toEqual({ OTHER: 'kept' });
  });
});

describe('loop health', () => {
  it('is healthy while beating or idle, and stalled past the threshold while busy', () => {
    let t = 0;
    const h = new LoopHealth(1000, () => t);
    expect(h.healthy()).toBe(true);
    t = 900;
    expect(h.healthy()).toBe(true);
    t = 1001;
    expect(h.healthy()).toBe(false);
    h.beat();
    t = 1500;
    expect(h.healthy()).toBe(true);
    h.idle();
    t = 100_000;
    expect(h.healthy()).toBe(true);
    expect(h.sinceBeatMs()).toBe(0);
    h.beat();
    t = 101_001;
    expect(h.healthy()).toBe(false);
    expect(h.sinceBeatMs()).toBe(1001);
  });

  it('pings while healthy and stops pinging once the loop stalls', async () => {
    let t = 0;
    const health = new LoopHealth(1000, () => t);
    const n = notifier({ NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '100000' });
    const dog = startWatchdog(n, health, log.logger);
    try {
      const third = await sock.waitFor(() => sock.received.filter((d) => d.text === 'WATCHDOG=1').length >= 3);
      expect(third.text).toBe('WATCHDOG=1');
      t = 5000;
      // The next tick sees the stall, logs it once and sends nothing from then on.
      for (let i = 0; i < 200 && !log.text().includes('watchdog pings stopped'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(log.text()).toContain('watchdog pings stopped');
      const count = sock.received.length;
      // Several ticks (50 ms apart) pass without a ping; the marker proves delivery still works.
      await new Promise((r) => setTimeout(r, 500));
      const texts = await receivedBeforeMarker();
      expect(texts.length).toBe(count);
      health.beat();
      await sock.waitFor((x) => x === 'WATCHDOG=1', 30_000, count + 1);
      expect(log.text()).toContain('watchdog pings resumed');
    } finally {
      dog.stop();
    }
  });

  it('derives the stall threshold from the timeouts unless set', () => {
    const base = { workspace_id: 'ws' };
    expect(derivedStallSeconds(parseConfig(base, {}))).toBe(1620);
    expect(stallSeconds(parseConfig(base, {}))).toBe(1620);
    const fast = parseConfig({ ...base, api: { max_attempts: 2, request_timeout_seconds: 10, connect_timeout_seconds: 5, retry_max_delay_ms: 1000 }, files: { timeout_seconds: 30 } }, {});
    // 2 x (2 x (5 + 10) + 1 x 1) + 30 + 60
    expect(derivedStallSeconds(fast)).toBe(152);
    expect(stallSeconds(parseConfig({ ...base, daemon: { watchdog_stall_seconds: 300 } }, {}))).toBe(300);
  });
});
