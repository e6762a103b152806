import type { ObjectSourceName } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import type { ComplianceApi } from '../api.js';
import type { MessageSource } from '../source.js';
import { agentLogSource } from './agent-logs.js';
import { AssistantsSource } from './assistants.js';
import { AutomationsSource } from './automations.js';
import { CanvasesSource } from './canvases.js';
import { CodexEnvironmentsSource, CodexTasksSource } from './codex.js';
import { MemoriesSource } from './memories.js';
import { RecordingsSource } from './recordings.js';

export type { SweepCheckpoint } from './sweep.js';

/** Page sizes of the object lists: the API's documented defaults and maxima. */
export const OBJECT_PAGE_SIZES = {
  gpts: 20, configs: 20, memories: 200, canvases: 30, automations: 100, recordings: 20, codex: 30,
} as const;

export interface ObjectSourcesOptions {
  log: Logger;
  /**
   * True when a text with this key (ScanItem.key, without the workspace prefix) is recorded in
   * scanned_items for this workspace under the rules in force:
   * `(key) => store.hasScannedItem(`${workspaceId}:${key}`, engine().rulesDigest)`.
   * GPTs and projects use it to page configurations only down to the first one already scanned
   * (after a rules change every version is paged, and scanned, once more).
   */
  recorded: (itemKey: string) => boolean;
  /** Users per page of GET /users for the per-user kinds (api.page_size.users). */
  usersPageSize: number;
  /** Log files per page of GET /logs (api.page_size.logs). */
  logsPageSize: number;
  /** Seconds of overlap when a sweep asks only for what changed since the last one (memories, automations). Default 300. */
  overlapSeconds?: number;
  /** A new sweep starts only this long after the last one finished. Default 0 (at once). */
  sweepIntervalSeconds?: number;
  /** Overrides of OBJECT_PAGE_SIZES. */
  pageSizes?: Partial<Record<keyof typeof OBJECT_PAGE_SIZES, number>>;
  clock?: () => number;
}

/**
 * The sources beyond chats of one workspace, by name. Each has its own checkpoint (run-source
 * stores it under the name): the sweeps (everything but the two log feeds) a SweepCheckpoint,
 * `codex_logs` and `custom_agent_logs` a LogsCheckpoint.
 */
export function createObjectSources(api: ComplianceApi, opts: ObjectSourcesOptions): Record<ObjectSourceName, MessageSource> {
  const size = { ...OBJECT_PAGE_SIZES, ...opts.pageSizes };
  const sweep = { overlapSeconds: opts.overlapSeconds ?? 300, sweepIntervalSeconds: opts.sweepIntervalSeconds ?? 0, clock: opts.clock };
  const perUser = { ...sweep, usersPageSize: opts.usersPageSize };
  const assistants = { ...sweep, pageSize: size.gpts, configPageSize: size.configs, recorded: opts.recorded };
  const logs = { pageSize: opts.logsPageSize, log: opts.log };
  return {
    gpts: new AssistantsSource(api, 'gpt', assistants),
    projects: new AssistantsSource(api, 'project', assistants),
    memories: new MemoriesSource(api, { ...sweep, pageSize: size.memories }),
    canvases: new CanvasesSource(api, { ...perUser, pageSize: size.canvases }),
    automations: new AutomationsSource(api, { ...perUser, pageSize: size.automations }),
    recordings: new RecordingsSource(api, { ...perUser, pageSize: size.recordings }),
    codex_tasks: new CodexTasksSource(api, { ...sweep, pageSize: size.codex }),
    codex_environments: new CodexEnvironmentsSource(api, { ...sweep, pageSize: size.codex }),
    codex_logs: agentLogSource(api, 'codex_logs', logs),
    custom_agent_logs: agentLogSource(api, 'custom_agent_logs', logs),
  };
}
