import { errorMessage } from '../../errors.js';

/**
 * Readiness (/readyz): the Compliance API answered recently and its latest request did not fail
 * for good, the database takes a real write, and the scan pool has live threads. Each check
 * names what is wrong, so a failing probe says where to look.
 */

export interface CheckResult {
  ok: boolean;
  /** Why it fails (or a short "ok" note); never a secret. */
  detail: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/**
 * The API's state as seen from our own requests (passive: a probe never spends the API's rate
 * budget). Any answer that is not 429/5xx counts as the API answering; a request that failed
 * after all its attempts marks it down until the next answer.
 */
export class ApiHealth {
  private okAt: number | null = null;
  private failedAt: number | null = null;
  private failure = '';

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  response(status: number): void {
    if (status >= 200 && status < 500 && status !== 429 && status !== 401 && status !== 403) this.okAt = this.now();
  }

  gaveUp(endpoint: string, reason: string): void {
    this.failedAt = this.now();
    this.failure = `${endpoint}: ${reason}`;
  }

  check(): CheckResult {
    const now = this.now();
    if (this.failedAt !== null && (this.okAt === null || this.failedAt >= this.okAt)) {
      return { ok: false, detail: `the latest API request failed after all its attempts (${this.failure}) ${ago(now - this.failedAt)}` };
    }
    if (this.okAt === null) return { ok: false, detail: 'no successful API answer yet' };
    if (now - this.okAt > this.windowMs) {
      return { ok: false, detail: `no successful API answer for ${seconds(now - this.okAt)} (metrics.ready_api_window_seconds: ${this.windowMs / 1000})` };
    }
    return { ok: true, detail: `last answer ${ago(now - this.okAt)}` };
  }
}

/** A check that runs `probe` at most once per `minIntervalMs` (a flood of probes is not a flood of writes). */
export function cachedCheck(probe: () => CheckResult, minIntervalMs: number, now: () => number = Date.now): () => CheckResult {
  let last: { at: number; result: CheckResult } | null = null;
  return () => {
    const t = now();
    if (last === null || t - last.at >= minIntervalMs) last = { at: t, result: safe(probe) };
    return last.result;
  };
}

/** A probe that throws fails with the error's message. */
export function safe(probe: () => CheckResult): CheckResult {
  try {
    return probe();
  } catch (err) {
    return { ok: false, detail: errorMessage(err) };
  }
}

export class Readiness {
  constructor(private readonly checks: Record<string, () => CheckResult>) {}

  run(): ReadinessReport {
    const checks: Record<string, CheckResult> = {};
    for (const [name, check] of Object.entries(this.checks)) checks[name] = safe(check);
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  /** Each check's outcome, for the leakwatch_ready gauge. */
  passing(): Record<string, boolean> {
    return Object.fromEntries(Object.entries(this.run().checks).map(([k, v]) => [k, v.ok]));
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

function ago(ms: number): string {
  return ms < 1000 ? 'just now' : `${seconds(ms)} ago`;
}
