/**
 * Per-user object routes: memories (also the workspace-wide list), canvases and their versions,
 * automations, recordings and their transcripts.
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-body.js';
import type { SimState } from '../state.js';
import { BadRequest, badRequest, intParam, notFound, pageAboveId, pageAfterId, pageByCursor, sinceParam } from './paging.js';
import { automationJson, canvasJson, listOf, memoryJson, recordingJson, transcriptJson } from './serialize.js';

const send = (state: SimState, res: ServerResponse, body: unknown): Promise<void> => sendJson(res, 200, body, { truncate: state.faults.truncateBody() });

function knownUser(state: SimState, userId: string, res: ServerResponse): boolean {
  if (state.ws.usersById.has(userId)) return true;
  void notFound(res, `No user with id ${userId}`);
  return false;
}

/** GET /memories: users with entries updated at or after since_timestamp, ascending user id. */
export async function listMemories(state: SimState, q: URLSearchParams, res: ServerResponse): Promise<void> {
  try {
    const limit = intParam(q, 'limit', 200, 1, 200);
    const since = sinceParam(q);
    const items = state.ws.objects.memories
      .filter((m) => state.ws.usersById.has(m.userId))
      .map((m) => memoryJson(m, since))
      .filter((m): m is Record<string, unknown> & { id: string } => m !== null);
    const page = pageAboveId(items, q.get('after'), limit);
    await send(state, res, listOf(page.items, page.hasMore));
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function userMemories(state: SimState, userId: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!knownUser(state, userId, res)) return;
  try {
    const m = state.ws.objects.memoryOf(userId);
    const json = m ? memoryJson(m, sinceParam(q)) : null;
    await send(state, res, json ?? { object: 'compliance.workspace.user.memory', id: userId, memory_contexts: [] });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function listCanvases(state: SimState, userId: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!knownUser(state, userId, res)) return;
  try {
    const limit = intParam(q, 'limit', 30, 1, 30);
    const mine = state.ws.objects.canvases.filter((c) => c.userId === userId);
    const page = pageAfterId(mine, q.get('after'), limit, 'canvas');
    await send(state, res, listOf(page.items.map((c) => ({ id: c.id })), page.hasMore));
  } catch (e) {
    await badRequest(res, e);
  }
}

/** GET /users/{id}/canvas/{textdoc_id}: versions after the `after` version number, oldest first. */
export async function getCanvas(state: SimState, userId: string, textdocId: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!knownUser(state, userId, res)) return;
  const c = state.ws.objects.canvases.find((x) => x.id === textdocId && x.userId === userId);
  if (!c) return notFound(res, `No canvas ${textdocId} for user ${userId}`);
  try {
    const limit = intParam(q, 'limit', 30, 1, 30);
    const after = intParam(q, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
    const rest = c.versions.filter((v) => v.version > after);
    await send(state, res, canvasJson(c, rest.slice(0, limit), rest.length > limit));
  } catch (e) {
    await badRequest(res, e);
  }
}

/** Automations: `after` (an automation id) and `since_timestamp` are exclusive; no cursor field. */
export async function listAutomations(state: SimState, userId: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!knownUser(state, userId, res)) return;
  try {
    const after = q.get('after');
    if (after !== null && q.get('since_timestamp') !== null) throw new BadRequest('since_timestamp cannot be used with after');
    const limit = intParam(q, 'limit', 100, 1, 100);
    const since = sinceParam(q);
    const mine = state.ws.objects.automations
      .filter((a) => a.userId === userId && a.createdUs >= since)
      .sort((a, b) => a.createdUs - b.createdUs || (a.id < b.id ? -1 : 1));
    const page = pageAfterId(mine, after, limit, 'automation');
    await send(state, res, { object: 'list', data: page.items.map(automationJson), has_more: page.hasMore });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function listRecordings(state: SimState, userId: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!knownUser(state, userId, res)) return;
  try {
    const limit = intParam(q, 'limit', 10, 1, 20);
    const mine = state.ws.objects.recordings.filter((r) => r.userId === userId);
    const page = pageByCursor(mine, q.get('cursor'), limit);
    await send(state, res, { object: 'list', data: page.items.map(recordingJson), cursor: page.next, has_more: page.hasMore });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function getTranscript(state: SimState, userId: string, recordingId: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!knownUser(state, userId, res)) return;
  const r = state.ws.objects.recordings.find((x) => x.id === recordingId && x.userId === userId);
  if (!r) return notFound(res, `No recording ${recordingId} for user ${userId}`);
  const inc = q.get('include_summary');
  if (inc !== null && inc !== 'true' && inc !== 'false') return badRequest(res, new BadRequest('include_summary must be true or false'));
  await send(state, res, transcriptJson(r, inc === 'true'));
}
