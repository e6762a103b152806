import { LeakwatchError } from '../errors.js';
import { ComplianceHttp, isMissing, type Missing, type Downloaded, type TooLarge, type UrlRejected } from './client.js';
import {
  parsePayload, userListSchema, conversationListSchema, logFileListSchema,
  type ApiUser, type ApiConversation, type ApiLogFile,
} from './schemas.js';

/**
 * Every Compliance API path and parameter leakwatch uses, one typed function each
 * (../shared/compliance-api.md section 4). Nothing else builds a URL.
 */

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  lastId: string | null;
}

export interface LogFilePage {
  data: ApiLogFile[];
  hasMore: boolean;
  lastEndTime: string | null;
}

export class ComplianceApi {
  private readonly prefix: string;

  constructor(
    readonly http: ComplianceHttp,
    readonly workspaceId: string,
  ) {
    this.prefix = `/compliance/workspaces/${encodeURIComponent(workspaceId)}`;
  }

  async listUsers(after: string | null, limit: number): Promise<Page<ApiUser>> {
    const path = `${this.prefix}/users`;
    const body = this.present(await this.http.getJson('list', path, { after: after ?? undefined, limit }), path);
    const page = parsePayload(userListSchema, body, `GET ${path}`);
    return { data: page.data, hasMore: page.has_more, lastId: page.last_id ?? null };
  }

  /**
   * The conversation listing: `since_timestamp` (integer seconds, inclusive) on the first page,
   * `after` alone afterwards (the 1.1.5 spec rejects the pair). Missing means the endpoint is
   * closed for this workspace.
   */
  async listConversations(cursor: { since: number } | { after: string }, limit: number): Promise<Page<ApiConversation> | Missing> {
    const path = `${this.prefix}/conversations`;
    const query = 'after' in cursor ? { after: cursor.after, limit } : { since_timestamp: Math.floor(cursor.since), limit };
    // file_format=url: each file comes with a signed download URL (an hour), so a scan fetches it
    // right away without spending the 100/min single-GET budget on the content endpoint, and an
    // expired file is visible (null URL and time). The uploader is the conversation's user.
    const body = await this.http.getJson('list', path, { ...query, file_format: 'url' });
    if (isMissing(body)) return body;
    const page = parsePayload(conversationListSchema, body, `GET ${path}`);
    return { data: page.data, hasMore: page.has_more, lastId: page.last_id ?? null };
  }

  /** Log files of one event type whose end time is at or after `after` (ISO 8601). */
  async listLogFiles(eventType: string, after: string, limit: number): Promise<LogFilePage> {
    const path = `${this.prefix}/logs`;
    const body = this.present(await this.http.getJson('list', path, { event_type: eventType, after, limit }), path);
    const page = parsePayload(logFileListSchema, body, `GET ${path}`);
    return { data: page.data, hasMore: page.has_more, lastEndTime: page.last_end_time ?? null };
  }

  /** Downloads one log file (307 to its content) to `destination`, verifying its sha256. */
  async downloadLogFile(file: ApiLogFile, destination: string): Promise<Downloaded | Missing> {
    const path = `${this.prefix}/logs/${encodeURIComponent(file.id)}`;
    const got = await this.http.download('get', path, destination, file.file_sha256 ?? null);
    if ('tooLarge' in got) throw new LeakwatchError('INTERNAL', 'internal', `log file ${file.id} hit a size limit it does not have`);
    return got;
  }

  /**
   * Downloads an uploaded file through the file-content endpoint (307 to a URL living minutes):
   * `GET /users/{user_id}/files/{file_id}`, with the conversation id (needed for audio and video).
   * 404 = unknown, 410 = past its retention: both `Missing`.
   */
  async downloadUserFile(
    ref: { userId: string; fileId: string; conversationId: string | null }, destination: string, maxBytes: number,
  ): Promise<Downloaded | Missing | TooLarge> {
    const path = `${this.prefix}/users/${encodeURIComponent(ref.userId)}/files/${encodeURIComponent(ref.fileId)}`;
    return this.http.download('get', path, destination, null, { conversation_id: ref.conversationId ?? undefined }, maxBytes);
  }

  /**
   * Downloads a GPT's or project's knowledge file through its content endpoint (307 to a URL
   * living minutes): `GET /gpt_files/{file_id}` or `GET /project_files/{file_id}`. 404 and 410 are `Missing`.
   */
  async downloadKnowledgeFile(origin: 'gpt' | 'project', fileId: string, destination: string, maxBytes: number): Promise<Downloaded | Missing | TooLarge> {
    const path = `${this.prefix}/${origin === 'gpt' ? 'gpt_files' : 'project_files'}/${encodeURIComponent(fileId)}`;
    return this.http.download('get', path, destination, null, {}, maxBytes);
  }

  /** Downloads a message file's pre-signed `download_url` (valid about an hour). */
  async downloadSignedFile(url: string, destination: string, maxBytes: number): Promise<Downloaded | UrlRejected | TooLarge> {
    return this.http.downloadSigned(url, destination, maxBytes);
  }

  /** Deletes a conversation (needs the key's delete scope): title, messages, files and shared links. */
  async deleteConversation(conversationId: string): ReturnType<ComplianceHttp['delete']> {
    return this.http.delete(`${this.prefix}/conversations/${encodeURIComponent(conversationId)}`);
  }

  private present<T>(body: T | Missing, path: string): T {
    if (isMissing(body)) {
      throw new LeakwatchError('API_NOT_FOUND', 'api',
        `${body.status} on GET ${path}: the workspace ${this.workspaceId} is unknown to the API (check workspace_id and api.base_url)${body.message ? ` [server: ${body.message}]` : ''}`);
    }
    return body;
  }
}
