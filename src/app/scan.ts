import { createHash } from 'node:crypto';
import type { MessageSourceName, ObjectSourceName, SourceName } from '../config/schema.js';
import type { MessageSource, TimeRange } from '../compliance/source.js';
import { ConversationsClosedError } from '../compliance/conversations-source.js';
import { runSource, type SourceStats } from '../pipeline/run-source.js';
import { isRefusal } from '../compliance/client.js';
import { errorMessage, LeakwatchError } from '../errors.js';
import { runContext, type Runtime, type WorkspaceRuntime } from './runtime.js';
import { syncUsers } from './users.js';
import { checkMalwareAtStart } from '../malware/scan.js';
import { countFindingsInRange } from '../store/queries.js';

export type SourceChoice = MessageSourceName | 'auto';

export interface ScanOptions {
  /** The workspace id to scan; may be left out when only one is configured. */
  workspace?: string;
  since: Date;
  until: Date | null;
  source: SourceChoice;
  /** Sources beyond chats to read after the messages; default: sources.objects.enabled. */
  objects?: readonly ObjectSourceName[];
  /**
   * What identifies "the same scan" for resuming; defaults to the dates. The CLI passes the
   * options as typed, so `--since 30d` resumes even though 30 days ago has moved on.
   */
  resumeIdentity?: unknown;
  /** Start a new run even if an unfinished one with the same parameters exists. */
  fresh?: boolean;
  now?: Date;
  onProgress?: (stats: SourceStats) => void;
}

export interface PlannedSource {
  source: SourceName;
  since: string;
  until: string | null;
}

export interface SourceReport extends PlannedSource {
  /** failed: a source beyond chats that could not be read (the others, and the messages, went on). */
  status: 'complete' | 'interrupted' | 'closed' | 'not-run' | 'failed';
  note: string | null;
  stats: SourceStats | null;
}

export interface ScanReport {
  /** The workspace scanned (each workspace is its own run, with its own checkpoints). */
  workspace: { id: string; label: string };
  runId: number;
  resumed: boolean;
  interrupted: boolean;
  sources: SourceReport[];
  findingsNew: number;
  /** Findings recorded for messages in the scanned range, whichever run found them. */
  findingsInRange: number;
}

const DAY = 86_400_000;

/**
 * Which source reads which part of the range. `auto`: the logs feed for its retention window,
 * the conversation listing for what is older (with a day of overlap: duplicates are skipped by
 * message id, gaps would be silent).
 */
export function planSources(choice: SourceChoice, since: Date, until: Date | null, now: Date, retentionDays: number): PlannedSource[] {
  const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
  if (choice !== 'auto') return [{ source: choice, since: since.toISOString(), until: iso(until) }];
  const logsStart = new Date(now.getTime() - retentionDays * DAY);
  if (since >= logsStart) return [{ source: 'logs', since: since.toISOString(), until: iso(until) }];
  const older = new Date(Math.min(until?.getTime() ?? Infinity, logsStart.getTime() + DAY));
  const plan: PlannedSource[] = [];
  if (until === null || until > logsStart) plan.push({ source: 'logs', since: logsStart.toISOString(), until: iso(until) });
  plan.push({ source: 'conversations', since: since.toISOString(), until: older.toISOString() });
  return plan;
}

/** The logs feed's object sources: time-bound like messages; the others are sweeps of what exists now. */
const LOG_FEED_OBJECTS: ReadonlySet<ObjectSourceName> = new Set(['codex_logs', 'custom_agent_logs']);

/**
 * The object sources' part of a plan, after the messages. The Codex and custom-agent prompts
 * come from the logs feed, so they cover the range within its retention; the listings (GPTs,
 * projects, memories ...) are read as they are now, whatever the range (a GPT created a year ago
 * with a key in its instructions leaks it today).
 */
export function planObjects(objects: readonly ObjectSourceName[], since: Date, until: Date | null, now: Date, retentionDays: number): PlannedSource[] {
  const logsStart = new Date(Math.max(since.getTime(), now.getTime() - retentionDays * DAY));
  return objects.map((source) => LOG_FEED_OBJECTS.has(source)
    ? { source, since: logsStart.toISOString(), until: until?.toISOString() ?? null }
    // From the beginning: the sweeps that can filter by time (memories, automations) must not skip old ones.
    : { source, since: new Date(0).toISOString(), until: null });
}

function isObjectSource(name: SourceName): name is ObjectSourceName {
  return name !== 'logs' && name !== 'conversations';
}


/** The source a planned entry names, from this workspace's sources. */
function sourceFor(ws: WorkspaceRuntime, name: SourceName): MessageSource {
  if (name === 'logs') return ws.logs;
  if (name === 'conversations') return ws.conversations;
  return ws.objects[name];
}

/** The workspace a scan is about: the one named, or the only one configured. */
export function scanTarget(rt: Runtime, id: string | undefined): WorkspaceRuntime {
  if (id !== undefined) return rt.workspace(id);
  if (rt.workspaces.length === 1) return rt.workspaces[0] as WorkspaceRuntime;
  throw new LeakwatchError('USAGE', 'usage', `several workspaces are configured: name one (${rt.workspaces.map((w) => w.id).join(', ')})`);
}

/**
 * A retroactive scan of one workspace. Its run and checkpoints (namespace `scan:<run id>`) are
 * its own; the resume key includes the workspace, so each workspace resumes on its own.
 */
export async function runScan(rt: Runtime, opts: ScanOptions): Promise<ScanReport> {
  const { store, config } = rt;
  const ws = scanTarget(rt, opts.workspace);
  const log = ws.log;
  // Before any run is recorded: with the malware scan on, a scan stops here when clamd does not answer.
  if (config.files.enabled) await checkMalwareAtStart(rt.engine.files.malware, log, { fatal: true });
  const now = opts.now ?? new Date();
  const objects = opts.objects ?? config.sources.objects.enabled;
  const params = { workspace: ws.id, since: opts.since.toISOString(), until: opts.until?.toISOString() ?? null, source: opts.source, objects };
  const identity = opts.resumeIdentity === undefined ? params : { workspace: ws.id, identity: opts.resumeIdentity };
  const resumeKey = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 24);
  const prior = opts.fresh ? null : store.findResumableRun(resumeKey);
  let runId: number;
  let plan: PlannedSource[];
  let done: Record<string, SourceReport> = {};
  if (prior !== null) {
    runId = prior.id;
    store.reopenRun(runId);
    const saved = JSON.parse(prior.params) as { plan: PlannedSource[] };
    plan = saved.plan;
    done = Object.fromEntries(
      ((prior.summary ? (JSON.parse(prior.summary) as { sources: SourceReport[] }).sources : []) ?? [])
        .filter((s) => s.status === 'complete' || s.status === 'closed')
        .map((s) => [s.source, s]),
    );
    log.info({ runId, done: Object.keys(done) }, 'resuming unfinished scan from its checkpoints');
  } else {
    plan = [
      ...planSources(opts.source, opts.since, opts.until, now, config.sources.logs.retention_days),
      ...planObjects(objects, opts.since, opts.until, now, config.sources.logs.retention_days),
    ];
    runId = store.startRun('scan', { ...params, plan }, resumeKey);
    log.info({ runId, plan }, 'scan started');
  }

  rt.actions.start();
  const userCount = await syncUsers(ws.api, store, ws.config.api.page_size.users);
  log.info({ users: userCount }, 'users synced');

  const reports: SourceReport[] = [];
  let interrupted = false;
  // The summary lists every planned source; the resume of a crashed run skips the finished ones.
  const summary = (): { sources: SourceReport[] } => ({
    sources: [...reports, ...plan.slice(reports.length).map((p) => done[p.source] ?? { ...p, status: 'not-run' as const, note: null, stats: null })],
  });

  try {
    for (const planned of plan) {
      const already = done[planned.source];
      if (already !== undefined) {
        reports.push(already);
        continue;
      }
      if (interrupted || rt.abort.signal.aborted) {
        interrupted = true;
        reports.push({ ...planned, status: 'not-run', note: 'interrupted before this source started', stats: null });
        continue;
      }
      const range: TimeRange = { since: Date.parse(planned.since), until: planned.until === null ? null : Date.parse(planned.until) };
      const source = sourceFor(ws, planned.source);
      try {
        const stats = await runSource(runContext(rt, ws, { runId, namespace: `scan:${runId}`, signal: rt.abort.signal, onProgress: opts.onProgress }), source, range);
        interrupted = !stats.complete;
        reports.push({ ...planned, status: stats.complete ? 'complete' : 'interrupted', note: null, stats });
      } catch (err) {
        if (err instanceof ConversationsClosedError && opts.source === 'auto') {
          log.warn({ code: err.code }, err.message);
          reports.push({ ...planned, status: 'closed', note: err.message, stats: null });
          continue;
        }
        // A source beyond chats that fails (not offered by this workspace, a bad page) is reported
        // and the scan goes on; a refused key or a shutdown ends it as for the messages.
        if (isObjectSource(planned.source) && !rt.abort.signal.aborted && !isRefusal(err)) {
          log.error({ source: planned.source, code: err instanceof LeakwatchError ? err.code : undefined, err: errorMessage(err) }, `${planned.source} could not be read; the scan goes on`);
          reports.push({ ...planned, status: 'failed', note: errorMessage(err), stats: null });
          continue;
        }
        throw err;
      }
      store.saveRunSummary(runId, summary());
    }
  } catch (err) {
    store.finishRun(runId, 'failed', { ...summary(), error: (err as Error).message });
    throw err;
  }
  store.finishRun(runId, interrupted ? 'interrupted' : 'completed', summary());
  // Deliver what this scan queued before returning (digests whose window is still open, and
  // retries not yet due, stay in the outbox for the daemon or the next run).
  if (!interrupted) await rt.actions.flush();
  const run = store.getRun(runId);
  return {
    workspace: { id: ws.id, label: ws.label },
    runId,
    resumed: prior !== null,
    interrupted,
    sources: reports,
    findingsNew: run?.findings_new ?? 0,
    findingsInRange: countFindingsInRange(rt.db, ws.id, runId, opts.since.toISOString(), opts.until?.toISOString() ?? null),
  };
}
