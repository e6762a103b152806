import { createHash } from 'node:crypto';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { OutboxRow } from '../store/outbox.js';
import { alertFindings } from '../store/queries.js';
import { Pacer, defaultSleep } from '../compliance/pacer.js';
import { retryWait } from '../compliance/backoff.js';
import { errorMessage } from '../errors.js';
import type { AlertPayload, Sink } from './types.js';

export interface DeliveryOptions {
  store: Store;
  sinks: ReadonlyMap<string, Sink>;
  log: Logger;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  perSinkPerMinute: number;
  pollMs: number;
  random?: () => number;
}

/**
 * Reads the outbox after commit and delivers alerts, one independent loop per sink, so a sink
 * that is down or slow delays only its own alerts (and never the scan: scanning only writes
 * outbox rows). Failures are retried with exponential backoff and jitter, honouring Retry-After;
 * past alerts.max_attempts, or on a permanent refusal, the row is marked dead (`leakwatch
 * alerts retry` revives it). Each delivery carries the row's idempotency key, so a crash after a
 * send and before its mark is a duplicate the receiver can drop, never a loss.
 */
export class Delivery {
  private readonly abort = new AbortController();
  private readonly loops = new Map<string, Promise<void>>();
  private readonly pacers = new Map<string, Pacer>();
  private ticker: NodeJS.Timeout | null = null;

  constructor(private readonly opts: DeliveryOptions) {}

  /** Starts a loop for every sink with pending alerts, and checks for new ones every poll. */
  start(): void {
    const spawn = (): void => {
      for (const sink of this.opts.store.outbox.pendingSinks()) {
        if (!this.loops.has(sink)) {
          const loop = this.sinkLoop(sink).finally(() => this.loops.delete(sink));
          this.loops.set(sink, loop);
        }
      }
    };
    spawn();
    this.ticker = setInterval(spawn, this.opts.pollMs);
    this.ticker.unref();
  }

  /** Delivers everything due now (and digests whose window closed), then returns: for tests and the end of a scan. */
  async flush(): Promise<void> {
    for (const sink of this.opts.store.outbox.pendingSinks()) {
      for (;;) {
        const rows = this.opts.store.outbox.dueForSink(sink, new Date(), 100);
        if (rows.length === 0) break;
        await this.deliverBatch(sink, rows);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.abort.abort();
    await Promise.allSettled([...this.loops.values()]);
  }

  private async sinkLoop(sink: string): Promise<void> {
    while (!this.abort.signal.aborted) {
      const rows = this.opts.store.outbox.dueForSink(sink, new Date(), 100);
      if (rows.length === 0) return;
      await this.deliverBatch(sink, rows);
    }
  }

  private async deliverBatch(sinkName: string, rows: OutboxRow[]): Promise<void> {
    const done = new Set<number>();
    for (const row of rows) {
      if (done.has(row.id) || this.abort.signal.aborted) continue;
      const group = row.digest_key === null ? [row] : this.opts.store.outbox.digestRows(row.digest_key);
      for (const r of group) done.add(r.id);
      await this.deliver(sinkName, group);
    }
  }

  private async deliver(sinkName: string, group: OutboxRow[]): Promise<void> {
    const { store, log } = this.opts;
    const ids = group.map((r) => r.id);
    const first = group[0] as OutboxRow;
    const sink = this.opts.sinks.get(sinkName);
    if (sink === undefined) {
      store.outbox.markFailed(ids, `no sink named "${sinkName}" is configured (alerts.sinks)`, new Date(), true);
      log.error({ sink: sinkName, alerts: ids.length }, 'alert for an unknown sink marked dead');
      return;
    }
    let pacer = this.pacers.get(sinkName);
    if (pacer === undefined) {
      pacer = new Pacer(this.opts.perSinkPerMinute, Date.now, (ms) => defaultSleep(ms, this.abort.signal));
      this.pacers.set(sinkName, pacer);
    }
    try {
      await pacer.take();
    } catch {
      return; // stopping
    }
    const payload: AlertPayload = {
      key: first.digest_key === null ? first.key : `digest:${createHash('sha256').update(first.digest_key).digest('hex').slice(0, 32)}`,
      policy: first.policy,
      findings: alertFindings(store.db, group.map((r) => r.finding_id)),
      createdAt: first.created_at,
      hint: group.length === 1 ? `leakwatch findings --id ${first.finding_id}` : `leakwatch findings --id ${group.map((r) => r.finding_id).join(',')}`,
    };
    let result;
    try {
      result = await sink.send(payload, this.abort.signal);
    } catch (err) {
      result = { ok: false as const, retryable: true, retryAfterMs: null, error: `sink threw: ${errorMessage(err)}` };
    }
    const now = new Date();
    if (result.ok) {
      store.outbox.markSent(ids, now);
      return;
    }
    const attempts = first.attempts + 1;
    const dead = !result.retryable || attempts >= this.opts.maxAttempts;
    const wait = retryWait(attempts, result.retryAfterMs, this.opts.retryBaseMs, this.opts.retryMaxMs, this.opts.random);
    store.outbox.markFailed(ids, result.error, new Date(now.getTime() + wait), dead);
    const fields = { sink: sinkName, key: payload.key, attempt: attempts, error: result.error };
    if (dead) log.error(fields, 'alert delivery failed for good: marked dead (leakwatch alerts retry sends it again)');
    else log.warn({ ...fields, retryInMs: wait }, 'alert delivery failed, will retry');
  }
}
