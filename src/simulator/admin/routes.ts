/**
 * The Administration API routes (`/v1/organization/...`, GET only), in the order a real gateway
 * applies its checks: injected faults (shared with the Compliance routes), the Admin API key,
 * OpenAI-Organization, route, rate limit, handler. Shapes as in docs/admin-api.md.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendJson } from '../http-body.js';
import type { SimState } from '../state.js';
import type { SimAdminKey, SimAuditEvent, SimOrg, SimOrgUser, SimProject, SimProjectKey } from './org.js';

export const ADMIN_PREFIX = '/v1/organization/';

type Json = Record<string, unknown>;

/** `{object:'list', data, first_id, last_id, has_more}` paged by `after` (an id) and `limit` (1-100, default 20). */
function page(res: ServerResponse, q: URLSearchParams, items: readonly Json[], defaultLimit = 20): Promise<void> {
  const rawLimit = q.get('limit');
  const limit = rawLimit === null ? defaultLimit : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return sendError(res, 400, `Invalid 'limit': must be an integer between 1 and 100, got ${rawLimit ?? ''}`, 'invalid_request_error');
  }
  const after = q.get('after');
  let start = 0;
  if (after !== null) {
    const at = items.findIndex((i) => i.id === after);
    if (at < 0) return sendError(res, 400, `Invalid 'after': no object ${after} in this list`, 'invalid_request_error');
    start = at + 1;
  }
  const data = items.slice(start, start + limit);
  return sendJson(res, 200, {
    object: 'list', data,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data[data.length - 1]?.id as string | undefined) ?? null,
    has_more: start + limit < items.length,
  });
}

function userJson(u: SimOrgUser): Json {
  return { object: 'organization.user', id: u.id, name: u.name, email: u.email, role: u.role, added_at: u.addedAt };
}

function adminKeyJson(org: SimOrg, k: SimAdminKey): Json {
  const owner = org.users.find((u) => u.id === k.ownerId) ?? org.departed.find((u) => u.id === k.ownerId);
  return {
    object: 'organization.admin_api_key', id: k.id, name: k.name, redacted_value: k.redacted, created_at: k.createdAt, last_used_at: k.lastUsedAt,
    owner: { type: 'user', object: 'organization.user', id: k.ownerId, name: owner?.name ?? null, created_at: owner?.addedAt ?? null, role: owner?.role ?? 'owner' },
  };
}

function projectKeyJson(org: SimOrg, p: SimProject, k: SimProjectKey): Json {
  let owner: Json;
  if (k.owner.type === 'user') {
    const id = k.owner.id;
    const u = org.users.find((x) => x.id === id) ?? org.departed.find((x) => x.id === id);
    const role = p.users.find((x) => x.id === id)?.role ?? 'member';
    owner = { type: 'user', user: { object: 'organization.project.user', id, name: u?.name ?? null, email: u?.email ?? null, role, created_at: u?.addedAt ?? null } };
  } else {
    const id = k.owner.id;
    const sa = p.serviceAccounts.find((x) => x.id === id);
    owner = { type: 'service_account', service_account: { id, name: sa?.name ?? null, role: sa?.role ?? 'member', created_at: sa?.createdAt ?? null } };
  }
  return { object: 'organization.project.api_key', id: k.id, name: k.name, redacted_value: k.redacted, created_at: k.createdAt, last_used_at: k.lastUsedAt, owner };
}

function auditJson(e: SimAuditEvent): Json {
  return {
    id: e.id, type: e.type, effective_at: e.effectiveAt,
    actor: { type: 'session', session: { user: { id: 'user-audit-actor', email: e.actorEmail }, ip_address: '192.0.2.10' } },
    [e.type]: { id: e.targetId },
  };
}

function listAuditLogs(org: SimOrg, q: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!org.auditLogging) {
    // What OpenAI answers here is not documented (docs/admin-api.md section 5): a 4xx naming audit logging.
    return sendError(res, 400, 'Audit logging is not enabled for this organization. An Organization Owner can activate it in Data Controls settings.', 'invalid_request_error');
  }
  const num = (k: string): number | null => {
    const v = q.get(k);
    return v === null ? null : Number(v);
  };
  const gte = num('effective_at[gte]'), gt = num('effective_at[gt]'), lte = num('effective_at[lte]'), lt = num('effective_at[lt]');
  const types = q.getAll('event_types[]');
  const events = org.auditEvents().filter((e) =>
    (gte === null || e.effectiveAt >= gte) && (gt === null || e.effectiveAt > gt) && (lte === null || e.effectiveAt <= lte) && (lt === null || e.effectiveAt < lt)
    && (types.length === 0 || types.includes(e.type)));
  return page(res, q, events.map(auditJson));
}

/** The route for `segments` (the path after /v1/organization/), or null. */
function route(org: SimOrg, segments: readonly string[]): { name: string; run: (q: URLSearchParams, res: ServerResponse) => Promise<void> } | null {
  const [a, b, c, ...more] = segments;
  if (more.length > 0) return null;
  if (b === undefined) {
    if (a === 'users') return { name: 'org-users', run: (q, res) => page(res, q, org.users.map(userJson)) };
    if (a === 'invites') {
      return { name: 'org-invites', run: (q, res) => page(res, q, org.invites.map((i) => ({
        object: 'organization.invite', id: i.id, email: i.email, role: i.role, status: i.status, invited_at: i.invitedAt, expires_at: i.expiresAt, accepted_at: i.acceptedAt,
      }))) };
    }
    if (a === 'admin_api_keys') return { name: 'org-admin-keys', run: (q, res) => page(res, q, org.adminKeys.map((k) => adminKeyJson(org, k))) };
    if (a === 'audit_logs') return { name: 'org-audit-logs', run: (q, res) => listAuditLogs(org, q, res) };
    if (a === 'projects') {
      return { name: 'org-projects', run: (q, res) => page(res, q, org.projects
        .filter((p) => p.status === 'active' || q.get('include_archived') === 'true')
        .map((p) => ({ object: 'organization.project', id: p.id, name: p.name, created_at: p.createdAt, archived_at: p.archivedAt, status: p.status }))) };
    }
    return null;
  }
  if (a !== 'projects' || c === undefined) return null;
  const project = org.projects.find((p) => p.id === b);
  const withProject = (name: string, run: (p: SimProject, q: URLSearchParams, res: ServerResponse) => Promise<void>) => ({
    name,
    run: (q: URLSearchParams, res: ServerResponse): Promise<void> => {
      if (!project) return sendError(res, 404, `No such project: ${b}`, 'invalid_request_error');
      if (project.status === 'archived') return sendError(res, 400, `Project ${b} is archived`, 'invalid_request_error');
      return run(project, q, res);
    },
  });
  if (c === 'users') {
    return withProject('project-users', (p, q, res) => page(res, q, p.users.map((pu) => {
      const u = org.users.find((x) => x.id === pu.id);
      return { object: 'organization.project.user', id: pu.id, name: u?.name ?? null, email: u?.email ?? null, role: pu.role, added_at: pu.addedAt };
    })));
  }
  if (c === 'service_accounts') {
    return withProject('project-service-accounts', (p, q, res) => page(res, q, p.serviceAccounts.map((s) => ({
      object: 'organization.project.service_account', id: s.id, name: s.name, role: s.role, created_at: s.createdAt,
    }))));
  }
  if (c === 'api_keys') return withProject('project-api-keys', (p, q, res) => page(res, q, p.keys.map((k) => projectKeyJson(org, p, k))));
  if (c === 'rate_limits') {
    return withProject('project-rate-limits', (p, q, res) => page(res, q, p.rateLimits.map((l) => ({
      object: 'project.rate_limit', id: l.id, model: l.model, max_requests_per_1_minute: l.rpm, max_tokens_per_1_minute: l.tpm,
    })), 100));
  }
  return null;
}

export async function handleAdmin(state: SimState, org: SimOrg, req: IncomingMessage, res: ServerResponse, url: URL, setRoute: (name: string) => void): Promise<void> {
  const fault = state.faults.onApiRequest();
  if (fault?.status === 429) {
    return sendError(res, 429, 'Rate limit reached for requests (injected)', 'rate_limit_error', { 'Retry-After': String(fault.retryAfter) });
  }
  if (fault) return sendError(res, fault.status, 'The server had an error while processing your request (injected)', 'server_error');

  const auth = req.headers.authorization ?? '';
  if (auth !== `Bearer ${org.adminKey}`) {
    const message = auth === '' ? 'Missing bearer authentication in header'
      : auth === `Bearer ${state.apiKey}` ? 'Incorrect API key provided: this endpoint requires an Admin API key'
      : 'Incorrect API key provided';
    return sendError(res, 401, message, 'invalid_request_error');
  }
  const orgHeader = req.headers['openai-organization'];
  if (typeof orgHeader === 'string' && orgHeader !== org.organizationId) {
    return sendError(res, 401, `OpenAI-Organization header should match organization for API key (got ${orgHeader})`, 'invalid_request_error');
  }
  let segments: string[];
  try {
    segments = url.pathname.slice(ADMIN_PREFIX.length).split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return sendError(res, 404, `Unknown route: ${url.pathname}`, 'not_found');
  }
  const r = req.method === 'GET' ? route(org, segments) : null;
  if (!r) return sendError(res, 404, `Unknown route: ${req.method ?? ''} ${url.pathname}`, 'not_found');
  setRoute(r.name);
  const wait = state.limiter.take(org.adminKey, 'list', Date.now());
  if (wait !== null) {
    return sendError(res, 429, `Rate limit reached for requests: try again in ${wait}s`, 'rate_limit_error', { 'Retry-After': String(state.faults.retryAfterOverride ?? wait) });
  }
  // The key leakwatch reads with is used right now.
  const own = org.adminKeys.find((k) => k.id === 'key_admin_leakwatch');
  if (own) own.lastUsedAt = Math.floor(Date.now() / 1000);
  await r.run(url.searchParams, res);
}
