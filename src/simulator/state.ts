/**
 * What the request handlers share: the workspace, switches, clocks, signer, and the lazily
 * computed size and hash of each log file (rendering every file at start would cost seconds on
 * big workspaces, and only the files a client lists need them).
 */
import type { Faults } from './faults.js';
import { ByteCache } from './files/cache.js';
import { type LogFile, type LogRenderContext, renderLogFile, sha256Hex } from './log-files.js';
import type { RateLimiter } from './rate-limit.js';
import type { UrlSigner } from './signing.js';
import { US_PER_MS, US_PER_S } from './times.js';
import type { SimConversation, SimFile } from './types.js';
import type { Workspace } from './workspace.js';
import type { ObjectLogFile } from './objects/model.js';
import { renderObjectLog } from './objects/logs.js';

export interface SimStats {
  requests: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, number>;
  logDownloads: number;
  fileDownloads: number;
}

/** Lifetime of the download_url in listings (the spec's 1 hour) and of redirect targets. */
export const LISTING_URL_TTL_S = 3600;
export const REDIRECT_URL_TTL_S = 300;
export const DEFAULT_FILE_CACHE_BYTES = 64 * 1024 * 1024;

export class SimState {
  origin = '';
  conversationsClosed: boolean;
  readonly stats: SimStats = { requests: 0, byStatus: {}, byRoute: {}, logDownloads: 0, fileDownloads: 0 };
  private readonly startedAtMs = Date.now();
  private readonly logMeta = new Map<string, { size: number; sha256: string }>();
  readonly renderCtx: LogRenderContext;
  readonly fileCache: ByteCache;
  /** Conversations removed by DELETE (they leave the listing; the logs feed is history). */
  readonly deleted = new Set<string>();
  /** false: DELETE answers 403 (the key lacks the delete scope). */
  deleteScope = true;

  constructor(
    readonly ws: Workspace,
    readonly apiKey: string,
    readonly readScope: boolean,
    conversationsClosed: boolean,
    readonly logsRetentionUs: number,
    readonly faults: Faults,
    readonly limiter: RateLimiter,
    readonly signer: UrlSigner,
    fileCacheBytes = DEFAULT_FILE_CACHE_BYTES,
  ) {
    this.conversationsClosed = conversationsClosed;
    this.fileCache = new ByteCache(fileCacheBytes);
    this.renderCtx = {
      workspaceId: ws.workspaceId,
      conversation: (id) => ws.conversationsById.get(id) as SimConversation,
      // Written into an immutable file: valid for an hour after the message, like the real feed.
      fileUrl: (f, messageTimeUs) => this.signedUrl(`/download/files/${f.id}`, Math.floor(messageTimeUs / US_PER_S) + LISTING_URL_TTL_S),
    };
  }

  /** The simulator's clock: the configured "now", moving on in real time since start. */
  nowUs(): number {
    return this.ws.nowUs + (Date.now() - this.startedAtMs) * US_PER_MS;
  }

  nowS(): number {
    return Math.floor(this.nowUs() / US_PER_S);
  }

  signedUrl(path: string, exp: number): string {
    return this.origin + this.signer.sign(path, exp);
  }

  fileUrlForListing(f: SimFile): string {
    return this.signedUrl(`/download/files/${f.id}`, this.nowS() + LISTING_URL_TTL_S);
  }

  retentionCutoffUs(): number {
    return this.nowUs() - this.logsRetentionUs;
  }

  isRetained(f: LogFile | ObjectLogFile): boolean {
    return f.endUs >= this.retentionCutoffUs();
  }

  /** A log file of any event type by id (CONVERSATION_MESSAGE, CODEX_LOG, CUSTOM_AGENTS_LOG). */
  logFile(id: string): LogFile | ObjectLogFile | undefined {
    return this.ws.logFilesById.get(id) ?? this.ws.objects.logFilesById.get(id);
  }

  renderLog(f: LogFile | ObjectLogFile): Buffer {
    const buf = 'eventType' in f ? renderObjectLog(this.ws.workspaceId, f) : renderLogFile(this.renderCtx, f);
    if (!this.logMeta.has(f.id)) this.logMeta.set(f.id, { size: buf.length, sha256: sha256Hex(buf) });
    return buf;
  }

  logFileMeta(f: LogFile | ObjectLogFile): { size: number; sha256: string } {
    const known = this.logMeta.get(f.id);
    if (known) return known;
    this.renderLog(f);
    return this.logMeta.get(f.id) as { size: number; sha256: string };
  }

  count(route: string, status: number): void {
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
    this.stats.byStatus[String(status)] = (this.stats.byStatus[String(status)] ?? 0) + 1;
  }
}
