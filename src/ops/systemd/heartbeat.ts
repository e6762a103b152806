import type { Config } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import type { Notifier } from './notify.js';

/**
 * Loop health for the systemd watchdog. A timer that pings whenever the event loop turns would
 * only prove the process is not frozen; a daemon whose fetch loop waits forever on a promise
 * (a request that never ends, a lost callback) would look alive and scan nothing. So the fetch
 * loop beats when it makes progress (a cycle starts or ends, a batch or file commits, a page of
 * users is stored) and says when it sleeps on purpose (between polls); the watchdog pings only
 * while the loop is idle by design or beat within the stall threshold. When it stops pinging,
 * systemd kills and restarts the service after WatchdogSec, and the checkpoint makes the
 * restart resume where the committed work ends.
 */
export class LoopHealth {
  private lastBeat: number;
  private idleSince: number | null = null;

  constructor(
    /** Longest gap between beats that is still progress. */
    readonly stallMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    // Start-up counts as progress: the stall clock starts now.
    this.lastBeat = clock();
  }

  /** The loop made progress. */
  beat(): void {
    this.lastBeat = this.clock();
    this.idleSince = null;
  }

  /** The loop sleeps on purpose (until the next beat): never a stall. */
  idle(): void {
    this.idleSince ??= this.clock();
  }

  /** Milliseconds since the last beat while busy; 0 while idle. */
  sinceBeatMs(): number {
    return this.idleSince !== null ? 0 : this.clock() - this.lastBeat;
  }

  healthy(): boolean {
    return this.sinceBeatMs() <= this.stallMs;
  }
}

/**
 * The longest legitimate gap between two beats, in seconds, from the config: a log-file listing
 * and its download (each up to api.max_attempts attempts of connect + request timeout, with
 * backoff waits of up to api.retry_max_delay_ms between them), then a file's download and its
 * extraction (files.timeout_seconds), plus a minute of rate-limit pacing. 1,620 s with the
 * defaults. daemon.watchdog_stall_seconds overrides it.
 */
export function derivedStallSeconds(config: Config): number {
  const api = config.api;
  const oneRequest = api.max_attempts * (api.connect_timeout_seconds + api.request_timeout_seconds) + (api.max_attempts - 1) * (api.retry_max_delay_ms / 1000);
  const pacing = 60;
  return Math.ceil(2 * oneRequest + config.files.timeout_seconds + pacing);
}

/** daemon.watchdog_stall_seconds, or the derived bound when it is 0. */
export function stallSeconds(config: Config): number {
  const set = config.daemon.watchdog_stall_seconds;
  return set > 0 ? set : derivedStallSeconds(config);
}

export interface Watchdog {
  stop(): void;
}

/**
 * Pings WATCHDOG=1 every WATCHDOG_USEC/2 while `health` is healthy (sd_watchdog_enabled's
 * advice: half the interval, so one late timer never misses the deadline). A no-op when the
 * notifier has no watchdog. Logs once when pings stop and once when they resume.
 */
export function startWatchdog(notifier: Notifier, health: Pick<LoopHealth, 'healthy' | 'sinceBeatMs' | 'stallMs'>, log: Logger): Watchdog {
  const usec = notifier.watchdogUsec;
  if (usec === null) return { stop: () => undefined };
  const everyMs = Math.max(1, Math.floor(usec / 2000));
  let withheld = false;
  const tick = (): void => {
    if (health.healthy()) {
      if (withheld) log.info('fetch loop made progress again: watchdog pings resumed');
      withheld = false;
      notifier.watchdog();
      return;
    }
    if (!withheld) {
      withheld = true;
      log.error(
        { sinceProgressSeconds: Math.round(health.sinceBeatMs() / 1000), stallSeconds: health.stallMs / 1000, watchdogSeconds: usec / 1e6 },
        'fetch loop made no progress within the stall threshold: watchdog pings stopped, systemd will restart the service',
      );
    }
  };
  tick();
  // Kept referenced on purpose: a loop stuck on a promise with no other handle must not let the
  // process exit quietly as if it had finished; the watchdog is what ends it.
  const timer = setInterval(tick, everyMs);
  return { stop: () => clearInterval(timer) };
}
