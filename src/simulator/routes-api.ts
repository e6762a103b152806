/**
 * Handlers for the Compliance API routes under /v1/compliance/workspaces/{workspace_id}.
 * Authentication, faults, scope and rate limits are applied before these run (server.ts).
 */
import type { ServerResponse } from 'node:http';
import { hashString } from './random.js';
import { redirect, sendChunks, sendError, sendJson } from './http-body.js';
import { conversationJson, envelope, type FileFormat, userJson } from './serialize.js';
import { REDIRECT_URL_TTL_S, type SimState } from './state.js';
import { US_PER_S, parseIsoToUs, usToIso } from './times.js';
import type { SimConversation } from './types.js';

export const LOG_EVENT_TYPES = ['AUTH_LOG', 'APP_LOG', 'APP_AUTH_LOG', 'AUDIT_LOG', 'CODEX_LOG', 'CODEX_SECURITY_LOG', 'CONVERSATION_MESSAGE', 'CUSTOM_AGENTS_LOG'];

class BadRequest extends Error {}

function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new BadRequest(`${name} must be an integer between ${min} and ${max}`);
  return Number(raw);
}

function badRequest(res: ServerResponse, message: string): Promise<void> {
  return sendError(res, 400, message, 'invalid_request_error');
}

/** Yields to the event loop now and then, so one big page never stalls other clients. */
function breather(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function listUsers(state: SimState, q: URLSearchParams, res: ServerResponse): Promise<void> {
  let limit: number;
  try {
    limit = intParam(q, 'limit', 200, 1, 200);
  } catch (e) {
    return badRequest(res, (e as Error).message);
  }
  const after = q.get('after');
  const users = state.ws.users;
  let start = 0;
  if (after) while (start < users.length && (users[start]?.id as string) <= after) start++;
  const page = users.slice(start, start + limit);
  await sendJson(res, 200, envelope(page.map(userJson), start + limit < users.length), { truncate: state.faults.truncateBody() });
}

function firstAtOrAfter(order: readonly SimConversation[], sinceUs: number): number {
  let lo = 0, hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((order[mid] as SimConversation).updateUs < sinceUs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function listConversations(state: SimState, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const since = q.get('since_timestamp');
  const after = q.get('after');
  if (since !== null && after !== null) return badRequest(res, 'since_timestamp cannot be used with after');
  if (since === null && after === null) return badRequest(res, 'since_timestamp is required (integer Unix seconds; 0 for all) unless after is given');
  if (since !== null && !/^\d{1,12}$/.test(since)) return badRequest(res, 'since_timestamp must be a non-negative integer number of seconds');
  let limit: number;
  try {
    limit = intParam(q, 'limit', 500, 1, 500);
  } catch (e) {
    return badRequest(res, (e as Error).message);
  }
  const users = q.getAll('users').filter((u) => u !== '');
  if (users.length >= 100) return badRequest(res, 'users must name fewer than 100 users');
  const format = (q.get('file_format') ?? 'url') as FileFormat;
  if (format !== 'url' && format !== 'id') return badRequest(res, 'file_format must be url or id');

  const order = state.ws.listingOrder;
  let start: number;
  if (after !== null) {
    const pos = state.ws.positionOf(after);
    if (pos === undefined) return badRequest(res, `after: no conversation with id ${after}`);
    start = pos + 1;
  } else {
    start = firstAtOrAfter(order, Number(since) * US_PER_S);
  }
  // Between 70% and 100% of limit, the same for the same request: a short page is not the end.
  const h = hashString([since ?? '', after ?? '', String(limit), users.join(','), format].join('\u0000'));
  const pageSize = Math.max(1, Math.floor(limit * (0.7 + 0.3 * (h / 4294967296))));
  const wanted = users.length > 0 ? new Set(users) : null;
  const page: SimConversation[] = [];
  let i = start;
  for (; i < order.length && page.length < pageSize; i++) {
    const c = order[i] as SimConversation;
    if ((!wanted || wanted.has(c.userId)) && !state.deleted.has(c.id)) page.push(c);
  }
  let hasMore = false;
  for (; i < order.length; i++) {
    const c = order[i] as SimConversation;
    if ((!wanted || wanted.has(c.userId)) && !state.deleted.has(c.id)) {
      hasMore = true;
      break;
    }
  }

  const chunks: Buffer[] = [Buffer.from('{"object":"list","data":[', 'utf8')];
  const url = state.fileUrlForListing.bind(state);
  for (let k = 0; k < page.length; k++) {
    if (k > 0 && k % 25 === 0) await breather();
    const json = JSON.stringify(conversationJson(state.ws.workspaceId, page[k] as SimConversation, format, url));
    chunks.push(Buffer.from(k === 0 ? json : ',' + json, 'utf8'));
  }
  const tail = { first_id: page[0]?.id ?? null, last_id: page[page.length - 1]?.id ?? null, has_more: hasMore };
  chunks.push(Buffer.from('],' + JSON.stringify(tail).slice(1), 'utf8'));
  await sendChunks(res, 200, 'application/json', chunks, { truncate: state.faults.truncateBody() });
}

export async function listLogs(state: SimState, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const type = q.get('event_type');
  if (!type) return badRequest(res, 'event_type is required');
  if (!LOG_EVENT_TYPES.includes(type)) return badRequest(res, `event_type must be one of ${LOG_EVENT_TYPES.join(', ')}`);
  const afterRaw = q.get('after');
  if (afterRaw === null || afterRaw === '') return badRequest(res, 'after is required: an ISO 8601 time with a zone, e.g. 2026-05-20T12:47:09Z');
  const afterUs = parseIsoToUs(afterRaw);
  if (afterUs === null) return badRequest(res, 'after must be an ISO 8601 time with a zone, e.g. 2026-05-20T12:47:09Z');
  const beforeRaw = q.get('before');
  const beforeUs = beforeRaw === null || beforeRaw === '' ? Infinity : parseIsoToUs(beforeRaw);
  if (beforeUs === null) return badRequest(res, 'before must be an ISO 8601 time with a zone');
  let limit: number;
  try {
    limit = intParam(q, 'limit', 100, 1, 100);
  } catch (e) {
    return badRequest(res, (e as Error).message);
  }
  const files = type === 'CONVERSATION_MESSAGE' ? state.ws.logFiles : type === 'CODEX_LOG' || type === 'CUSTOM_AGENTS_LOG' ? state.ws.objects.logs(type) : [];
  const from = Math.max(afterUs, state.retentionCutoffUs());
  // Files are kept in end-time order (distinct end times), so a binary search finds the start.
  let lo = 0, hi = files.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((files[mid]?.endUs as number) < from) lo = mid + 1;
    else hi = mid;
  }
  const data: object[] = [];
  let i = lo;
  for (; i < files.length && data.length < limit; i++) {
    const f = files[i];
    if (!f || f.endUs >= beforeUs) break;
    if (data.length > 0 && data.length % 10 === 0) await breather();
    const meta = state.logFileMeta(f);
    data.push({ id: f.id, event_type: type, end_time: usToIso(f.endUs), file_name: f.fileName, file_size: meta.size, file_sha256: meta.sha256 });
  }
  const hasMore = i < files.length && (files[i]?.endUs as number) < beforeUs;
  const last = data[data.length - 1] as { end_time: string } | undefined;
  await sendJson(res, 200, { object: 'list', data, has_more: hasMore, last_end_time: last?.end_time ?? null }, { truncate: state.faults.truncateBody() });
}

export async function logContentRedirect(state: SimState, id: string, res: ServerResponse): Promise<void> {
  const f = state.logFile(id);
  if (!f || !state.isRetained(f)) return sendError(res, 404, `No log file with id ${id}`, 'not_found');
  redirect(res, state.signedUrl(`/download/logs/${f.id}`, state.nowS() + REDIRECT_URL_TTL_S));
}

export async function fileContentRedirect(state: SimState, userId: string, fileId: string, res: ServerResponse): Promise<void> {
  const f = state.ws.filesById.get(fileId);
  if (!f || f.userId !== userId) return sendError(res, 404, `No file ${fileId} for user ${userId}`, 'not_found');
  if (f.expired) return sendError(res, 410, `File ${fileId} has expired`, 'gone');
  redirect(res, state.signedUrl(`/download/files/${f.id}`, state.nowS() + REDIRECT_URL_TTL_S));
}

/**
 * DELETE /conversations/{id} (needs the delete scope): the conversation leaves the listing; the
 * logs feed is history and keeps its events. 404 for an unknown or already deleted one.
 */
export async function deleteConversation(state: SimState, conversationId: string, res: ServerResponse): Promise<void> {
  if (!state.deleteScope) {
    return sendError(res, 403, 'You have insufficient permissions for this operation: the API key is missing scope delete (chatgpt.enterprise.compliance_export)', 'permission_error');
  }
  if (!state.ws.conversationsById.has(conversationId) || state.deleted.has(conversationId)) {
    return sendError(res, 404, `No conversation with id ${conversationId}`, 'not_found');
  }
  state.deleted.add(conversationId);
  await sendJson(res, 200, { deleted: true, object: 'compliance.workspace.conversation.deleted', id: conversationId });
}
