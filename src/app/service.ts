import { defaultSleep } from '../compliance/pacer.js';
import type { SourceStats } from '../pipeline/run-source.js';
import { errorMessage, LeakwatchError } from '../errors.js';
import { LoopHealth, derivedStallSeconds, startWatchdog, stallSeconds, type Watchdog } from '../ops/systemd/heartbeat.js';
import type { Notifier } from '../ops/systemd/notify.js';
import { daemonCheckpoints } from '../store/health.js';
import { checkpointPosition } from '../ops/metrics/checkpoint-lag.js';
import type { Runtime, WorkspaceRuntime } from './runtime.js';

/**
 * The health of several fetch loops (one per workspace) as the watchdog sees it: healthy while
 * every running loop is; a loop that ended (stopped, or its workspace failed) no longer counts.
 */
export class LoopsHealth {
  private readonly loops = new Map<string, LoopHealth>();
  constructor(readonly stallMs: number) {}

  add(id: string): LoopHealth {
    const h = new LoopHealth(this.stallMs);
    this.loops.set(id, h);
    return h;
  }

  remove(id: string): void {
    this.loops.delete(id);
  }

  /** Every loop made progress (a start-up probe counts as one). */
  beat(): void {
    for (const h of this.loops.values()) h.beat();
  }

  sinceBeatMs(): number {
    let worst = 0;
    for (const h of this.loops.values()) worst = Math.max(worst, h.sinceBeatMs());
    return worst;
  }

  healthy(): boolean {
    return this.sinceBeatMs() <= this.stallMs;
  }
}

/** One workspace's loop as the service sees it: its own beat, sleeps and STATUS= lines. */
export interface LoopService {
  beat: () => void;
  progress(cycle: number): (stats: SourceStats) => void;
  sleep(ms: number): Promise<void>;
  cycleDone(cycle: number, stats: SourceStats): void;
  cycleFailed(cycle: number, err: LeakwatchError): void;
  /** The loop ended: the watchdog stops waiting for its beats. */
  end(): void;
}

/**
 * The daemon as systemd sees it: readiness (READY=1 once the API answered and the worker pool
 * runs), loop health for the watchdog, one STATUS= line per poll cycle, STOPPING=1 at shutdown.
 * A live reload reports through `notifier.reloading()` and `notifier.ready()`.
 */
export class DaemonService {
  readonly health: LoopsHealth;
  /** Beaten while the daemon starts (before the workspace loops exist). */
  private readonly startup: LoopHealth;
  private watchdog: Watchdog | null = null;
  private totals = { items: 0, findings: 0 };
  private readonly onAbort = (): void => this.notifier.stopping('stopping: finishing in-flight work');

  constructor(
    private readonly rt: Runtime,
    readonly notifier: Notifier,
    private readonly now: () => number,
  ) {
    const { config, log } = rt;
    const stall = stallSeconds(config);
    const derived = derivedStallSeconds(config);
    if (notifier.watchdogUsec !== null && stall < derived) {
      log.warn(
        { watchdogStallSeconds: stall, derivedSeconds: derived },
        'daemon.watchdog_stall_seconds is below the longest gap the api.* and files.* timeouts allow: a slow but working upstream can get the service restarted',
      );
    }
    this.health = new LoopsHealth(stall * 1000);
    this.startup = this.health.add('(startup)');
  }

  /** Starts the watchdog pings and says what start-up is waiting for. */
  start(): void {
    this.watchdog = startWatchdog(this.notifier, this.health, this.rt.log);
    this.rt.abort.signal.addEventListener('abort', this.onAbort, { once: true });
    this.notifier.status('starting: checking the Compliance API and the worker pool');
  }

  /**
   * READY=1 after one successful API call (the cheap read `leakwatch doctor` makes first) in at
   * least one workspace and one task through the worker pool. While no workspace's API answers,
   * waits a poll interval and tries again, not ready (TimeoutStartSec= decides how long systemd
   * waits); a workspace still unavailable when another answered starts anyway and retries each
   * cycle. A workspace whose key or scope is rejected is returned with its error (restarting
   * would not fix it); when every workspace is rejected, the first error is thrown. Null when
   * shutdown came first.
   */
  async becomeReady(workspaces: readonly WorkspaceRuntime[]): Promise<Map<string, unknown> | null> {
    const { rt } = this;
    const signal = rt.abort.signal;
    const pool = rt.engine.pool.run({ items: [] });
    pool.catch(() => undefined);
    const refused = new Map<string, unknown>();
    let answered = 0;
    for (;;) {
      this.startup.beat();
      let unavailable: LeakwatchError | null = null;
      for (const ws of workspaces) {
        if (refused.has(ws.id)) continue;
        try {
          await ws.api.listUsers(null, 1);
          answered++;
        } catch (err) {
          if (signal.aborted) return null;
          if (!(err instanceof LeakwatchError) || err.code !== 'API_UNAVAILABLE') refused.set(ws.id, err);
          else unavailable = err;
        }
      }
      if (refused.size === workspaces.length) throw refused.values().next().value;
      if (answered > 0) break;
      if (unavailable === null) continue;
      const wait = rt.config.daemon.poll_interval_seconds;
      rt.log.error({ code: unavailable.code, err: unavailable.message, retryInSeconds: wait }, 'Compliance API unavailable at start; not ready yet');
      this.notifier.status(`waiting for the Compliance API (retry in ${formatSeconds(wait)}): ${unavailable.message}`);
      this.startup.idle();
      await defaultSleep(wait * 1000, signal);
      if (signal.aborted) return null;
    }
    await pool;
    this.startup.beat();
    if (signal.aborted) return null;
    this.notifier.ready(`ready: polling every ${formatSeconds(rt.config.daemon.poll_interval_seconds)}`);
    rt.log.info('daemon ready: the Compliance API answered and the worker pool runs');
    return refused;
  }

  /**
   * A workspace's fetch loop: its own beats (the watchdog needs every running loop to make
   * progress). The start-up beat stops counting once the first loop exists.
   */
  loop(ws: WorkspaceRuntime): LoopService {
    this.health.remove('(startup)');
    const health = this.health.add(ws.id);
    const tag = this.rt.workspaces.length > 1 ? `${ws.label}: ` : '';
    return {
      beat: () => health.beat(),
      progress: (cycle) => {
        let last = performance.now();
        return (stats) => {
          health.beat();
          const t = performance.now();
          if (t - last < PROGRESS_STATUS_MS) return;
          last = t;
          this.notifier.status(`${tag}cycle ${cycle} in progress: ${count(stats.itemsScanned)} items scanned, ${count(stats.findingsNew)} new findings so far, lag ${this.lag()}`);
        };
      },
      sleep: async (ms) => {
        health.idle();
        try {
          await defaultSleep(ms, this.rt.abort.signal);
        } finally {
          health.beat();
        }
      },
      cycleDone: (cycle, stats) => {
        this.totals.items += stats.itemsScanned;
        this.totals.findings += stats.findingsNew;
        health.beat();
        this.notifier.status(
          `${tag}cycle ${cycle}: ${count(stats.itemsScanned)} items scanned, ${count(stats.findingsNew)} new findings, lag ${this.lag()}` +
            ` (since start: ${count(this.totals.items)} items, ${count(this.totals.findings)} findings)`,
        );
      },
      cycleFailed: (cycle, err) => {
        health.beat();
        const wait = this.rt.config.daemon.poll_interval_seconds;
        this.notifier.status(`${tag}cycle ${cycle} failed (${err.code}), retrying in ${formatSeconds(wait)}; lag ${this.lag()}`);
      },
      end: () => this.health.remove(ws.id),
    };
  }

  /** STOPPING=1 (once), with why when the daemon failed; stops the watchdog pings. */
  stop(err?: unknown): void {
    this.rt.abort.signal.removeEventListener('abort', this.onAbort);
    this.notifier.stopping(err === undefined ? 'stopping' : `stopping after an error: ${errorMessage(err)}`);
    this.watchdog?.stop();
    this.watchdog = null;
  }

  /**
   * How far behind the scan is: the age of the oldest workspace's logs checkpoint (everything
   * before it is scanned).
   */
  private lag(): string {
    const at = daemonCheckpoints(this.rt.db)
      .filter((c) => c.source === 'logs')
      .map((c) => checkpointPosition(c.source, c.state))
      .filter((t): t is number => t !== null);
    return at.length === 0 ? 'unknown' : formatSeconds(Math.max(0, (this.now() - Math.min(...at)) / 1000));
  }
}

const PROGRESS_STATUS_MS = 15_000;

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** 42 s, 17 min, 5.5 h: short enough for `systemctl status`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds * 10) / 10} s`.replace(/\.0 s$/, ' s');
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}
