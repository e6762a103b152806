import type { CompiledRuleSet } from '../rules/compiled.js';
import type { FileTask, FileTaskResult } from './file-task.js';

/** Messages between the extraction pool (file-pool.ts) and its processes (file-worker.ts): plain data only. */
export type HostRequest =
  | { type: 'init'; ruleSet: CompiledRuleSet; valueSalt: string | null }
  | { type: 'task'; id: number; task: FileTask };

export type HostReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: FileTaskResult }
  | { type: 'failed'; id: number; message: string };
