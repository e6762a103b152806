import type { ComplianceApi } from '../compliance/api.js';
import { isMissing, type Missing } from '../compliance/client.js';
import type { Page } from '../compliance/api.js';
import { afterPages } from '../compliance/sources/sweep.js';
import type { ApiSharedUser } from '../compliance/schemas-objects.js';
import { errorMessage } from '../errors.js';
import { assistantRow, automationRow, codexEnvironmentRow, listsRecipients, userRow } from '../inventory/normalize.js';
import { lacksValues } from '../compliance/schemas-objects.js';
import {
  INVENTORY_PARTS, type FetchedAutomation, type FetchedCodexEnvironment, type FetchedGpt, type FetchedPart, type FetchedUser, type InventoryPart, type PartRefresh,
} from '../inventory/types.js';
import { inventoryRefreshes, recordInventoryFailure, saveInventoryPart } from '../store/inventory.js';
import type { Runtime, WorkspaceRuntime } from './runtime.js';

/**
 * Refreshing a workspace's inventory from the Compliance API (issue 10): users, GPTs, projects,
 * automations (per user) and Codex environments, each part fetched whole and stored in one
 * transaction. A part that fails is recorded as failed (its previous rows stay, the posture checks
 * that read it report an error) and the others go on; only when every part fails is the error
 * thrown (a refused key, the API down), so the caller sees it. The daemon calls refreshInventory
 * every inventory.refresh_minutes; `leakwatch inventory --refresh` and `leakwatch posture` too.
 */

/** GPTs and projects per page (the API's default; its limit is not documented). */
const ASSISTANT_PAGE = 20;
const AUTOMATION_PAGE = 100;
const CODEX_PAGE = 30;

export interface InventoryRefreshResult {
  workspaceId: string;
  /** Every part's state after this refresh (count fetched, or the error). */
  parts: PartRefresh[];
  /** Parts that failed this time. */
  failed: InventoryPart[];
}

export async function refreshInventory(rt: Pick<Runtime, 'db' | 'store' | 'config' | 'abort'>, ws: WorkspaceRuntime): Promise<InventoryRefreshResult> {
  const failed: InventoryPart[] = [];
  let firstError: unknown = null;
  let users: FetchedUser[] | null = null;
  const attempt = async (part: InventoryPart, fetch: () => Promise<FetchedPart>): Promise<void> => {
    try {
      const fetched = await fetch();
      saveInventoryPart(rt.db, ws.id, fetched);
      ws.log.debug({ part, count: fetched.rows.length }, 'inventory part refreshed');
    } catch (err) {
      if (rt.abort.signal.aborted) throw err;
      failed.push(part);
      firstError ??= err;
      recordInventoryFailure(rt.db, ws.id, part, errorMessage(err));
      ws.log.warn({ part, err: errorMessage(err) }, 'inventory part could not be refreshed; its previous rows are kept and the checks reading it report an error');
    }
  };
  await attempt('users', async () => {
    users = await fetchUsers(ws.api, rt.config.api.page_size.users);
    // Reports and exports show names from the users table: keep it current too.
    rt.store.upsertUsers(users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, status: u.status })));
    return { part: 'users', rows: users };
  });
  await attempt('gpts', async () => ({ part: 'gpts', rows: await fetchAssistants(ws.api, 'gpt') }));
  await attempt('projects', async () => ({ part: 'projects', rows: await fetchAssistants(ws.api, 'project') }));
  await attempt('automations', async () => {
    if (users === null) throw new Error('automations are listed per user, and the user list could not be read');
    return { part: 'automations', rows: await fetchAutomations(ws.api, users) };
  });
  await attempt('codex_environments', async () => ({ part: 'codex_environments', rows: await fetchCodexEnvironments(ws.api) }));
  if (failed.length === INVENTORY_PARTS.length) throw firstError;
  return { workspaceId: ws.id, parts: inventoryRefreshes(rt.db, ws.id), failed };
}

/** Every item of an id-paged list (guarded against a cursor that does not move); Missing: not served. */
async function collect<T>(what: string, fetch: (after: string | null) => Promise<Page<T> | Missing>): Promise<T[] | Missing> {
  const out: T[] = [];
  for await (const page of afterPages(what, null, fetch)) {
    if (isMissing(page)) return out.length > 0 ? out : page;
    out.push(...page.items);
  }
  return out;
}

export async function fetchUsers(api: ComplianceApi, pageSize: number): Promise<FetchedUser[]> {
  const users = await collect('GET /users', (after) => api.listUsers(after, pageSize));
  if (isMissing(users)) throw new Error(`GET /users answered ${users.status}`);
  return users.map(userRow);
}

export async function fetchAssistants(api: ComplianceApi, kind: 'gpt' | 'project'): Promise<FetchedGpt[]> {
  const listed = await collect(`GET /${kind}s`, (after) => api.listAssistants(kind, after, ASSISTANT_PAGE));
  if (isMissing(listed)) throw new Error(`GET /${kind}s answered ${listed.status}: ${kind}s are not available to this workspace or key`);
  const out: FetchedGpt[] = [];
  for (const a of listed) out.push(assistantRow(kind, a, listsRecipients(a) ? null : await sharedUsers(api, kind, a.id)));
  return out;
}

async function sharedUsers(api: ComplianceApi, kind: 'gpt' | 'project', id: string): Promise<ApiSharedUser[]> {
  // Gone since it was listed: it will be missing from the next refresh too.
  const users = await collect(`GET /${kind}s/${id}/shared_users`, (after) => api.listAssistantSharedUsers(kind, id, after));
  return isMissing(users) ? [] : users;
}

/** Automations are listed per user: one list call (at least) per user, paced by the list budget. */
export async function fetchAutomations(api: ComplianceApi, users: readonly FetchedUser[]): Promise<FetchedAutomation[]> {
  const out: FetchedAutomation[] = [];
  for (const u of users) {
    let cursor: { since: number | null } | { after: string } = { since: null };
    for (;;) {
      const page = await api.listAutomations(u.id, cursor, AUTOMATION_PAGE);
      if (isMissing(page)) break; // the user is gone since the user list was read
      out.push(...page.data.map((a) => automationRow(u.id, u.email, a)));
      if (!page.hasMore || page.lastId === null) break;
      cursor = { after: page.lastId };
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function fetchCodexEnvironments(api: ComplianceApi): Promise<FetchedCodexEnvironment[]> {
  const listed = await collect('GET /codex_environments', (after) => api.listCodexEnvironments(after, CODEX_PAGE));
  if (isMissing(listed)) throw new Error('GET /codex_environments answered 404: Codex is not available to this workspace or key');
  const out: FetchedCodexEnvironment[] = [];
  for (const e of listed) {
    // A listing without the variables and secrets: the single GET has them (names are kept, values dropped in codexEnvironmentRow).
    const full = lacksValues(e) ? await api.getCodexEnvironment(e.id) : e;
    if (!isMissing(full)) out.push(codexEnvironmentRow(full));
  }
  return out;
}
