import type { SourceName } from '../config/schema.js';

/** One message to scan, the same whichever source produced it. */
export interface ScanItem {
  /** Unique per message within a workspace: `conversationId:messageId`. */
  key: string;
  source: SourceName;
  conversationId: string;
  messageId: string;
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

/** A file attached to a message, as the source listed it. */
export interface FileRef {
  id: string;
  name: string | null;
  /** The uploader (the file object's user_id, else the conversation's user): the content endpoint needs it. */
  userId: string | null;
  /** Pre-signed URL (logs feed, url format), valid about an hour; null in the id format or once expired. */
  downloadUrl: string | null;
  /** Listed with null download_url and created_at: past its retention, nothing to fetch. */
  expired: boolean;
}

/** The listing's file object as a FileRef; `fallbackUser` is the conversation's (or event actor's) user. */
export function fileRef(f: { id: string; name?: string | null; user_id?: string | null; download_url?: string | null; created_at?: number | string | null }, fallbackUser: string | null): FileRef {
  const urlFormat = 'download_url' in f || 'created_at' in f;
  return {
    id: f.id,
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
