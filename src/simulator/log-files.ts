/**
 * The Compliance Logs feed: messages grouped into CONVERSATION_MESSAGE JSON Lines files. A file
 * holds a time-contiguous run of events and ends at its last event, so end times are distinct
 * and a client paging by `after=<last_end_time>` sees every file exactly once plus the boundary.
 */
import { createHash } from 'node:crypto';
import type { Rng } from './random.js';
import { US_PER_H, usToFloat, usToIso } from './times.js';
import type { SimConversation, SimFile, SimMessage } from './types.js';

export interface LogFile {
  id: string;
  fileName: string;
  startUs: number;
  endUs: number;
  events: SimMessage[];
}

/** By default a file never spans more than this, like a feed that rolls its files over on a timer. */
export const LOG_FILE_WINDOW_US = 6 * US_PER_H;

/** Splits time-sorted events into files of at most `maxPerFile` events and one window each. */
export function groupLogFiles(rng: Rng, events: readonly SimMessage[], maxPerFile: number, windowUs = LOG_FILE_WINDOW_US): LogFile[] {
  const files: LogFile[] = [];
  let current: SimMessage[] = [];
  const flush = (): void => {
    const first = current[0];
    const last = current[current.length - 1];
    if (!first || !last) return;
    const id = rng.uuid();
    const stamp = usToIso(first.timeUs).replace(/[-:]/g, '').slice(0, 15);
    files.push({ id, fileName: `conversation_message_${stamp}Z_${id.slice(0, 8)}.jsonl`, startUs: first.timeUs, endUs: last.timeUs, events: current });
    current = [];
  };
  for (const e of events) {
    const first = current[0];
    if (first && (current.length >= maxPerFile || e.timeUs - first.timeUs > windowUs)) flush();
    current.push(e);
  }
  flush();
  return files;
}

export interface LogRenderContext {
  workspaceId: string;
  conversation(id: string): SimConversation;
  /** The download_url written into the file; null when the file has expired. */
  fileUrl(file: SimFile, messageTimeUs: number): string | null;
}

function fileEntry(ctx: LogRenderContext, f: SimFile, messageTimeUs: number): object {
  return {
    id: f.id,
    object: 'compliance.workspace.conversation.message.file',
    name: f.name,
    created_at: f.expired ? null : usToFloat(f.createdUs),
    download_url: f.expired ? null : ctx.fileUrl(f, messageTimeUs),
  };
}

/** One event, shaped like the Elastic/psoxy samples (ISO times, author.type, files as a plain array). */
export function logLine(ctx: LogRenderContext, m: SimMessage): string {
  const conv = ctx.conversation(m.conversationId);
  return JSON.stringify({
    event_id: m.eventId,
    type: 'CONVERSATION_MESSAGE',
    principal: { id: ctx.workspaceId, type: 'CHATGPT_WORKSPACE' },
    actor: { type: 'ACCOUNT_USER', user_id: conv.userId, user_email: conv.userEmail },
    timestamp: usToIso(m.timeUs),
    message: {
      id: m.id,
      parent_id: m.parentId,
      created_at: m.createdNull ? null : usToIso(m.timeUs),
      author: { type: m.role, client_type: m.clientType },
      content: m.content === null ? null : { type: 'text', value: m.content },
      files: m.files.map((f) => fileEntry(ctx, f, m.timeUs)),
      annotations: [],
    },
    conversation: {
      id: conv.id,
      title: conv.title,
      created_at: usToIso(conv.createdUs),
      is_pinned: conv.isPinned,
      is_temporary_chat: conv.isTemporary,
    },
  });
}

export function renderLogFile(ctx: LogRenderContext, file: LogFile): Buffer {
  let out = '';
  for (const m of file.events) out += logLine(ctx, m) + '\n';
  return Buffer.from(out, 'utf8');
}

export function sha256Hex(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/**
 * A copy that no longer matches file_sha256 but still parses: one event's flag flipped, as a
 * bit of storage rot or a proxy rewrite would leave it.
 */
export function corruptLogBytes(buf: Buffer): Buffer {
  const s = buf.toString('utf8');
  const i = s.indexOf('"is_pinned":false');
  if (i >= 0) return Buffer.from(s.slice(0, i) + '"is_pinned":true' + s.slice(i + 17), 'utf8');
  const j = s.indexOf('"is_pinned":true');
  return Buffer.from(s.slice(0, j) + '"is_pinned":false' + s.slice(j + 16), 'utf8');
}
