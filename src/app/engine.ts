import type { Config } from '../config/schema.js';
import type { LoadedRules } from '../rules/load.js';
import { createPool, type ScanPool } from '../pipeline/pool.js';
import { lazyFilePool, type FilePool } from '../pipeline/file-pool.js';
import type { ScanEngine } from '../pipeline/run-source.js';
import type { FileEngine } from '../pipeline/file-scan.js';
import { createMalwareScanner } from '../malware/scan.js';
import { createHash } from 'node:crypto';

/**
 * The rules in force and the pools compiled from them. Workers compile their rules once, from
 * workerData, so new rules need new pools: a reload builds a new engine, switches to it, and
 * retires the old one, which closes its pools once the tasks already given to them are done.
 */
export interface Engine extends ScanEngine {
  readonly rules: LoadedRules;
  readonly pool: ScanPool;
  /** Starts its processes with the first file, so it costs nothing while files are off or absent. */
  readonly filePool: FilePool;
  /** The same rules for the file scanner. */
  readonly files: FileEngine;
  /** Tasks given to this engine's pools and not finished yet. */
  inFlight(): number;
  /** Accepts no new task, waits for the ones in flight, then closes the pools. Idempotent. */
  retire(): Promise<void>;
}

export function createEngine(rules: LoadedRules, config: Pick<Config, 'pipeline' | 'files'>, valueSalt: string): Engine {
  // First: bad YARA rules fail here, before any pool starts.
  const malware = createMalwareScanner(config.files.malware);
  const scanPool = createPool(rules.compiled, config.pipeline.threads, valueSalt);
  const filePool = lazyFilePool(rules.compiled, config.files.threads, config.files.max_worker_memory_mb, valueSalt);
  let inFlight = 0;
  let retiring: Promise<void> | null = null;
  let idle: (() => void) | null = null;
  const track = <T>(run: () => Promise<T>): Promise<T> => {
    // Callers read the engine right before handing a task over, so this only guards a bug.
    if (retiring !== null) return Promise.reject(new Error('internal: a task was given to a retired rule engine'));
    inFlight++;
    return run().finally(() => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
  };
  const pool: ScanPool = {
    threads: scanPool.threads,
    run: (task) => track(() => scanPool.run(task)),
    pending: () => scanPool.pending(),
    utilization: () => scanPool.utilization(),
    live: () => scanPool.live(),
    close: () => scanPool.close(),
  };
  const files: FilePool = {
    threads: filePool.threads,
    run: (task, timeoutMs) => track(() => filePool.run(task, timeoutMs)),
    close: () => filePool.close(),
  };
  const ruleMeta = rules.meta;
  const rulesDigest = rules.compiled.digest;
  // File content is scanned once per digest: the malware scan's settings are part of it for files.
  const filesDigest = malware === null ? rulesDigest : createHash('sha256').update(`${rulesDigest}\u0000malware:${malware.digest}`).digest('hex').slice(0, rulesDigest.length);
  return {
    rules, pool, filePool: files, rulesDigest, ruleMeta,
    files: { pool: files, rulesDigest: filesDigest, ruleMeta, malware },
    inFlight: () => inFlight,
    retire() {
      retiring ??= (async () => {
        if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
        const closed = await Promise.allSettled([scanPool.close(), filePool.close()]);
        const failed = closed.find((r) => r.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
      })();
      return retiring;
    },
  };
}
