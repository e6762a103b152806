import { createHash } from 'node:crypto';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { OutboxRow } from '../store/outbox.js';
import { alertFindings } from '../store/queries.js';
import { Pacer } from '../compliance/pacer.js';
import { retryWait } from '../compliance/backoff.js';
import { errorMessage } from '../errors.js';
import type { AlertPayload, Sink } from './types.js';
import type { Metrics } from '../ops/metrics/types.js';

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
  /** Counts each delivery by sink and outcome; absent = not counted. */
  metrics?: Pick<Metrics, 'alertDelivery'>;
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
  private flushing = false;
  /** The flush in progress, which stop() waits for like the loops. */
  private flushRun: Promise<void> | null = null;

  constructor(private readonly opts: DeliveryOptions) {}

  /** Starts a loop for every sink with pending alerts, and checks for new ones every poll. */
  start(): void {
    const spawn = (): void => {
      if (this.flushing) return;
      for (const sink of this.opts.store.outbox.pendingSinks()) {
        if (!this.loops.has(sink)) {
          const loop = this.sinkLoop(sink)
            .catch((err: unknown) => this.opts.log.error({ sink, err: errorMessage(err) }, 'alert delivery loop failed; it starts again at the next poll'))
            .finally(() => this.loops.delete(sink));
          this.loops.set(sink, loop);
        }
      }
    };
    spawn();
    this.ticker = setInterval(spawn, this.opts.pollMs);
    this.ticker.unref();
  }

  /**
   * Delivers what is due now (and digests whose window closed) as far as each sink's pace allows
   * without waiting, then returns: the end of a scan. What is left stays in the outbox for the
   * daemon or the next run.
   */
  async flush(): Promise<void> {
    const run = this.flushDue();
    this.flushRun = run;
    try {
      await run;
    } finally {
      if (this.flushRun === run) this.flushRun = null;
    }
  }

  private async flushDue(): Promise<void> {
    // One deliverer per sink at a time: wait for a running loop, and keep new ones out meanwhile.
    this.flushing = true;
    try {
      await Promise.allSettled([...this.loops.values()]);
      await Promise.all(this.opts.store.outbox.pendingSinks().map(async (sink) => {
        for (;;) {
          const rows = this.opts.store.outbox.dueForSink(sink, new Date(), 100);
          if (rows.length === 0) return;
          if (!(await this.deliverBatch(sink, rows))) return;
        }
      }));
    } finally {
      this.flushing = false;
    }
  }

  async stop(): Promise<void> {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.abort.abort();
    await Promise.allSettled([...this.loops.values(), this.flushRun ?? Promise.resolve()]);
  }

  private async sinkLoop(sink: string): Promise<void> {
    while (!this.abort.signal.aborted) {
      const rows = this.opts.store.outbox.dueForSink(sink, new Date(), 100);
      if (rows.length === 0) return;
      // Never wait on the pace inside a loop: when it is used up the loop ends, and the next
      // poll starts it again (so stop() and flush() never wait minutes on a slow pace).
      if (!(await this.deliverBatch(sink, rows))) return;
    }
  }

  /** Delivers rows in order; false when it stopped early (stopping, or the sink's pace is used up for now). */
  private async deliverBatch(sinkName: string, rows: OutboxRow[]): Promise<boolean> {
    const done = new Set<number>();
    for (const row of rows) {
      if (this.abort.signal.aborted) return false;
      if (done.has(row.id)) continue;
      const group = row.digest_key === null ? [row] : this.opts.store.outbox.digestRows(row.digest_key);
      for (const r of group) done.add(r.id);
      if (!(await this.deliver(sinkName, group))) return false;
    }
    return true;
  }

  /** One delivery; false when it was not attempted (the sink's pace is used up for now). */
  private async deliver(sinkName: string, group: OutboxRow[]): Promise<boolean> {
    const { store, log } = this.opts;
    const ids = group.map((r) => r.id);
    const first = group[0] as OutboxRow;
    const sink = this.opts.sinks.get(sinkName);
    if (sink === undefined) {
      store.outbox.markFailed(ids, `no sink named "${sinkName}" is configured (alerts.sinks)`, new Date(), true);
      this.opts.metrics?.alertDelivery(sinkName, 'dead');
      log.error({ sink: sinkName, alerts: ids.length }, 'alert for an unknown sink marked dead');
      return true;
    }
    let pacer = this.pacers.get(sinkName);
    if (pacer === undefined) {
      pacer = new Pacer(this.opts.perSinkPerMinute);
      this.pacers.set(sinkName, pacer);
    }
    if (!pacer.tryTake()) return false;
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
      this.opts.metrics?.alertDelivery(sinkName, 'sent');
      return true;
    }
    const attempts = first.attempts + 1;
    const dead = !result.retryable || attempts >= this.opts.maxAttempts;
    const pause = retryWait(attempts, result.retryAfterMs, this.opts.retryBaseMs, this.opts.retryMaxMs, this.opts.random);
    store.outbox.markFailed(ids, result.error, new Date(now.getTime() + pause), dead);
    this.opts.metrics?.alertDelivery(sinkName, dead ? 'dead' : 'retry');
    const fields = { sink: sinkName, key: payload.key, attempt: attempts, error: result.error };
    if (dead) log.error(fields, 'alert delivery failed for good: marked dead (leakwatch alerts retry sends it again)');
    else log.warn({ ...fields, retryInMs: pause }, 'alert delivery failed, will retry');
    return true;
  }
}
