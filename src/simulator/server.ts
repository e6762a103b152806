/**
 * Request pipeline and routing. Checks run in the order a real gateway would apply them:
 * injected faults, API key, route, workspace, scope, closed endpoint, rate limit, handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sendError } from './http-body.js';
import type { EndpointClass } from './rate-limit.js';
import { deleteConversation, fileContentRedirect, listConversations, listLogs, listUsers, logContentRedirect } from './routes-api.js';
import { downloadFile, downloadKnowledgeFile, downloadLog } from './routes-download.js';
import { matchObjectDelete, matchObjectGet } from './objects/router.js';
import type { SimState } from './state.js';
import { ADMIN_PREFIX, handleAdmin } from './admin/routes.js';
import type { SimOrg } from './admin/org.js';

const API_PREFIX = '/v1/compliance/workspaces/';

interface ApiRoute {
  name: string;
  cls: EndpointClass | null;
  run: (state: SimState, q: URLSearchParams, res: ServerResponse) => Promise<void>;
}

function segmentsOf(path: string): string[] | null {
  try {
    return path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/** Matches the part of the path after the workspace id. */
function matchApi(rest: readonly string[]): ApiRoute | null {
  const [a, b, c, d, ...more] = rest;
  if (more.length > 0) return a === 'conversations' ? conversationsItem : null;
  if (a === 'users' && b === undefined) return { name: 'users', cls: 'list', run: listUsers };
  if (a === 'users' && b !== undefined && c === 'files' && d !== undefined) {
    return { name: 'file-content', cls: 'get', run: (s, _q, res) => fileContentRedirect(s, b, d, res) };
  }
  if (a === 'conversations' && b === undefined) return { name: 'conversations', cls: 'list', run: listConversations };
  if (a === 'conversations') return conversationsItem;
  if (a === 'logs' && b === undefined) return { name: 'logs', cls: 'list', run: listLogs };
  if (a === 'logs' && c === undefined && b !== undefined) return { name: 'log-content', cls: 'get', run: (s, _q, res) => logContentRedirect(s, b, res) };
  return null;
}

/** DELETE /conversations/{id}: remediation (a single-item call, paced as such). */
function matchDelete(rest: readonly string[]): ApiRoute | null {
  const [a, b, ...more] = rest;
  if (a !== 'conversations' || b === undefined || more.length > 0) return null;
  return { name: 'conversation-delete', cls: 'get', run: (s, _q, res) => deleteConversation(s, b, res) };
}

// No per-conversation endpoint exists in the spec; it is routed only to answer "closed" alike.
const conversationsItem: ApiRoute = {
  name: 'conversation-item',
  cls: null,
  run: (_s, _q, res) => sendError(res, 404, 'Not found', 'not_found'),
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handleApi(state: SimState, req: IncomingMessage, res: ServerResponse, url: URL, setRoute: (name: string) => void): Promise<void> {
  const fault = state.faults.onApiRequest();
  if (fault?.status === 429) {
    return sendError(res, 429, 'Rate limit reached for requests (injected)', 'rate_limit_error', { 'Retry-After': String(fault.retryAfter) });
  }
  if (fault) return sendError(res, fault.status, 'The server had an error while processing your request (injected)', 'server_error');

  const auth = req.headers.authorization ?? '';
  if (auth !== `Bearer ${state.apiKey}`) {
    return sendError(res, 401, auth === '' ? 'Missing bearer authentication in header' : 'Incorrect API key provided', 'invalid_request_error');
  }

  const segments = segmentsOf(url.pathname.slice(API_PREFIX.length));
  const [workspaceId, ...rest] = segments ?? [];
  const inApi = url.pathname.startsWith(API_PREFIX) && workspaceId;
  const route = inApi && req.method === 'GET' ? (matchApi(rest) ?? matchObjectGet(rest)) : inApi && req.method === 'DELETE' ? (matchDelete(rest) ?? matchObjectDelete(rest)) : null;
  if (!route) return sendError(res, 404, `Unknown route: ${req.method ?? ''} ${url.pathname}`, 'not_found');
  setRoute(route.name);
  if (workspaceId !== state.ws.workspaceId) return sendError(res, 404, `Workspace ${workspaceId ?? ''} not found`, 'not_found');
  if (!state.readScope) {
    return sendError(res, 403, 'You have insufficient permissions for this operation: the API key is missing scope read (chatgpt.enterprise.compliance_export)', 'permission_error');
  }
  if (state.conversationsClosed && (route.name === 'conversations' || route.name === 'conversation-item')) {
    return sendError(res, 404, 'The conversations endpoint is deprecated on this workspace, use /logs (event_type=CONVERSATION_MESSAGE)', 'not_found');
  }
  if (route.cls) {
    const wait = state.limiter.take(state.apiKey, route.cls, Date.now());
    if (wait !== null) {
      const retryAfter = state.faults.retryAfterOverride ?? wait;
      return sendError(res, 429, `Rate limit reached for ${route.cls} requests: try again in ${wait}s`, 'rate_limit_error', { 'Retry-After': String(Math.max(0, retryAfter)) });
    }
  }
  await route.run(state, url.searchParams, res);
}

async function handle(state: SimState, req: IncomingMessage, res: ServerResponse, org: SimOrg | null): Promise<void> {
  let route = 'not-found';
  state.stats.requests++;
  res.on('close', () => state.count(route, res.statusCode));
  try {
    const latency = state.faults.latencyMs;
    if (latency > 0) await sleep(latency);
    if (state.faults.hang) {
      await new Promise<void>((resolve) => res.once('close', resolve));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    if (org !== null && url.pathname.startsWith(ADMIN_PREFIX)) {
      route = 'admin-unknown';
      await handleAdmin(state, org, req, res, url, (name) => (route = name));
      return;
    }
    if (url.pathname.startsWith('/v1/')) {
      route = 'api-unknown';
      await handleApi(state, req, res, url, (name) => (route = name));
      return;
    }
    const seg = segmentsOf(url.pathname) ?? [];
    if (req.method === 'GET' && seg.length === 3 && seg[0] === 'download' && seg[1] === 'logs') {
      route = 'download-log';
      return await downloadLog(state, seg[2] as string, url.searchParams, res);
    }
    if (req.method === 'GET' && seg.length === 3 && seg[0] === 'download' && seg[1] === 'files') {
      route = 'download-file';
      return await downloadFile(state, seg[2] as string, url.searchParams, res);
    }
    if (req.method === 'GET' && seg.length === 3 && seg[0] === 'download' && seg[1] === 'knowledge') {
      route = 'download-knowledge';
      return await downloadKnowledgeFile(state, seg[2] as string, url.searchParams, res);
    }
    await sendError(res, 404, `Unknown route: ${req.method ?? ''} ${url.pathname}`, 'not_found');
  } catch (err) {
    if (!res.headersSent) await sendError(res, 500, `Simulator error: ${(err as Error).message}`, 'server_error');
    else res.destroy();
  }
}

/** `org`: the Administration API's organization (routes under /v1/organization/), or null for none. */
export function createSimServer(state: SimState, org: SimOrg | null = null): Server {
  const server = createServer((req, res) => {
    // Drain any request body so keep-alive connections stay usable.
    req.resume();
    void handle(state, req, res, org);
  });
  server.keepAliveTimeout = 5000;
  return server;
}
