import { createHmac } from 'node:crypto';
import type { WebhookSinkConfig } from '../sink-config.js';
import type { AlertPayload, Sink, SinkResult } from '../types.js';
import { plainFinding } from '../format.js';
import { postJson } from './http-post.js';

/** Version of the webhook body; bumped only for a change a receiver must know about. */
export const WEBHOOK_BODY_VERSION = 1;

/**
 * Signed JSON POST of the alert payload.
 *
 * Body: `{"version":1, ...AlertPayload}`. Headers:
 * - `X-Leakwatch-Timestamp`: Unix time in seconds when the request was signed;
 * - `X-Leakwatch-Signature`: `sha256=` + hex HMAC-SHA256, keyed with the secret, of the string
 *   `<timestamp>.<body>` (the timestamp header, a dot, the exact body bytes). A receiver
 *   recomputes it, compares in constant time, and rejects old timestamps (e.g. > 5 minutes)
 *   against replays;
 * - `Idempotency-Key`: the payload's key, the same on every retry of one alert: dedupe on it.
 */
export function createWebhookSink(name: string, config: WebhookSinkConfig, secret: string): Sink {
  return {
    name,
    type: 'webhook',
    send(alert: AlertPayload, signal: AbortSignal): Promise<SinkResult> {
      const body = webhookBody(alert);
      const timestamp = Math.floor(Date.now() / 1000).toString();
      return postJson({
        url: config.url,
        body,
        headers: {
          ...config.headers,
          'x-leakwatch-timestamp': timestamp,
          'x-leakwatch-signature': signWebhook(secret, timestamp, body),
          'idempotency-key': alert.key,
        },
        timeoutMs: config.timeout_seconds * 1000,
        signal,
      });
    },
    close(): Promise<void> {
      return Promise.resolve();
    },
  };
}

export function webhookBody(alert: AlertPayload): string {
  return JSON.stringify({
    version: WEBHOOK_BODY_VERSION,
    key: alert.key,
    policy: alert.policy,
    createdAt: alert.createdAt,
    hint: alert.hint,
    findings: alert.findings.map(plainFinding),
  });
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
