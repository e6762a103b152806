import type { ApiUser } from '../compliance/schemas.js';
import type { ApiAssistant, ApiAutomation, ApiCodexEnvironment, ApiSharedUser } from '../compliance/schemas-objects.js';
import { normalizeDomain } from './posture/domains.js';
import type { FetchedAutomation, FetchedCodexEnvironment, FetchedGpt, FetchedUser, Permissions } from './types.js';

/**
 * Compliance API objects (already validated at the edge) as inventory rows. Pure. Keeps what the
 * inventory and the posture checks need; a Codex environment keeps the names of its variables and
 * secrets and drops every value here, before anything is stored.
 */

/** Float Unix seconds (listing API) or an ISO string (elsewhere) as ISO 8601; null if absent or unreadable. */
export function isoTime(v: number | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const ms = typeof v === 'number' ? v * 1000 : Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function permissions(p: { can_read?: boolean | null; can_view_config?: boolean | null; can_write?: boolean | null } | null | undefined): Permissions | null {
  if (p === null || p === undefined) return null;
  return { canRead: p.can_read ?? false, canViewConfig: p.can_view_config ?? false, canWrite: p.can_write ?? false };
}

export function userRow(u: ApiUser & { created_at?: unknown }): FetchedUser {
  const created = typeof u.created_at === 'number' || typeof u.created_at === 'string' ? isoTime(u.created_at) : null;
  return { id: u.id, email: u.email ?? null, name: u.name ?? null, role: u.role ?? null, status: u.status ?? null, createdAt: created };
}

/**
 * A GPT or project from its listing. `sharedUsers` is used when the listing did not include the
 * recipients (some API versions list them only under /shared_users); null when it did.
 */
export function assistantRow(kind: 'gpt' | 'project', a: ApiAssistant, sharedUsers: readonly ApiSharedUser[] | null = null): FetchedGpt {
  const config = a.latest_config ?? null;
  const tools = config?.tools ?? [];
  const recipients = a.sharing?.recipients ?? sharedUsers ?? [];
  const domains = new Set<string>();
  for (const t of tools) {
    if (t.type !== 'custom_action' || t.action_domain === null || t.action_domain === undefined) continue;
    const d = normalizeDomain(t.action_domain);
    if (d !== '') domains.add(d);
  }
  return {
    kind,
    id: a.id,
    name: config?.name ?? null,
    ownerId: a.owner_id ?? null,
    ownerEmail: a.owner_email ?? null,
    createdAt: isoTime(a.created_at),
    updatedAt: isoTime(config?.created_at) ?? isoTime(a.created_at),
    configId: config?.id ?? null,
    visibility: a.sharing?.visibility ?? null,
    permissions: permissions(a.sharing?.permissions),
    recipients: recipients.map((r) => ({ id: r.id, email: r.email ?? null })),
    tools: [...new Set(tools.map((t) => t.type))].sort(),
    actionDomains: [...domains].sort(),
    fileIds: (config?.files ?? []).map((f) => f.id),
  };
}

/** Whether the listing carried the recipients (else /shared_users is asked). */
export function listsRecipients(a: ApiAssistant): boolean {
  return a.sharing === null || a.sharing === undefined || (a.sharing.recipients !== null && a.sharing.recipients !== undefined);
}

/** The schedule as text: a string as is, anything else (an RRULE object ...) as compact JSON. */
function scheduleText(s: unknown): string | null {
  if (s === null || s === undefined) return null;
  return typeof s === 'string' ? s : JSON.stringify(s);
}

export function automationRow(userId: string, userEmail: string | null, a: ApiAutomation): FetchedAutomation {
  return { id: a.id, userId, userEmail, title: a.title ?? null, schedule: scheduleText(a.schedule), enabled: a.is_enabled ?? null };
}

/** Names only: the values never leave this function. */
export function codexEnvironmentRow(e: ApiCodexEnvironment): FetchedCodexEnvironment {
  const names = (list: readonly { name: string }[] | null | undefined): string[] => [...new Set((list ?? []).map((v) => v.name))].sort();
  return {
    id: e.id, name: e.name ?? null, createdAt: isoTime(e.created_at), updatedAt: isoTime(e.updated_at),
    envVarNames: names(e.env_vars), secretNames: names(e.secrets),
  };
}

