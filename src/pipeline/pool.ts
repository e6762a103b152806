import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompiledRuleSet } from '../rules/compiled.js';
import type { ScanTask, ScanTaskResult } from './task.js';

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
  /** Worker threads running now; 0 once the pool is closed (readiness). */
  live(): number;
  close(): Promise<void>;
}

export function createPool(ruleSet: CompiledRuleSet, threads: number, valueSalt: string | null = null): ScanPool {
  const n = threads > 0 ? threads : Math.max(1, availableParallelism());
  // No maxQueue: the dispatcher bounds in-flight tasks itself (pipeline.max_in_flight), so
  // piscina's queue never holds more than that and never has to reject.
  const pool = startPiscina('worker', n, { ruleSet, valueSalt });
  let closed = false;
  return {
    threads: n,
    run: (task) => pool.run(task) as Promise<ScanTaskResult>,
    pending: () => pool.queueSize,
    utilization: () => pool.utilization,
    live: () => (closed ? 0 : pool.threads.length),
    close: () => {
      closed = true;
      return pool.destroy();
    },
  };
}

/**
 * A fixed-size piscina pool on a worker entry of this folder: the built JS in production, the
 * TypeScript through tsx's loader under vitest.
 */
function startPiscina(entry: string, threads: number, workerData: unknown): Piscina {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const filename = fileURLToPath(new URL(`./${entry}${fromSource ? '.ts' : '.js'}`, here));
  if (!existsSync(filename)) throw new Error(`worker entry ${filename} is missing: run npm run build`);
  const pool = new Piscina({
    filename, minThreads: threads, maxThreads: threads, workerData, execArgv: fromSource ? ['--import', 'tsx'] : [],
  });
  // A worker that dies (out of memory, stopped for time, a crash) is reported on its task and
  // also emitted here, where unheard the 'error' event would end the process without committing
  // what was done. The task's rejection is what counts.
  pool.on('error', () => undefined);
  return pool;
}
