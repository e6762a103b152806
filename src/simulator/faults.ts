/**
 * Fault injection. Each fault counts its own events from the last setFaults(), so a test can
 * switch a fault on and know exactly which request it hits.
 */

export interface FaultOptions {
  /** Every Nth API request (all requests under /v1) answers 429 with Retry-After. 0/undefined = off. */
  every429?: number;
  /** Retry-After on injected 429s and, when set, on rate-limit 429s. Default 1; 0 allowed. */
  retryAfterSeconds?: number;
  /** Every Nth API request answers 503, 500, 502 in turn. */
  every5xx?: number;
  /** Added to every request, downloads included. */
  latencyMs?: number;
  /** Every Nth successful JSON/JSONL body is cut in half (full Content-Length declared, socket destroyed). */
  truncateEvery?: number;
  /** The first N log-file downloads serve bytes that do not match file_sha256. */
  corruptLogDownloads?: number;
  /**
   * Every request from now on, downloads included, is held open and never answered (a stuck
   * upstream): it ends only when the client gives up or the simulator closes.
   */
  hang?: boolean;
}

export type InjectedFault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 };

const FIVE_XX = [503, 500, 502] as const;

export class Faults {
  private opts: FaultOptions = {};
  private apiRequests = 0;
  private fiveXx = 0;
  private bodies = 0;
  private logDownloads = 0;

  constructor(opts: FaultOptions = {}) {
    this.set(opts);
  }

  set(opts: FaultOptions): void {
    this.opts = { ...opts };
    this.apiRequests = 0;
    this.fiveXx = 0;
    this.bodies = 0;
    this.logDownloads = 0;
  }

  get latencyMs(): number {
    return Math.max(0, this.opts.latencyMs ?? 0);
  }

  get hang(): boolean {
    return this.opts.hang === true;
  }

  /** Explicit Retry-After, or undefined when the caller should compute its own. */
  get retryAfterOverride(): number | undefined {
    return this.opts.retryAfterSeconds;
  }

  /** Counts one API request and says whether it must fail. */
  onApiRequest(): InjectedFault | null {
    this.apiRequests++;
    const n = this.apiRequests;
    const every429 = this.opts.every429 ?? 0;
    if (every429 > 0 && n % every429 === 0) return { status: 429, retryAfter: Math.max(0, this.opts.retryAfterSeconds ?? 1) };
    const every5xx = this.opts.every5xx ?? 0;
    if (every5xx > 0 && n % every5xx === 0) return { status: FIVE_XX[this.fiveXx++ % FIVE_XX.length] as 500 | 502 | 503 };
    return null;
  }

  /** Counts one successful JSON/JSONL body and says whether to cut it. */
  truncateBody(): boolean {
    this.bodies++;
    const every = this.opts.truncateEvery ?? 0;
    return every > 0 && this.bodies % every === 0;
  }

  /** Counts one log-file download and says whether to corrupt it. */
  corruptLogDownload(): boolean {
    this.logDownloads++;
    return this.logDownloads <= (this.opts.corruptLogDownloads ?? 0);
  }
}
