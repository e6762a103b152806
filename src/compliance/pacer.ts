/**
 * A token bucket per endpoint class, so leakwatch stays under the documented per-key limits
 * (50/min for lists, 100/min for single GETs) instead of learning them from 429s. The bucket
 * holds one minute's allowance, so short bursts pass at once and long walks settle at the rate.
 */
export class Pacer {
  private tokens: number;
  private last: number;
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {
    this.tokens = perMinute;
    this.last = clock();
    this.perMs = perMinute / 60_000;
  }

  async take(): Promise<void> {
    for (;;) {
      const t = this.clock();
      this.tokens = Math.min(this.perMinute, this.tokens + (t - this.last) * this.perMs);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil((1 - this.tokens) / this.perMs));
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
