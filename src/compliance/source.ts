import type { SourceName } from '../config/schema.js';

/**
 * What a scanned text belongs to: a chat message, or one of the objects beyond chats (issue 10).
 * A finding's `source_kind` is this (or `file` for text found in a file).
 */
export const ITEM_KINDS = [
  'message', 'gpt', 'project', 'memory', 'canvas', 'automation', 'recording', 'codex_task', 'codex_environment', 'codex_log', 'custom_agent_log',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One text to scan, the same whichever source produced it: a message, or a field of an object. */
export interface ScanItem {
  /**
   * Unique per text within a workspace: `conversationId:messageId` for a message;
   * `<kind>:<object id>:<version>:<location>` otherwise (itemKeyOf).
   */
  key: string;
  source: SourceName;
  kind: ItemKind;
  /** A message's conversation and id; null for other kinds (nothing to delete as a conversation). */
  conversationId: string | null;
  messageId: string | null;
  /** Other kinds: the object (GPT or project id, user id of a memory, canvas id, event id ...). */
  objectId: string | null;
  /** The object's version where it has versions (config id, memory entry id, canvas version); null otherwise. */
  version: string | null;
  /** Where in the object the text is, `<kind>:<field>` (e.g. `gpt:instructions`); null for a message. */
  location: string | null;
  userId: string | null;
  userEmail: string | null;
  /** user | assistant | system | tool (the listing's author.role, the log's author.type). */
  authorRole: string | null;
  /** Milliseconds since the epoch; null when the API gave none (scanned and flagged). */
  createdAt: number | null;
  text: string;
  files: FileRef[];
  /** Oddities worth recording: 'no-created-at', 'legacy-parts', 'messages-truncated'. */
  anomalies: string[];
}

/** A file attached to a message, or a GPT's or project's knowledge file, as the source listed it. */
export interface FileRef {
  id: string;
  /** Where it is attached: the content endpoint differs (user files, gpt_files, project_files). */
  origin: 'message' | 'gpt' | 'project';
  name: string | null;
  /** The uploader (the file object's user_id, else the conversation's user): the content endpoint needs it. */
  userId: string | null;
  /** Pre-signed URL (logs feed, url format), valid about an hour; null in the id format or once expired. */
  downloadUrl: string | null;
  /** Listed with null download_url and created_at: past its retention, nothing to fetch. */
  expired: boolean;
}

/** The listing's file object as a FileRef; `fallbackUser` is the conversation's (or event actor's) user. */
export function fileRef(
  f: { id: string; name?: string | null; user_id?: string | null; download_url?: string | null; created_at?: number | string | null },
  fallbackUser: string | null,
  origin: FileRef['origin'] = 'message',
): FileRef {
  const urlFormat = 'download_url' in f || 'created_at' in f;
  return {
    id: f.id,
    origin,
    name: f.name ?? null,
    userId: f.user_id ?? fallbackUser,
    downloadUrl: f.download_url ?? null,
    expired: urlFormat && (f.download_url ?? null) === null && (f.created_at ?? null) === null,
  };
}

export type SourceEvent =
  | { type: 'item'; item: ScanItem }
  | { type: 'skipped'; reason: 'null-content' | 'out-of-range' | 'duplicate' | 'not-a-message' }
  | { type: 'error'; itemKey: string; code: string; message: string };

/**
 * A unit of work whose completion moves the checkpoint: a log file, or a page of the
 * conversation listing. `checkpoint` is the source state once this unit and every unit before
 * it are committed.
 */
export interface SourceUnit {
  id: string;
  events: AsyncIterable<SourceEvent>;
  checkpoint: unknown;
  /** Releases what the unit holds (a downloaded file); called once it is fully read. */
  dispose?: () => Promise<void>;
}

export interface TimeRange {
  /** Inclusive lower bound on message time, ms. */
  since: number;
  /** Exclusive upper bound on message time, ms; null = open. */
  until: number | null;
}

export interface MessageSource {
  readonly name: SourceName;
  /** Units in order from the given checkpoint state (null = from range.since). */
  units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit>;
}

export function itemKey(conversationId: string, messageId: string): string {
  return `${conversationId}:${messageId}`;
}

/** The key of a text of an object: `<kind>:<object id>:<version or ->:<location>`. */
export function objectItemKey(kind: ItemKind, objectId: string, version: string | null, location: string): string {
  return `${kind}:${objectId}:${version ?? '-'}:${location}`;
}

/** The fields every message item has beyond its own (the object fields are null). */
export const MESSAGE_ITEM = { kind: 'message', objectId: null, version: null, location: null } as const;

export function inRange(createdAt: number | null, range: TimeRange): boolean {
  if (createdAt === null) return true;
  return createdAt >= range.since && (range.until === null || createdAt < range.until);
}

/**
 * The text of a message: `content.value` whatever `content.type`; the consumer-export shape
 * (`parts`, string parts joined) is tolerated and flagged. Null when there is no text.
 */
export function messageText(content: { value?: string | null; parts?: unknown[] | null } | null | undefined, anomalies: string[]): string | null {
  const value = content?.value ?? null;
  if (value !== null) return value;
  if (!Array.isArray(content?.parts)) return null;
  anomalies.push('legacy-parts');
  return content.parts.filter((p): p is string => typeof p === 'string').join('\n');
}
