/**
 * GPT and project routes: lists, single objects, config versions, shared users, knowledge file
 * content (307 to a signed URL) and the DELETE routes, which the simulator records.
 */
import type { ServerResponse } from 'node:http';
import { redirect, sendError, sendJson } from '../http-body.js';
import { LISTING_URL_TTL_S, REDIRECT_URL_TTL_S, type SimState } from '../state.js';
import type { ObjectDeletion } from '../types.js';
import type { SimKnowledgeFile } from './model.js';
import { badRequest, fileFormat, intParam, notFound, pageAboveId, pageAfterId } from './paging.js';
import { configJson, gptJson, listOf, sharedUserJson } from './serialize.js';

type Kind = 'gpt' | 'project';

export function knowledgeUrl(state: SimState, f: SimKnowledgeFile, ttlS = LISTING_URL_TTL_S): string {
  return state.signedUrl(`/download/knowledge/${f.id}`, state.nowS() + ttlS);
}

function helpers(state: SimState): { url: (f: SimKnowledgeFile) => string; deleted: (id: string) => boolean } {
  return { url: (f) => knowledgeUrl(state, f), deleted: (id) => state.ws.objects.deletedIds.has(id) };
}

export async function listGpts(state: SimState, kind: Kind, q: URLSearchParams, res: ServerResponse): Promise<void> {
  try {
    const limit = intParam(q, 'limit', 20, 1, 100);
    const format = fileFormat(q);
    const page = pageAboveId(state.ws.objects.live(kind), q.get('after'), limit);
    const h = helpers(state);
    await sendJson(res, 200, listOf(page.items.map((g) => gptJson(g, format, h.url, h.deleted)), page.hasMore), { truncate: state.faults.truncateBody() });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function getGpt(state: SimState, kind: Kind, id: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const g = state.ws.objects.gpt(kind, id);
  if (!g) return notFound(res, `No ${kind} with id ${id}`);
  try {
    const h = helpers(state);
    await sendJson(res, 200, gptJson(g, fileFormat(q), h.url, h.deleted), { truncate: state.faults.truncateBody() });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function listConfigs(state: SimState, kind: Kind, id: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const g = state.ws.objects.gpt(kind, id);
  if (!g) return notFound(res, `No ${kind} with id ${id}`);
  try {
    const limit = intParam(q, 'limit', 20, 1, 100);
    const format = fileFormat(q);
    const page = pageAfterId(g.configs, q.get('after'), limit, 'config');
    const h = helpers(state);
    await sendJson(res, 200, listOf(page.items.map((c) => configJson(g, c, format, h.url, h.deleted)), page.hasMore), { truncate: state.faults.truncateBody() });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function listSharedUsers(state: SimState, kind: Kind, id: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const g = state.ws.objects.gpt(kind, id);
  if (!g) return notFound(res, `No ${kind} with id ${id}`);
  try {
    const limit = intParam(q, 'limit', 100, 1, 100);
    const sorted = [...g.recipients].sort((a, b) => (a.id < b.id ? -1 : 1));
    const page = pageAboveId(sorted, q.get('after'), limit);
    await sendJson(res, 200, listOf(page.items.map((r) => sharedUserJson(g, r)), page.hasMore), { truncate: state.faults.truncateBody() });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function knowledgeRedirect(state: SimState, kind: Kind, fileId: string, res: ServerResponse): Promise<void> {
  const f = state.ws.objects.knowledgeFile(kind, fileId);
  if (!f) return notFound(res, `No ${kind} file ${fileId}`);
  redirect(res, knowledgeUrl(state, f, REDIRECT_URL_TTL_S));
}

function deleteScope(state: SimState, res: ServerResponse): boolean {
  if (state.deleteScope) return true;
  void sendError(res, 403, 'You have insufficient permissions for this operation: the API key is missing scope delete (chatgpt.enterprise.compliance_export)', 'permission_error');
  return false;
}

function record(state: SimState, route: ObjectDeletion['route'], id: string, fileId: string | null = null): void {
  state.ws.objects.deletions.push({ route, id, fileId });
}

/** DELETE /gpts/{id}: it and its files leave every listing. */
export async function deleteGpt(state: SimState, kind: Kind, id: string, res: ServerResponse): Promise<void> {
  if (!deleteScope(state, res)) return;
  const g = state.ws.objects.gpt(kind, id);
  if (!g) return notFound(res, `No ${kind} with id ${id}`);
  state.ws.objects.deletedIds.add(id);
  record(state, kind, id);
  await sendJson(res, 200, { deleted: true, object: `compliance.workspace.${kind}.deleted`, id });
}

/** DELETE /gpts/{id}/files/{file_id}: the file leaves the configs' file lists; its content answers 404. */
export async function deleteKnowledgeFile(state: SimState, kind: Kind, id: string, fileId: string, res: ServerResponse): Promise<void> {
  if (!deleteScope(state, res)) return;
  const g = state.ws.objects.gpt(kind, id);
  const f = state.ws.objects.knowledgeFile(kind, fileId);
  if (!g || !f || f.ownerId !== id) return notFound(res, `No file ${fileId} on ${kind} ${id}`);
  state.ws.objects.deletedIds.add(fileId);
  record(state, kind === 'gpt' ? 'gpt-file' : 'project-file', id, fileId);
  await sendJson(res, 200, { deleted: true, object: `compliance.workspace.${kind}.file.deleted`, id: fileId });
}

/** DELETE /gpts/{id}/shared_users: unshares with everyone (visibility back to invite-only). */
export async function deleteSharedUsers(state: SimState, kind: Kind, id: string, res: ServerResponse): Promise<void> {
  if (!deleteScope(state, res)) return;
  const g = state.ws.objects.gpt(kind, id);
  if (!g) return notFound(res, `No ${kind} with id ${id}`);
  g.recipients = [];
  g.visibility = 'invite-only';
  record(state, kind === 'gpt' ? 'gpt-shared-users' : 'project-shared-users', id);
  await sendJson(res, 200, { deleted: true, object: `compliance.workspace.${kind}.shared_users.deleted`, id });
}
