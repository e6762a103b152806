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
  close(): Promise<void>;
}

export function createPool(ruleSet: CompiledRuleSet, threads: number): ScanPool {
  const n = threads > 0 ? threads : Math.max(1, availableParallelism());
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const filename = fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', here));
  if (!existsSync(filename)) throw new Error(`worker entry ${filename} is missing: run npm run build`);
  const pool = new Piscina({
    filename,
    minThreads: n,
    maxThreads: n,
    // No maxQueue: the dispatcher bounds in-flight tasks itself (pipeline.max_in_flight), so
    // piscina's queue never holds more than that and never has to reject.
    workerData: { ruleSet },
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  });
  return {
    threads: n,
    run: (task) => pool.run(task) as Promise<ScanTaskResult>,
    pending: () => pool.queueSize,
    utilization: () => pool.utilization,
    close: () => pool.destroy(),
  };
}
