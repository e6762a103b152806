import type { SinkResult } from '../types.js';

export const OK: SinkResult = { ok: true };

/** A failed delivery; `error` must never hold a secret (no URL of a chat webhook, no password). */
export function failed(retryable: boolean, error: string, retryAfterMs: number | null = null): SinkResult {
  return { ok: false, retryable, retryAfterMs, error };
}

/** The caller's signal fired (shutdown): not the receiver's fault, so the alert stays due. */
export const ABORTED: SinkResult = failed(true, 'delivery aborted (shutting down)');

/** Printable, single-line, bounded text from a receiver (an HTTP body, an SMTP reply) for an error message. */
export function snippet(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
