/** Codex routes: tasks (`cursor` paging, newest update first) and environments (`after` id, newest first). */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-body.js';
import type { SimState } from '../state.js';
import { badRequest, intParam, notFound, pageAfterId, pageByCursor } from './paging.js';
import { codexEnvironmentJson, codexTaskJson } from './serialize.js';

const send = (state: SimState, res: ServerResponse, body: unknown): Promise<void> => sendJson(res, 200, body, { truncate: state.faults.truncateBody() });

export async function listCodexTasks(state: SimState, q: URLSearchParams, res: ServerResponse): Promise<void> {
  try {
    const limit = intParam(q, 'limit', 30, 1, 50);
    const page = pageByCursor(state.ws.objects.codexTasks, q.get('cursor'), limit);
    await send(state, res, { object: 'list', data: page.items.map(codexTaskJson), cursor: page.next, has_more: page.hasMore });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function getCodexTask(state: SimState, id: string, res: ServerResponse): Promise<void> {
  const t = state.ws.objects.codexTasks.find((x) => x.id === id);
  if (!t) return notFound(res, `No codex task with id ${id}`);
  await send(state, res, codexTaskJson(t));
}

export async function listCodexEnvironments(state: SimState, q: URLSearchParams, res: ServerResponse): Promise<void> {
  try {
    const limit = intParam(q, 'limit', 30, 1, 50);
    const page = pageAfterId(state.ws.objects.codexEnvironments, q.get('after'), limit, 'codex environment');
    await send(state, res, { object: 'list', data: page.items.map(codexEnvironmentJson), has_more: page.hasMore });
  } catch (e) {
    await badRequest(res, e);
  }
}

export async function getCodexEnvironment(state: SimState, id: string, res: ServerResponse): Promise<void> {
  const e = state.ws.objects.codexEnvironments.find((x) => x.id === id);
  if (!e) return notFound(res, `No codex environment with id ${id}`);
  await send(state, res, codexEnvironmentJson(e));
}
