/**
 * Per-key sliding-window limits by endpoint class, as the spec states them per minute. Only
 * answered requests count: a client that is refused and waits must get in when it retries.
 */

export type EndpointClass = 'list' | 'get';

export interface RateLimits {
  listPerMinute: number;
  getPerMinute: number;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly limits: RateLimits | false) {}

  /** Records the request and returns null, or returns the seconds until a slot frees up. */
  take(key: string, cls: EndpointClass, nowMs: number): number | null {
    if (this.limits === false) return null;
    const limit = cls === 'list' ? this.limits.listPerMinute : this.limits.getPerMinute;
    const id = `${cls}\u0000${key}`;
    let stamps = this.windows.get(id);
    if (!stamps) {
      stamps = [];
      this.windows.set(id, stamps);
    }
    while (stamps.length > 0 && (stamps[0] as number) <= nowMs - WINDOW_MS) stamps.shift();
    if (stamps.length >= limit) return Math.max(1, Math.ceil(((stamps[0] as number) + WINDOW_MS - nowMs) / 1000));
    stamps.push(nowMs);
    return null;
  }
}
