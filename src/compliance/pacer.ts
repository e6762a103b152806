/**
 * Keeps requests of one endpoint class under the documented per-key limits (50/min for lists,
 * 100/min for single GETs) instead of learning them from 429s. A sliding-window log: at most
 * `perMinute` requests start in any 60 s span, which is safe whether the server counts in fixed
 * or sliding windows (a token bucket that starts full would allow nearly twice the limit in the
 * first minute).
 */
export class Pacer {
  private readonly starts: number[] = [];
  private static readonly WINDOW_MS = 60_000;

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
    /** When true, take() returns at once (shutting down: an aborted sleep no longer waits, so looping would spin). */
    private readonly aborted: () => boolean = () => false,
  ) {}

  /** Takes a slot if one is free now; false (nothing taken) when the window is full. */
  tryTake(): boolean {
    const t = this.clock();
    while (this.starts.length > 0 && (this.starts[0] as number) <= t - Pacer.WINDOW_MS) this.starts.shift();
    if (this.starts.length >= this.perMinute) return false;
    this.starts.push(t);
    return true;
  }

  async take(): Promise<void> {
    for (;;) {
      if (this.aborted()) return;
      const t = this.clock();
      while (this.starts.length > 0 && (this.starts[0] as number) <= t - Pacer.WINDOW_MS) this.starts.shift();
      if (this.starts.length < this.perMinute) {
        this.starts.push(t);
        return;
      }
      // Wait until the oldest request in the window is a minute old (plus a little for clock skew).
      await this.sleep((this.starts[0] as number) + Pacer.WINDOW_MS - t + 50);
    }
  }
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
