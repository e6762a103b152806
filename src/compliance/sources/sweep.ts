import { LeakwatchError } from '../../errors.js';
import type { ObjectSourceName } from '../../config/schema.js';
import { isMissing, type Missing } from '../client.js';
import type { ComplianceApi, CursorPage, Page } from '../api.js';
import type { ApiUser } from '../schemas.js';
import { objectItemKey, type FileRef, type ItemKind, type ScanItem, type SourceEvent, type SourceUnit, type TimeRange } from '../source.js';

/**
 * Checkpoint of a sweep source (GPTs, projects, memories, canvases, automations, recordings,
 * Codex tasks and environments). `sweep` is the sweep in progress: when it started (client
 * clock, ms), the id of the last object or user finished, and for cursor-paged lists the cursor
 * of the page holding it. `completed` is the last finished sweep: the next one asks only for what
 * changed since it started (minus an overlap) where the API filters by time.
 */
export interface SweepCheckpoint {
  sweep: { startedAt: number; after: string | null; cursor: string | null } | null;
  completed: { startedAt: number; finishedAt: number } | null;
  /**
   * When the list last answered 404 (not served for this workspace): the next try waits the
   * sweep interval like a completed sweep, so a feature that is off is not reported every poll.
   */
  unavailableAt?: number;
}

/** What every sweep source is built with. */
export interface SweepOptions {
  /** Client clock (ms); Date.now by default. */
  clock?: () => number;
  /** Seconds subtracted from the last sweep's start when asking the API for what changed since. */
  overlapSeconds: number;
  /**
   * A new sweep starts only this long after the last one finished (0 = at once): the daemon
   * calls a source every poll, and a sweep of every user costs API calls, not scans.
   */
  sweepIntervalSeconds: number;
}

/** Handed to the per-object work of a sweep. */
export interface SweepContext {
  /**
   * Integer seconds for APIs that filter by update time (memories, automations): the last
   * completed sweep's start minus the overlap, else range.since (null when 0: everything).
   */
  since: number | null;
  /** True when this run continues a sweep an earlier run left unfinished (its last units may be partly recorded). */
  resumed: boolean;
  signal: AbortSignal;
}

/** One listed page; `cursor` is the cursor that fetched it (cursor-paged lists), else null. */
export interface Listed<T> {
  items: T[];
  cursor: string | null;
}

export interface SweepSpec<T> {
  source: ObjectSourceName;
  /** Cursor-paged lists resume at the stored page and skip through the last finished object. */
  cursorPaged: boolean;
  /** Pages from a resume point (after-paged lists start after `after`; cursor-paged at `cursor`). Missing: the list is not served here. */
  pages(from: { after: string | null; cursor: string | null }, ctx: SweepContext): AsyncIterable<Listed<T> | Missing>;
  idOf(item: T): string;
  /** The source events of one object (or user): its texts, errors, skips. */
  events(item: T, ctx: SweepContext): AsyncIterable<SourceEvent>;
}

export function normalizeSweep(checkpoint: unknown): SweepCheckpoint {
  const cp = checkpoint as Partial<SweepCheckpoint> | null;
  const out: SweepCheckpoint = { sweep: cp?.sweep ?? null, completed: cp?.completed ?? null };
  if (typeof cp?.unavailableAt === 'number') out.unavailableAt = cp.unavailableAt;
  return out;
}

/**
 * The units of a sweep: one per listed object (or user), each checkpoint recording that object
 * as the last one finished, then a final empty unit recording the sweep as completed. An
 * interrupted sweep resumes after its last finished unit (a re-sent object costs an API call;
 * its texts are skipped by run-source when their content hash is already recorded).
 */
export async function* sweepUnits<T>(
  spec: SweepSpec<T>, checkpoint: unknown, range: TimeRange, signal: AbortSignal, opts: SweepOptions,
): AsyncIterable<SourceUnit> {
  const clock = opts.clock ?? Date.now;
  const prior = normalizeSweep(checkpoint);
  const completed = prior.completed;
  const lastEnd = Math.max(completed?.finishedAt ?? Number.NEGATIVE_INFINITY, prior.unavailableAt ?? Number.NEGATIVE_INFINITY);
  if (prior.sweep === null && clock() < lastEnd + opts.sweepIntervalSeconds * 1000) return;
  const sweep = prior.sweep ?? { startedAt: clock(), after: null, cursor: null };
  const ctx: SweepContext = {
    since: completed !== null
      ? Math.max(0, Math.floor(completed.startedAt / 1000) - opts.overlapSeconds)
      : range.since > 0 ? Math.floor(range.since / 1000) : null,
    resumed: prior.sweep !== null,
    signal,
  };
  if (prior.sweep === null) {
    // The sweep is under way from now on, before anything of it commits: if the process dies with
    // some texts of its first object committed and others not (batches commit out of order), the
    // next run resumes it and pages every version rather than trusting "newest recorded".
    yield { id: `${spec.source}:sweep-start`, events: none(), checkpoint: { sweep, completed } satisfies SweepCheckpoint };
  }
  let skipThrough = spec.cursorPaged ? sweep.after : null;
  for await (const page of spec.pages({ after: sweep.after, cursor: sweep.cursor }, ctx)) {
    if (signal.aborted) return;
    if (isMissing(page)) {
      // Not served for this workspace (feature off, older API): said once per interval; what was
      // completed stays as it was (a time filter must not skip what was never read).
      yield {
        id: `${spec.source}:unavailable`,
        events: once({ type: 'error', itemKey: `${spec.source}:list`, code: 'SOURCE_UNAVAILABLE',
          message: `${spec.source}: the API answered ${page.status} for the list${page.message ? ` [server: ${page.message}]` : ''}; nothing scanned from this source` }),
        checkpoint: { sweep: null, completed, unavailableAt: clock() } satisfies SweepCheckpoint,
      };
      return;
    }
    let items = page.items;
    if (skipThrough !== null) {
      const at = items.findIndex((t) => spec.idOf(t) === skipThrough);
      // Not on the stored page any more (the list moved): the whole page again.
      if (at >= 0) items = items.slice(at + 1);
      skipThrough = null;
    }
    for (const item of items) {
      if (signal.aborted) return;
      const id = spec.idOf(item);
      const cp: SweepCheckpoint = { sweep: { startedAt: sweep.startedAt, after: id, cursor: page.cursor }, completed };
      yield { id: `${spec.source}:${id}`, events: spec.events(item, ctx), checkpoint: cp };
    }
  }
  if (signal.aborted) return;
  const done: SweepCheckpoint = { sweep: null, completed: { startedAt: sweep.startedAt, finishedAt: clock() } };
  yield { id: `${spec.source}:sweep-done`, events: none(), checkpoint: done };
}

/** Pages of a list paged by `after=<last id>`, from `after`. */
export async function* afterPages<T>(
  what: string, after: string | null, fetch: (after: string | null) => Promise<Page<T> | Missing>,
): AsyncIterable<Listed<T> | Missing> {
  let cursor = after;
  for (;;) {
    const page = await fetch(cursor);
    if (isMissing(page)) {
      yield page;
      return;
    }
    yield { items: page.data, cursor: null };
    if (!page.hasMore) return;
    if (page.lastId === null || page.lastId === cursor) throw stuck(what, 'last_id');
    cursor = page.lastId;
  }
}

/** Pages of a list paged by an opaque `cursor`, from `cursor`. */
export async function* cursorPages<T>(
  what: string, cursor: string | null, fetch: (cursor: string | null) => Promise<CursorPage<T> | Missing>,
): AsyncIterable<Listed<T> | Missing> {
  let at = cursor;
  for (;;) {
    const page = await fetch(at);
    if (isMissing(page)) {
      yield page;
      return;
    }
    yield { items: page.data, cursor: at };
    if (!page.hasMore) return;
    if (page.cursor === null || page.cursor === at) throw stuck(what, 'cursor');
    at = page.cursor;
  }
}

/** The workspace's users, ascending id, from `after`: the sweep of the per-user kinds. */
export function userPages(api: ComplianceApi, after: string | null, pageSize: number): AsyncIterable<Listed<ApiUser> | Missing> {
  return afterPages('GET /users', after, (a) => api.listUsers(a, pageSize));
}

function stuck(what: string, field: string): LeakwatchError {
  return new LeakwatchError('API_PAGING_STUCK', 'api', `${what}: has_more is true but ${field} is missing or unchanged, cannot page on`);
}

/** The fields of an object's text; the key is `<kind>:<object id>:<version>:<key location>`. */
export interface ObjectText {
  source: ObjectSourceName;
  kind: ItemKind;
  objectId: string;
  version: string | null;
  location: string;
  /** When one location holds several texts (canvas comments): what tells them apart in the key. */
  keySuffix?: string;
  text: string;
  userId: string | null;
  userEmail: string | null;
  createdAt: number | null;
  files?: FileRef[];
}

export function objectItem(t: ObjectText): ScanItem {
  return {
    key: objectItemKey(t.kind, t.objectId, t.version, t.keySuffix === undefined ? t.location : `${t.location}:${t.keySuffix}`),
    source: t.source,
    kind: t.kind,
    conversationId: null,
    messageId: null,
    objectId: t.objectId,
    version: t.version,
    location: t.location,
    userId: t.userId,
    userEmail: t.userEmail,
    authorRole: null,
    createdAt: t.createdAt,
    text: t.text,
    files: t.files ?? [],
    // Automations and environments have no time by design: no 'no-created-at' flag here.
    anomalies: [],
  };
}

/** An item event for a text worth scanning; nothing for an empty field. */
export function textEvent(t: ObjectText): SourceEvent[] {
  if (t.text.trim() === '' && (t.files ?? []).length === 0) return [];
  return [{ type: 'item', item: objectItem(t) }];
}

async function* once(ev: SourceEvent): AsyncIterable<SourceEvent> {
  yield ev;
}

async function* none(): AsyncIterable<SourceEvent> {
  // A unit that only moves the checkpoint.
}

/** An error event for an object that was listed but is gone by the time its details are read. */
export function goneEvent(source: ObjectSourceName, what: string, missing: Missing): SourceEvent {
  return { type: 'error', itemKey: `${source}:${what}`, code: 'OBJECT_GONE', message: `${what}: the API answered ${missing.status} (deleted since it was listed?); skipped` };
}
