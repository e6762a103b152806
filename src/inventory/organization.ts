import { LeakwatchError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { AdminApi } from '../admin/api.js';
import type { ApiProjectKey } from '../admin/schemas.js';
import type { AuditLogging, KeyOwner, OrgInventory, OrgProject, OrgSection } from './posture/org-inventory.js';

/**
 * Reads the organization through the Administration API into plain data for the organization
 * posture checks. Each section is read on its own: a section the key may not read (403) or that
 * answers oddly is recorded in `unavailable` and the checks needing it end in `error`; a rejected
 * key (401), an API down after retries, or shutdown fail the whole read.
 */

export interface ReadOrgOptions {
  /** Items per list page (1-100). */
  pageSize: number;
  organizationId: string | null;
  log: Logger;
  /** Unix seconds. Default: the clock. */
  now?: () => number;
}

/** Failures that concern one section, not the whole read. */
const SECTION_CODES = new Set(['API_FORBIDDEN', 'API_BAD_REQUEST', 'API_NOT_FOUND', 'API_BAD_PAYLOAD']);

export async function readOrgInventory(api: AdminApi, opts: ReadOrgOptions): Promise<OrgInventory> {
  const { pageSize: limit, log } = opts;
  const inv: OrgInventory = {
    readAt: Math.floor(opts.now?.() ?? Date.now() / 1000),
    organizationId: opts.organizationId,
    users: [], invites: [], projects: [], adminKeys: [], auditLogging: null, unavailable: {},
  };
  const section = async (name: OrgSection, read: () => Promise<void>): Promise<void> => {
    try {
      await read();
    } catch (err) {
      if (!(err instanceof LeakwatchError) || !SECTION_CODES.has(err.code)) throw err;
      inv.unavailable[name] = errorMessage(err);
      log.warn({ section: name, code: err.code }, 'organization inventory: section not readable');
    }
  };

  await section('users', async () => {
    const users = await api.all((after) => api.listUsers(after, limit), 'GET /organization/users');
    inv.users = users.map((u) => ({ id: u.id, email: u.email ?? null, name: u.name ?? null, role: u.role, addedAt: u.added_at ?? null }));
  });
  await section('invites', async () => {
    const invites = await api.all((after) => api.listInvites(after, limit), 'GET /organization/invites');
    inv.invites = invites.map((i) => ({
      id: i.id, email: i.email, role: i.role ?? null, status: i.status, invitedAt: i.invited_at, expiresAt: i.expires_at ?? null,
    }));
  });
  await section('admin_keys', async () => {
    const keys = await api.all((after) => api.listAdminKeys(after, limit), 'GET /organization/admin_api_keys');
    inv.adminKeys = keys.map((k) => ({
      id: k.id, name: k.name ?? null, redactedValue: k.redacted_value ?? null, createdAt: k.created_at, lastUsedAt: k.last_used_at ?? null,
      owner: { type: k.owner?.type ?? null, id: k.owner?.id ?? null, name: k.owner?.name ?? null },
    }));
  });
  await section('audit_logging', async () => {
    inv.auditLogging = await auditLoggingState(api);
  });
  await section('projects', async () => {
    const projects = await api.all((after) => api.listProjects(after, limit), 'GET /organization/projects');
    for (const p of projects) {
      if (p.status !== 'active') continue;
      const project = await readProject(api, p.id, p.name ?? null, p.created_at ?? null, limit, inv);
      if (project !== null) inv.projects.push(project);
    }
  });
  return inv;
}

/** Audit logging is active when the log can be listed; the API refuses the list when it never was. */
export async function auditLoggingState(api: AdminApi): Promise<AuditLogging> {
  const page = await api.listAuditLogs({ limit: 1 });
  if ('auditLoggingOff' in page) return { state: 'inactive', status: page.status, message: page.message };
  return { state: 'active', newestEventAt: page.data[0]?.effective_at ?? null };
}

async function readProject(api: AdminApi, id: string, name: string | null, createdAt: number | null, limit: number, inv: OrgInventory): Promise<OrgProject | null> {
  const where = `project ${id}`;
  try {
    const users = await api.all((after) => api.listProjectUsers(id, after, limit), `${where} users`);
    const accounts = await api.all((after) => api.listProjectServiceAccounts(id, after, limit), `${where} service accounts`);
    const keys = await api.all((after) => api.listProjectKeys(id, after, limit), `${where} API keys`);
    const project: OrgProject = {
      id, name, createdAt,
      users: users.map((u) => ({ id: u.id, email: u.email ?? null, role: u.role ?? null })),
      serviceAccounts: accounts.map((s) => ({ id: s.id, name: s.name ?? null, role: s.role ?? null, createdAt: s.created_at ?? null })),
      apiKeys: keys.map((k) => ({
        id: k.id, name: k.name ?? null, redactedValue: k.redacted_value ?? null, createdAt: k.created_at, lastUsedAt: k.last_used_at ?? null,
        owner: keyOwner(k),
      })),
      rateLimits: null,
    };
    try {
      const limits = await api.all((after) => api.listProjectRateLimits(id, after, limit), `${where} rate limits`);
      project.rateLimits = limits.map((l) => ({
        model: l.model, maxRequestsPerMinute: l.max_requests_per_1_minute ?? null, maxTokensPerMinute: l.max_tokens_per_1_minute ?? null,
      }));
    } catch (err) {
      if (!(err instanceof LeakwatchError) || !SECTION_CODES.has(err.code)) throw err;
      inv.unavailable.rate_limits ??= `${where}: ${err.message}`;
    }
    return project;
  } catch (err) {
    // Archived (or removed) between the project list and its sub-lists: it holds nothing usable.
    if (err instanceof LeakwatchError && err.code === 'API_NOT_FOUND') return null;
    throw err;
  }
}

function keyOwner(k: ApiProjectKey): KeyOwner {
  const o = k.owner;
  if (o?.type === 'user' && o.user) return { type: 'user', id: o.user.id, email: o.user.email ?? null, name: o.user.name ?? null };
  if (o?.type === 'service_account' && o.service_account) return { type: 'service_account', id: o.service_account.id, name: o.service_account.name ?? null };
  return { type: 'unknown' };
}
