import { LeakwatchError } from '../errors.js';
import { ComplianceHttp, isMissing, type Missing, type Downloaded, type TooLarge, type UrlRejected } from './client.js';
import {
  parsePayload, userListSchema, conversationListSchema, logFileListSchema,
  type ApiUser, type ApiConversation, type ApiLogFile,
} from './schemas.js';
import {
  assistantListSchema, assistantSchema, assistantConfigListSchema, sharedUserListSchema, memoryListSchema, userMemorySchema,
  canvasListSchema, canvasSchema, automationListSchema, recordingListSchema, transcriptSchema, codexTaskListSchema, codexTaskSchema,
  codexEnvironmentListSchema, codexEnvironmentSchema,
  type ApiAssistant, type ApiAssistantConfig, type ApiSharedUser, type ApiMemory, type ApiCanvasSummary, type ApiCanvas,
  type ApiAutomation, type ApiRecording, type ApiTranscript, type ApiCodexTask, type ApiCodexEnvironment,
} from './schemas-objects.js';

/**
 * Every Compliance API path and parameter leakwatch uses, one typed function each
 * (../shared/compliance-api.md section 4). Nothing else builds a URL.
 */

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  lastId: string | null;
}

/** A list paged by an opaque `cursor` (Codex tasks, recordings): send it back as `cursor=`. */
export interface CursorPage<T> {
  data: T[];
  hasMore: boolean;
  cursor: string | null;
}

/** One page of a canvas's versions: the next page is `after=<lastVersion>`. */
export interface CanvasPage {
  canvas: ApiCanvas;
  hasMore: boolean;
  lastVersion: number | null;
}

/** GPTs and projects share their routes and shapes (`/gpts/...`, `/projects/...`). */
export type AssistantKind = 'gpt' | 'project';

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

  /**
   * Live GPTs or projects of the workspace (no drafts, no third-party GPTs), each with its
   * `latest_config`; `file_format=url` gives each knowledge file a signed download URL.
   */
  /** GPTs or projects. Missing: not served for this workspace (the feature is off, an older API). */
  async listAssistants(kind: AssistantKind, after: string | null, limit: number): Promise<Page<ApiAssistant> | Missing> {
    const path = `${this.prefix}/${assistantRoute(kind)}`;
    const body = await this.http.getJson('list', path, { after: after ?? undefined, limit, file_format: 'url' });
    return isMissing(body) ? body : page(parsePayload(assistantListSchema, body, `GET ${path}`));
  }

  async listGpts(after: string | null, limit: number): Promise<Page<ApiAssistant> | Missing> {
    return this.listAssistants('gpt', after, limit);
  }

  async listProjects(after: string | null, limit: number): Promise<Page<ApiAssistant> | Missing> {
    return this.listAssistants('project', after, limit);
  }

  /** One GPT or project (a third-party GPT only if public). Missing: unknown or deleted. */
  async getAssistant(kind: AssistantKind, id: string): Promise<ApiAssistant | Missing> {
    const path = `${this.prefix}/${assistantRoute(kind)}/${encodeURIComponent(id)}`;
    const body = await this.http.getJson('get', path, { file_format: 'url' });
    return isMissing(body) ? body : parsePayload(assistantSchema, body, `GET ${path}`);
  }

  /** Every configuration version of a GPT or project, newest first. Missing: the object is gone. */
  async listAssistantConfigs(kind: AssistantKind, id: string, after: string | null, limit: number): Promise<Page<ApiAssistantConfig> | Missing> {
    const path = `${this.prefix}/${assistantRoute(kind)}/${encodeURIComponent(id)}/configs`;
    const body = await this.http.getJson('list', path, { after: after ?? undefined, limit, file_format: 'url' });
    return isMissing(body) ? body : page(parsePayload(assistantConfigListSchema, body, `GET ${path}`));
  }

  /** The users a GPT or project is shared with. Missing: the object is gone. */
  async listAssistantSharedUsers(kind: AssistantKind, id: string, after: string | null): Promise<Page<ApiSharedUser> | Missing> {
    const path = `${this.prefix}/${assistantRoute(kind)}/${encodeURIComponent(id)}/shared_users`;
    const body = await this.http.getJson('list', path, { after: after ?? undefined });
    return isMissing(body) ? body : page(parsePayload(sharedUserListSchema, body, `GET ${path}`));
  }

  /**
   * Memories of every user, ascending user id: `after` a user id, `since` (integer seconds,
   * inclusive) only users whose memories changed since. The list is ordered by user id, so the
   * time filter is sent on every page.
   */
  async listMemories(after: string | null, since: number | null, limit: number): Promise<Page<ApiMemory> | Missing> {
    const path = `${this.prefix}/memories`;
    const body = await this.http.getJson('list', path, { after: after ?? undefined, since_timestamp: since === null ? undefined : Math.floor(since), limit });
    return isMissing(body) ? body : page(parsePayload(memoryListSchema, body, `GET ${path}`));
  }

  /** One user's memories (100/min class). */
  async getUserMemories(userId: string, since: number | null): Promise<ApiMemory[] | Missing> {
    const path = `${this.prefix}/users/${encodeURIComponent(userId)}/memories`;
    const body = await this.http.getJson('get', path, { since_timestamp: since === null ? undefined : Math.floor(since) });
    return isMissing(body) ? body : parsePayload(userMemorySchema, body, `GET ${path}`);
  }

  /** A user's canvases, oldest first (`limit` 1-30). Missing: the user is unknown. */
  async listCanvases(userId: string, after: string | null, limit: number): Promise<Page<ApiCanvasSummary> | Missing> {
    const path = `${this.prefix}/users/${encodeURIComponent(userId)}/canvases`;
    const body = await this.http.getJson('get', path, { after: after ?? undefined, limit: Math.min(limit, 30) });
    return isMissing(body) ? body : page(parsePayload(canvasListSchema, body, `GET ${path}`));
  }

  /** One canvas with a page of its versions after version `after` (an integer). Missing: gone. */
  async getCanvas(userId: string, textdocId: string, after: number | null, limit: number): Promise<CanvasPage | Missing> {
    const path = `${this.prefix}/users/${encodeURIComponent(userId)}/canvas/${encodeURIComponent(textdocId)}`;
    const body = await this.http.getJson('get', path, { after: after ?? undefined, limit: Math.min(limit, 30) });
    if (isMissing(body)) return body;
    const canvas = parsePayload(canvasSchema, body, `GET ${path}`);
    const versions = canvas.version_contents.data;
    const lastVersion = canvas.version_contents.last_version ?? versions.at(-1)?.version ?? null;
    return { canvas, hasMore: canvas.version_contents.has_more, lastVersion };
  }

  /**
   * A user's automations. `since` (integer seconds) on the first page, `after` (the last
   * automation's id: the list has no cursor field) alone afterwards: the spec refuses the pair.
   * The spec drops the /compliance prefix on this path; the PowerShell module keeps it, and so
   * do we (every other path has it).
   */
  async listAutomations(userId: string, cursor: { since: number | null } | { after: string }, limit: number): Promise<Page<ApiAutomation> | Missing> {
    const path = `${this.prefix}/users/${encodeURIComponent(userId)}/automations`;
    const query = 'after' in cursor
      ? { after: cursor.after, limit: Math.min(limit, 100) }
      : { since_timestamp: cursor.since === null ? undefined : Math.floor(cursor.since), limit: Math.min(limit, 100) };
    const body = await this.http.getJson('list', path, query);
    return isMissing(body) ? body : page(parsePayload(automationListSchema, body, `GET ${path}`));
  }

  /** A user's recordings (`limit` 1-20), paged by `cursor`. Missing: the user is unknown. */
  async listRecordings(userId: string, cursor: string | null, limit: number): Promise<CursorPage<ApiRecording> | Missing> {
    const path = `${this.prefix}/users/${encodeURIComponent(userId)}/recordings`;
    const body = await this.http.getJson('get', path, { cursor: cursor ?? undefined, limit: Math.min(limit, 20) });
    return isMissing(body) ? body : cursorPageOf(parsePayload(recordingListSchema, body, `GET ${path}`));
  }

  /** A recording's transcript, with its summary when asked. Missing: gone. */
  async getRecordingTranscript(userId: string, recordingId: string, includeSummary: boolean): Promise<ApiTranscript | Missing> {
    const path = `${this.prefix}/users/${encodeURIComponent(userId)}/recordings/${encodeURIComponent(recordingId)}/transcript`;
    const body = await this.http.getJson('get', path, { include_summary: includeSummary ? 'true' : undefined });
    return isMissing(body) ? body : parsePayload(transcriptSchema, body, `GET ${path}`);
  }

  /** Codex tasks, newest update first, paged by `cursor` (`limit`: schema says 50, text says 30). */
  async listCodexTasks(cursor: string | null, limit: number): Promise<CursorPage<ApiCodexTask> | Missing> {
    const path = `${this.prefix}/codex_tasks`;
    const body = await this.http.getJson('get', path, { cursor: cursor ?? undefined, limit: Math.min(limit, 30) });
    return isMissing(body) ? body : cursorPageOf(parsePayload(codexTaskListSchema, body, `GET ${path}`));
  }

  async getCodexTask(id: string): Promise<ApiCodexTask | Missing> {
    const path = `${this.prefix}/codex_tasks/${encodeURIComponent(id)}`;
    const body = await this.http.getJson('get', path);
    return isMissing(body) ? body : parsePayload(codexTaskSchema, body, `GET ${path}`);
  }

  /** Codex environments, newest first; `after` = the last environment's id (the list has no cursor field). */
  async listCodexEnvironments(after: string | null, limit: number): Promise<Page<ApiCodexEnvironment> | Missing> {
    const path = `${this.prefix}/codex_environments`;
    const body = await this.http.getJson('list', path, { after: after ?? undefined, limit: Math.min(limit, 30) });
    return isMissing(body) ? body : page(parsePayload(codexEnvironmentListSchema, body, `GET ${path}`));
  }

  /** One Codex environment with its variables, secrets and setup script. Missing: gone. */
  async getCodexEnvironment(id: string): Promise<ApiCodexEnvironment | Missing> {
    const path = `${this.prefix}/codex_environments/${encodeURIComponent(id)}`;
    const body = await this.http.getJson('get', path);
    return isMissing(body) ? body : parsePayload(codexEnvironmentSchema, body, `GET ${path}`);
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

function assistantRoute(kind: AssistantKind): string {
  return kind === 'gpt' ? 'gpts' : 'projects';
}

/** A list page; without `last_id` (automations, Codex environments) the cursor is the last item's id. */
function page<T extends { id: string }>(p: { data: T[]; has_more: boolean; last_id?: string | null }): Page<T> {
  return { data: p.data, hasMore: p.has_more, lastId: p.last_id ?? p.data.at(-1)?.id ?? null };
}

function cursorPageOf<T>(p: { data: T[]; has_more: boolean; cursor?: string | null }): CursorPage<T> {
  return { data: p.data, hasMore: p.has_more, cursor: p.cursor ?? null };
}
