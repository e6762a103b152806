/**
 * Routes of the objects beyond chats, matched on the path after /compliance/workspaces/{id}, with
 * their rate-limit class (compliance-api.md section 3: lists of GPTs, projects, configs, shared
 * users, memories and Codex environments 50/min; single GETs, deletes, file content, user
 * memories, canvases, Codex tasks and recordings 100/min; automations, unstated, as lists).
 */
import type { ServerResponse } from 'node:http';
import type { EndpointClass } from '../rate-limit.js';
import type { SimState } from '../state.js';
import { getCodexEnvironment, getCodexTask, listCodexEnvironments, listCodexTasks } from './routes-codex.js';
import { deleteGpt, deleteKnowledgeFile, deleteSharedUsers, getGpt, knowledgeRedirect, listConfigs, listGpts, listSharedUsers } from './routes-gpts.js';
import { getCanvas, getTranscript, listAutomations, listCanvases, listMemories, listRecordings, userMemories } from './routes-user.js';

export interface ObjectRoute {
  name: string;
  cls: EndpointClass;
  run: (state: SimState, q: URLSearchParams, res: ServerResponse) => Promise<void>;
}

const route = (name: string, cls: EndpointClass, run: ObjectRoute['run']): ObjectRoute => ({ name, cls, run });

function kindOf(seg: string | undefined): 'gpt' | 'project' | null {
  return seg === 'gpts' ? 'gpt' : seg === 'projects' ? 'project' : null;
}

export function matchObjectGet(rest: readonly string[]): ObjectRoute | null {
  const [a, b, c, d, e, ...more] = rest;
  if (more.length > 0) return null;
  const kind = kindOf(a);
  if (kind) {
    if (b === undefined) return route(`${kind}s`, 'list', (s, q, res) => listGpts(s, kind, q, res));
    if (c === undefined) return route(kind, 'get', (s, q, res) => getGpt(s, kind, b, q, res));
    if (c === 'configs' && d === undefined) return route(`${kind}-configs`, 'list', (s, q, res) => listConfigs(s, kind, b, q, res));
    if (c === 'shared_users' && d === undefined) return route(`${kind}-shared-users`, 'list', (s, q, res) => listSharedUsers(s, kind, b, q, res));
    return null;
  }
  if ((a === 'gpt_files' || a === 'project_files') && b !== undefined && c === undefined) {
    const k = a === 'gpt_files' ? 'gpt' : 'project';
    return route(`${k}-file-content`, 'get', (s, _q, res) => knowledgeRedirect(s, k, b, res));
  }
  if (a === 'memories' && b === undefined) return route('memories', 'list', listMemories);
  if (a === 'codex_tasks') {
    if (b === undefined) return route('codex-tasks', 'get', listCodexTasks);
    if (c === undefined) return route('codex-task', 'get', (s, _q, res) => getCodexTask(s, b, res));
  }
  if (a === 'codex_environments') {
    if (b === undefined) return route('codex-environments', 'list', listCodexEnvironments);
    if (c === undefined) return route('codex-environment', 'get', (s, _q, res) => getCodexEnvironment(s, b, res));
  }
  if (a !== 'users' || b === undefined) return null;
  if (c === 'memories' && d === undefined) return route('user-memories', 'get', (s, q, res) => userMemories(s, b, q, res));
  if (c === 'canvases' && d === undefined) return route('canvases', 'get', (s, q, res) => listCanvases(s, b, q, res));
  if (c === 'canvas' && d !== undefined && e === undefined) return route('canvas', 'get', (s, q, res) => getCanvas(s, b, d, q, res));
  if (c === 'automations' && d === undefined) return route('automations', 'list', (s, q, res) => listAutomations(s, b, q, res));
  if (c === 'recordings' && d === undefined) return route('recordings', 'get', (s, q, res) => listRecordings(s, b, q, res));
  if (c === 'recordings' && d !== undefined && e === 'transcript') return route('recording-transcript', 'get', (s, q, res) => getTranscript(s, b, d, q, res));
  return null;
}

export function matchObjectDelete(rest: readonly string[]): ObjectRoute | null {
  const [a, b, c, d, ...more] = rest;
  const kind = kindOf(a);
  if (!kind || b === undefined || more.length > 0) return null;
  if (c === undefined) return route(`${kind}-delete`, 'get', (s, _q, res) => deleteGpt(s, kind, b, res));
  if (c === 'files' && d !== undefined) return route(`${kind}-file-delete`, 'get', (s, _q, res) => deleteKnowledgeFile(s, kind, b, d, res));
  if (c === 'shared_users' && d === undefined) return route(`${kind}-shared-users-delete`, 'get', (s, _q, res) => deleteSharedUsers(s, kind, b, res));
  return null;
}
