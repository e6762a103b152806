import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LeakwatchError } from '../errors.js';
import type { Logger } from '../log.js';
import { isMissing } from './client.js';
import type { ComplianceApi } from './api.js';
import { messageEventSchema, tryParse, type ApiLogFile, type MessageEvent } from './schemas.js';
import { MESSAGE_ITEM, fileRef, inRange, itemKey, messageText, type MessageSource, type SourceEvent, type SourceUnit, type TimeRange } from './source.js';
import type { SourceName } from '../config/schema.js';

export const MESSAGE_EVENT_TYPE = 'CONVERSATION_MESSAGE';

/**
 * Checkpoint of the logs feed: the `after` time to list from, plus the ids of files already
 * done whose end time equals it (the API returns that boundary file again for the same `after`).
 */
export interface LogsCheckpoint {
  after: string;
  doneAtBoundary: string[];
}

/**
 * One parsed JSON line of a log file as a source event. `seen` holds the dedupe keys of the
 * file's lines so far (the same event can be repeated within a file).
 */
export type LogLineParser = (json: unknown, where: string, seen: Set<string>, range: TimeRange) => SourceEvent;

export interface LogFeedOptions<N extends SourceName> {
  name: N;
  /** The log files read: CONVERSATION_MESSAGE, CODEX_LOG, CUSTOM_AGENTS_LOG ... */
  eventType: string;
  parseLine: LogLineParser;
  pageSize: number;
  log: Logger;
}

/**
 * One event type of the Compliance Logs Platform as a source. Each log file is one unit:
 * downloaded to a temporary file (sha256 checked, retried on mismatch), then streamed line by
 * line so a large file never sits in memory; each line becomes an event through `parseLine`.
 * Time-bound like messages: files from range.since, stopping past range.until.
 */
export class LogFeedSource<N extends SourceName = SourceName> implements MessageSource {
  readonly name: N;

  constructor(
    private readonly api: ComplianceApi,
    private readonly opts: LogFeedOptions<N>,
  ) {
    this.name = opts.name;
  }

  async *units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    const state = (checkpoint as LogsCheckpoint | null) ?? { after: new Date(range.since).toISOString(), doneAtBoundary: [] };
    let cp: LogsCheckpoint = { after: state.after, doneAtBoundary: [...state.doneAtBoundary] };
    const seen = new Set(cp.doneAtBoundary);
    let after = cp.after;
    const dir = await mkdtemp(join(tmpdir(), 'leakwatch-logs-'));
    // One file of lookahead: the next file downloads while the workers scan the current one.
    let pending: SourceUnit | null = null;
    try {
      pages: for (;;) {
        if (signal.aborted) return;
        const page = await this.api.listLogFiles(this.opts.eventType, after, this.opts.pageSize);
        let fresh = 0;
        for (const file of page.data) {
          if (seen.has(file.id)) continue;
          seen.add(file.id);
          fresh++;
          cp = advance(cp, file);
          const unit = this.unit(file, join(dir, `${seen.size}.jsonl`), range, cp);
          if (pending !== null) yield pending;
          pending = unit;
          if (signal.aborted) return;
          // Files are ordered by end time: past the upper bound, nothing later can be in range.
          if (range.until !== null && Date.parse(file.end_time) >= range.until) break pages;
        }
        if (!page.hasMore) break;
        const next = page.lastEndTime ?? after;
        if (next === after && fresh === 0) {
          throw new LeakwatchError('API_PAGING_STUCK', 'api',
            `GET logs (${this.opts.eventType}) returned only already-seen files for after=${after} while has_more=true; more than ${this.opts.pageSize} files share one end time: raise api.page_size.logs`);
        }
        after = next;
      }
      if (pending !== null && !signal.aborted) yield pending;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private unit(file: ApiLogFile, path: string, range: TimeRange, checkpoint: LogsCheckpoint): SourceUnit {
    const api = this.api;
    const { log, parseLine } = this.opts;
    // Started now, awaited when the unit is read; a failure surfaces there, not as an unhandled rejection.
    const download = api.downloadLogFile(file, path);
    download.catch(() => undefined);
    async function* events(): AsyncIterable<SourceEvent> {
      const got = await download;
      if (isMissing(got)) {
        // Expired between listing and download: recorded, not fatal.
        yield { type: 'error', itemKey: `log:${file.id}`, code: `LOG_FILE_${got.status}`, message: `log file ${file.id} answered ${got.status}: skipped` };
        return;
      }
      log.debug({ file: file.id, bytes: got.bytes }, 'log file downloaded');
      const seenEvents = new Set<string>();
      const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
      let lineNo = 0;
      for await (const line of lines) {
        lineNo++;
        if (line.trim() === '') continue;
        const where = `log:${file.id}:${lineNo}`;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          yield { type: 'error', itemKey: where, code: 'LOG_LINE_INVALID_JSON', message: `${where}: not valid JSON` };
          continue;
        }
        yield parseLine(json, where, seenEvents, range);
      }
    }
    return {
      id: `log:${file.id}`,
      events: events(),
      checkpoint,
      dispose: () => rm(path, { force: true }),
    };
  }
}

function advance(cp: LogsCheckpoint, file: ApiLogFile): LogsCheckpoint {
  if (file.end_time === cp.after) return { after: cp.after, doneAtBoundary: [...cp.doneAtBoundary, file.id] };
  return { after: file.end_time, doneAtBoundary: [file.id] };
}

/** The chat messages of the logs feed (CONVERSATION_MESSAGE files). */
export class LogsSource extends LogFeedSource<'logs'> {
  constructor(api: ComplianceApi, opts: { pageSize: number; log: Logger }) {
    super(api, { ...opts, name: 'logs', eventType: MESSAGE_EVENT_TYPE, parseLine: parseMessageLine });
  }
}

function parseMessageLine(json: unknown, where: string, seenEvents: Set<string>, range: TimeRange): SourceEvent {
  if ((json as { type?: unknown } | null)?.type !== MESSAGE_EVENT_TYPE) return { type: 'skipped', reason: 'not-a-message' };
  const parsed = tryParse(messageEventSchema, json);
  if (!parsed.ok) return { type: 'error', itemKey: where, code: 'LOG_LINE_BAD_SHAPE', message: `${where}: ${parsed.problem}` };
  const ev: MessageEvent = parsed.value;
  const dedupeKey = ev.event_id ?? ev.message.id;
  if (seenEvents.has(dedupeKey) || seenEvents.has(ev.message.id)) return { type: 'skipped', reason: 'duplicate' };
  seenEvents.add(dedupeKey);
  seenEvents.add(ev.message.id);
  const createdAt = toMillis(ev.message.created_at ?? ev.timestamp ?? null);
  if (!inRange(createdAt, range)) return { type: 'skipped', reason: 'out-of-range' };
  const anomalies: string[] = [];
  const text = messageText(ev.message.content, anomalies);
  if (text === null) return { type: 'skipped', reason: 'null-content' };
  if (createdAt === null) anomalies.push('no-created-at');
  return {
    type: 'item',
    item: {
      key: itemKey(ev.conversation.id, ev.message.id),
      source: 'logs',
      ...MESSAGE_ITEM,
      conversationId: ev.conversation.id,
      messageId: ev.message.id,
      userId: ev.actor?.user_id ?? null,
      userEmail: ev.actor?.user_email ?? null,
      authorRole: ev.message.author?.type ?? ev.message.author?.role ?? null,
      createdAt,
      text,
      files: (ev.message.files ?? []).map((f) => fileRef(f, ev.actor?.user_id ?? null)),
      anomalies,
    },
  };
}

export function toMillis(value: string | number | null): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return Math.round(value * 1000);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
