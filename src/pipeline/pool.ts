import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompiledRuleSet } from '../rules/compiled.js';
import type { ScanTask, ScanTaskResult } from './task.js';
import type { FileTask, FileTaskResult } from './file-task.js';

/**
 * The only module that imports piscina. Workers run the built JS in production; under vitest
 * this file is TypeScript, so the worker entry is the .ts file loaded through tsx's loader.
 */
export interface ScanPool {
  readonly threads: number;
  run(task: ScanTask): Promise<ScanTaskResult>;
  /** Tasks waiting for a free thread. */
  pending(): number;
  utilization(): number;
  close(): Promise<void>;
}

export function createPool(ruleSet: CompiledRuleSet, threads: number, valueSalt: string | null = null): ScanPool {
  const n = threads > 0 ? threads : Math.max(1, availableParallelism());
  // No maxQueue: the dispatcher bounds in-flight tasks itself (pipeline.max_in_flight), so
  // piscina's queue never holds more than that and never has to reject.
  const pool = startPiscina('worker', n, { ruleSet, valueSalt });
  return {
    threads: n,
    run: (task) => pool.run(task) as Promise<ScanTaskResult>,
    pending: () => pool.queueSize,
    utilization: () => pool.utilization,
    close: () => pool.destroy(),
  };
}

/** Why a file task did not come back: the worker was stopped for time or memory. */
export type FileRunFailure = 'EXTRACT_TIMEOUT' | 'EXTRACT_MEMORY';

export interface FilePool {
  readonly threads: number;
  /** Extracts and scans one file; a worker past `timeoutMs` or its heap limit is stopped and replaced. */
  run(task: FileTask, timeoutMs: number): Promise<FileTaskResult | { failure: FileRunFailure; message: string }>;
  close(): Promise<void>;
}

/**
 * The extraction pool: its own threads, with a V8 heap limit, so that a hostile file can stall
 * or kill only an extraction thread, never the message scanning. A timed-out task's worker is
 * terminated by piscina (the abort signal) and a fresh one takes its place.
 */
export function createFilePool(ruleSet: CompiledRuleSet, threads: number, maxHeapMb: number, valueSalt: string | null = null): FilePool {
  const n = fileThreads(threads);
  const pool = startPiscina('file-worker', n, { ruleSet, valueSalt }, { maxOldGenerationSizeMb: maxHeapMb });
  return {
    threads: n,
    async run(task, timeoutMs) {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        return (await pool.run(task, { signal })) as FileTaskResult;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (signal.aborted) return { failure: 'EXTRACT_TIMEOUT', message: `extraction took longer than ${Math.round(timeoutMs / 1000)} s (files.timeout_seconds): stopped` };
        if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
          return { failure: 'EXTRACT_MEMORY', message: `extraction needed more than ${maxHeapMb} MB of heap (files.max_worker_memory_mb): stopped` };
        }
        throw err;
      }
    },
    close: () => pool.destroy(),
  };
}

/** A FilePool whose threads start with its first file: a run without uploads never pays for them. */
export function lazyFilePool(ruleSet: CompiledRuleSet, threads: number, maxHeapMb: number, valueSalt: string | null = null): FilePool {
  const n = fileThreads(threads);
  let inner: FilePool | null = null;
  return {
    threads: n,
    run: (task, timeoutMs) => (inner ??= createFilePool(ruleSet, n, maxHeapMb, valueSalt)).run(task, timeoutMs),
    close: async () => {
      await inner?.close();
    },
  };
}

/** Extraction threads: as configured, else half the cores, at least one. */
function fileThreads(threads: number): number {
  return threads > 0 ? threads : Math.max(1, Math.floor(availableParallelism() / 2));
}

/**
 * A fixed-size piscina pool on a worker entry of this folder: the built JS in production, the
 * TypeScript through tsx's loader under vitest.
 */
function startPiscina(entry: string, threads: number, workerData: unknown, resourceLimits?: { maxOldGenerationSizeMb: number }): Piscina {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const filename = fileURLToPath(new URL(`./${entry}${fromSource ? '.ts' : '.js'}`, here));
  if (!existsSync(filename)) throw new Error(`worker entry ${filename} is missing: run npm run build`);
  const pool = new Piscina({
    filename, minThreads: threads, maxThreads: threads, workerData, execArgv: fromSource ? ['--import', 'tsx'] : [], resourceLimits,
  });
  // A worker that dies (out of memory, stopped for time, a crash) is reported on its task and
  // also emitted here, where unheard the 'error' event would end the process without committing
  // what was done. The task's rejection is what counts.
  pool.on('error', () => undefined);
  return pool;
}
