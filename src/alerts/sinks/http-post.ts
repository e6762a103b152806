import { parseRetryAfter } from '../../compliance/backoff.js';
import type { AlertPayload, Sink, SinkResult } from '../types.js';
import { ABORTED, OK, failed, snippet } from './result.js';

/**
 * One POST for the HTTP sinks (webhook, Slack, Teams) with Node's global fetch: the caller's
 * signal and a timeout combined, the answer classified for the delivery loop. Error messages
 * never contain the URL (a Slack or Teams webhook URL is a credential).
 */
export interface PostRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * A chat sink (Slack, Teams): one JSON message per alert, built by `build`, posted to a webhook
 * URL that is itself the credential (no headers of ours).
 */
export function chatWebhookSink(
  name: string, type: string, webhookUrl: string, timeoutSeconds: number, build: (alert: AlertPayload) => unknown,
): Sink {
  return {
    name,
    type,
    send: (alert, signal) => postJson({ url: webhookUrl, body: JSON.stringify(build(alert)), headers: {}, timeoutMs: timeoutSeconds * 1000, signal }),
    close: () => Promise.resolve(),
  };
}

/** Bytes of a response body kept for an error message; the rest is not read. */
const MAX_ERROR_BODY = 4096;

export async function postJson(req: PostRequest): Promise<SinkResult> {
  if (req.signal.aborted) return ABORTED;
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = AbortSignal.any([req.signal, timeout]);
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'leakwatch', ...req.headers },
      body: req.body,
      signal,
      // A redirected POST turns into a GET on most servers: report it rather than follow it.
      redirect: 'manual',
    });
    const text = await readSome(res);
    if (res.status >= 200 && res.status < 300) return OK;
    return classifyStatus(res.status, res.headers.get('retry-after'), text);
  } catch (err) {
    if (req.signal.aborted) return ABORTED;
    if (timeout.aborted) return failed(true, `no answer within ${req.timeoutMs / 1000} s`);
    return failed(true, `network error: ${networkReason(err, req.url)}`);
  }
}

/** 429, 408 and 5xx are worth retrying (with the receiver's Retry-After); any other answer is permanent. */
export function classifyStatus(status: number, retryAfter: string | null, body: string): SinkResult {
  const detail = body === '' ? '' : `: ${snippet(body)}`;
  const error = `HTTP ${status}${detail}`;
  if (status === 429 || status === 408 || status >= 500) {
    return failed(true, error, parseRetryAfter(retryAfter ?? undefined));
  }
  if (status >= 300 && status < 400) return failed(false, `HTTP ${status} redirect not followed (check the URL)`);
  return failed(false, error);
}

async function readSome(res: Response): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BODY) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short does not change the status we already have.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY);
}

/** The system error code under fetch's "fetch failed" TypeError (ECONNREFUSED, ENOTFOUND ...). */
function networkReason(err: unknown, url: string): string {
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur instanceof Error; depth++) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    cur = cur.cause;
  }
  return err instanceof Error ? snippet(err.message.split(url).join('<url>')) : 'unknown';
}
