import { defaultSleep } from '../compliance/pacer.js';
import type { LogsCheckpoint } from '../compliance/logs-source.js';
import type { SourceStats } from '../pipeline/run-source.js';
import { errorMessage, LeakwatchError } from '../errors.js';
import { LoopHealth, derivedStallSeconds, startWatchdog, stallSeconds, type Watchdog } from '../service/heartbeat.js';
import type { Notifier } from '../service/notify.js';
import type { Runtime } from './runtime.js';

/**
 * The daemon as systemd sees it: readiness (READY=1 once the API answered and the worker pool
 * runs), loop health for the watchdog, one STATUS= line per poll cycle, STOPPING=1 at shutdown.
 * A live reload reports through `notifier.reloading()` and `notifier.ready()`.
 */
export class DaemonService {
  readonly health: LoopHealth;
  private watchdog: Watchdog | null = null;
  private totals = { items: 0, findings: 0 };
  private readonly onAbort = (): void => this.notifier.stopping('stopping: finishing in-flight work');

  constructor(
    private readonly rt: Runtime,
    readonly notifier: Notifier,
    private readonly namespace: string,
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
    this.health = new LoopHealth(stall * 1000);
  }

  /** Starts the watchdog pings and says what start-up is waiting for. */
  start(): void {
    this.watchdog = startWatchdog(this.notifier, this.health, this.rt.log);
    this.rt.abort.signal.addEventListener('abort', this.onAbort, { once: true });
    this.notifier.status('starting: checking the Compliance API and the worker pool');
  }

  /**
   * READY=1 after one successful API call (the cheap read `leakwatch doctor` makes first) and
   * one task through the worker pool. While the API is unavailable, waits a poll interval and
   * tries again, not ready (TimeoutStartSec= decides how long systemd waits). A rejected key or
   * scope throws: restarting would not fix it. False when shutdown came first.
   */
  async becomeReady(): Promise<boolean> {
    const { rt } = this;
    const signal = rt.abort.signal;
    const pool = rt.pool.run({ items: [] });
    pool.catch(() => undefined);
    for (;;) {
      this.health.beat();
      try {
        await rt.api.listUsers(null, 1);
        break;
      } catch (err) {
        if (signal.aborted) return false;
        if (!(err instanceof LeakwatchError) || err.code !== 'API_UNAVAILABLE') throw err;
        const wait = rt.config.daemon.poll_interval_seconds;
        rt.log.error({ code: err.code, err: err.message, retryInSeconds: wait }, 'Compliance API unavailable at start; not ready yet');
        this.notifier.status(`waiting for the Compliance API (retry in ${formatSeconds(wait)}): ${err.message}`);
        await this.sleep(wait * 1000);
        if (signal.aborted) return false;
      }
    }
    await pool;
    this.health.beat();
    if (signal.aborted) return false;
    this.notifier.ready(`ready: polling every ${formatSeconds(rt.config.daemon.poll_interval_seconds)}`);
    rt.log.info('daemon ready: the Compliance API answered and the worker pool runs');
    return true;
  }

  /** The fetch loop made progress. */
  beat = (): void => this.health.beat();

  /**
   * runSource's onProgress for one cycle: a beat per commit, and a STATUS= line at most every
   * PROGRESS_STATUS_MS so that `systemctl status` shows a long cycle (a first backfill) moving.
   */
  progress(cycle: number): (stats: SourceStats) => void {
    let last = performance.now();
    return (stats) => {
      this.health.beat();
      const t = performance.now();
      if (t - last < PROGRESS_STATUS_MS) return;
      last = t;
      this.notifier.status(`cycle ${cycle} in progress: ${count(stats.itemsScanned)} items scanned, ${count(stats.findingsNew)} new findings so far, lag ${this.lag()}`);
    };
  }

  /** Sleeps on purpose: the watchdog keeps pinging. */
  async sleep(ms: number): Promise<void> {
    this.health.idle();
    try {
      await defaultSleep(ms, this.rt.abort.signal);
    } finally {
      this.health.beat();
    }
  }

  cycleDone(cycle: number, stats: SourceStats): void {
    this.totals.items += stats.itemsScanned;
    this.totals.findings += stats.findingsNew;
    this.health.beat();
    this.notifier.status(
      `cycle ${cycle}: ${count(stats.itemsScanned)} items scanned, ${count(stats.findingsNew)} new findings, lag ${this.lag()}` +
        ` (since start: ${count(this.totals.items)} items, ${count(this.totals.findings)} findings)`,
    );
  }

  cycleFailed(cycle: number, err: LeakwatchError): void {
    this.health.beat();
    const wait = this.rt.config.daemon.poll_interval_seconds;
    this.notifier.status(`cycle ${cycle} failed (${err.code}), retrying in ${formatSeconds(wait)}; lag ${this.lag()}`);
  }

  /** STOPPING=1 (once), with why when the daemon failed; stops the watchdog pings. */
  stop(err?: unknown): void {
    this.rt.abort.signal.removeEventListener('abort', this.onAbort);
    this.notifier.stopping(err === undefined ? 'stopping' : `stopping after an error: ${errorMessage(err)}`);
    this.watchdog?.stop();
    this.watchdog = null;
  }

  /** How far behind the scan is: the age of the daemon's checkpoint (everything before it is scanned). */
  private lag(): string {
    const cp = this.rt.store.getCheckpoint<LogsCheckpoint>(this.namespace, 'logs');
    const at = cp === null ? Number.NaN : Date.parse(cp.after);
    return Number.isNaN(at) ? 'unknown' : formatSeconds(Math.max(0, (this.now() - at) / 1000));
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
