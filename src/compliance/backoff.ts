/**
 * Exponential backoff with "equal jitter" (half fixed, half random), raised to the server's
 * Retry-After when it sent one: the server knows its window better than our guess.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.round(Number(raw.trim()) * 1000);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** The wait before the next attempt: the backoff, or Retry-After if longer, capped by a ceiling. */
export function retryWait(attempt: number, retryAfterMs: number | null, baseMs: number, maxMs: number, random?: () => number): number {
  const backoff = backoffDelay(attempt, baseMs, maxMs, random);
  // Honour Retry-After even above the backoff ceiling, but never wait more than 10 minutes on one hint.
  return retryAfterMs === null ? backoff : Math.min(Math.max(backoff, retryAfterMs), 600_000);
}
