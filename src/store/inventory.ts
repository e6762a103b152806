import type { Db } from './db.js';
import {
  INVENTORY_PARTS,
  type FetchedPart,
  type InventoryAutomation, type InventoryCodexEnvironment, type InventoryGpt, type InventoryPart, type InventoryUser,
  type PartRefresh, type WorkspaceInventory,
} from '../inventory/types.js';

/**
 * The inventory tables (migration 7). A refresh replaces one part of one workspace in one
 * transaction (objects gone from the API go from the table); a part that fails keeps its previous
 * rows, and inventory_refreshes records the failure so the checks that read it report an error
 * rather than a verdict on stale data. What leakwatch recorded about each object (findings, last
 * activity) is not stored here: loadInventory reads it from the findings, so it is always current.
 */

const OBJECT_KIND: Record<Exclude<InventoryPart, 'users'>, string> = {
  gpts: 'gpt', projects: 'project', automations: 'automation', codex_environments: 'codex_environment',
};

/** Findings that count as still needing action. */
const OPEN = `status IN ('open', 'acknowledged')`;

export function saveInventoryPart(db: Db, workspaceId: string, fetched: FetchedPart, at: Date = new Date()): void {
  const when = at.toISOString();
  db.transaction(() => {
    if (fetched.part === 'users') {
      db.prepare('DELETE FROM inventory_users WHERE workspace_id = ?').run(workspaceId);
      const insert = db.prepare(`INSERT INTO inventory_users (workspace_id, id, email, name, role, status, created_at, refreshed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const u of fetched.rows) insert.run(workspaceId, u.id, u.email, u.name, u.role, u.status, u.createdAt, when);
    } else {
      const kind = OBJECT_KIND[fetched.part];
      db.prepare('DELETE FROM inventory_objects WHERE workspace_id = ? AND kind = ?').run(workspaceId, kind);
      const insert = db.prepare(`INSERT INTO inventory_objects (workspace_id, kind, id, name, owner_id, owner_email, created_at, updated_at,
          visibility, permissions, recipients_count, recipients, tools, action_domains, file_count, details, refreshed_at)
        VALUES (@workspaceId, @kind, @id, @name, @ownerId, @ownerEmail, @createdAt, @updatedAt, @visibility, @permissions, @recipientsCount,
          @recipients, @tools, @actionDomains, @fileCount, @details, @at)`);
      for (const row of objectRows(fetched)) insert.run({ ...row, workspaceId, kind, at: when });
    }
    db.prepare(`INSERT INTO inventory_refreshes (workspace_id, part, attempted_at, refreshed_at, count, error) VALUES (?, ?, ?, ?, ?, NULL)
      ON CONFLICT(workspace_id, part) DO UPDATE SET attempted_at = excluded.attempted_at, refreshed_at = excluded.refreshed_at,
      count = excluded.count, error = NULL`).run(workspaceId, fetched.part, when, when, fetched.rows.length);
  })();
}

/** A part that could not be fetched: its rows stay, the failure is recorded (the checks reading it report an error). */
export function recordInventoryFailure(db: Db, workspaceId: string, part: InventoryPart, error: string, at: Date = new Date()): void {
  db.prepare(`INSERT INTO inventory_refreshes (workspace_id, part, attempted_at, refreshed_at, count, error) VALUES (?, ?, ?, NULL, 0, ?)
    ON CONFLICT(workspace_id, part) DO UPDATE SET attempted_at = excluded.attempted_at, error = excluded.error`)
    .run(workspaceId, part, at.toISOString(), error.slice(0, 1000));
}

export function inventoryRefreshes(db: Db, workspaceId: string): PartRefresh[] {
  return db.prepare(`SELECT part, attempted_at AS attemptedAt, refreshed_at AS refreshedAt, count, error FROM inventory_refreshes
    WHERE workspace_id = ? ORDER BY part`).all(workspaceId) as PartRefresh[];
}

interface ObjectRow {
  id: string;
  name: string | null;
  ownerId: string | null;
  ownerEmail: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  visibility: string | null;
  permissions: string | null;
  recipientsCount: number;
  recipients: string;
  tools: string;
  actionDomains: string;
  fileCount: number;
  details: string;
}

function objectRows(fetched: Exclude<FetchedPart, { part: 'users' }>): ObjectRow[] {
  const none = { visibility: null, permissions: null, recipientsCount: 0, recipients: '[]', tools: '[]', actionDomains: '[]', fileCount: 0 };
  switch (fetched.part) {
    case 'gpts':
    case 'projects':
      return fetched.rows.map((g) => ({
        id: g.id, name: g.name, ownerId: g.ownerId, ownerEmail: g.ownerEmail, createdAt: g.createdAt, updatedAt: g.updatedAt,
        visibility: g.visibility, permissions: g.permissions === null ? null : JSON.stringify(g.permissions),
        recipientsCount: g.recipients.length, recipients: JSON.stringify(g.recipients), tools: JSON.stringify(g.tools),
        actionDomains: JSON.stringify(g.actionDomains), fileCount: g.fileIds.length,
        details: JSON.stringify({ configId: g.configId, fileIds: g.fileIds }),
      }));
    case 'automations':
      return fetched.rows.map((a) => ({
        ...none, id: a.id, name: a.title, ownerId: a.userId, ownerEmail: a.userEmail, createdAt: null, updatedAt: null,
        details: JSON.stringify({ schedule: a.schedule, enabled: a.enabled }),
      }));
    case 'codex_environments':
      return fetched.rows.map((e) => ({
        ...none, id: e.id, name: e.name, ownerId: null, ownerEmail: null, createdAt: e.createdAt, updatedAt: e.updatedAt,
        details: JSON.stringify({ envVarNames: e.envVarNames, secretNames: e.secretNames }),
      }));
  }
}

interface StoredObject {
  kind: string;
  id: string;
  name: string | null;
  owner_id: string | null;
  owner_email: string | null;
  created_at: string | null;
  updated_at: string | null;
  visibility: string | null;
  permissions: string | null;
  recipients: string;
  tools: string;
  action_domains: string;
  details: string;
}

/** Per object: findings of any status, open ones (in the latest version where that applies), their rules, the latest message time. */
interface ObjectFindings {
  all: number;
  openText: number;
  openFile: number;
  rules: Set<string>;
}

function emptyFindings(): ObjectFindings {
  return { all: 0, openText: 0, openFile: 0, rules: new Set() };
}

/**
 * The workspace's inventory as stored, with what the findings say about each object now. A part
 * never fetched, or whose last fetch failed, is listed in `unavailable` (its stored rows, if any,
 * are still returned for listing).
 */
export function loadInventory(db: Db, workspaceId: string): WorkspaceInventory {
  const refreshes = new Map(inventoryRefreshes(db, workspaceId).map((r) => [r.part, r]));
  const unavailable: WorkspaceInventory['unavailable'] = {};
  for (const part of INVENTORY_PARTS) {
    const r = refreshes.get(part);
    if (r === undefined) unavailable[part] = 'never fetched (leakwatch inventory --refresh, or the daemon, fetches it)';
    else if (r.error !== null) unavailable[part] = `the last refresh (${r.attemptedAt}) failed: ${r.error}${r.refreshedAt === null ? '' : ` (rows as of ${r.refreshedAt})`}`;
  }
  const objects = db.prepare(`SELECT kind, id, name, owner_id, owner_email, created_at, updated_at, visibility, permissions, recipients, tools,
      action_domains, details FROM inventory_objects WHERE workspace_id = ? ORDER BY kind, id`).all(workspaceId) as StoredObject[];
  const gptLike = objects.filter((o) => o.kind === 'gpt' || o.kind === 'project').map((o) => gptOf(o));
  const found = objectFindings(db, workspaceId, gptLike);
  const withFindings = (g: InventoryGpt): InventoryGpt => {
    const f = found.get(`${g.kind}:${g.id}`) ?? emptyFindings();
    return { ...g, findings: f.all, openTextFindings: f.openText, openFileFindings: f.openFile, openRules: [...f.rules].sort() };
  };
  const gpts = gptLike.map(withFindings);
  // Findings in texts never scanned would read as "none": say so instead (the checks reading them report an error).
  const scannedBy = db.prepare('SELECT 1 FROM scanned_items WHERE source = ? AND item_key >= ? AND item_key < ? LIMIT 1');
  const everScanned = (source: string): boolean => scannedBy.get(source, `${workspaceId}:`, `${workspaceId};`) !== undefined;
  if (gpts.length > 0 && !everScanned('gpts') && !everScanned('projects')) {
    unavailable.gpt_texts = 'GPT and project configurations have not been scanned in this workspace yet: run leakwatch scan (or the daemon) with the gpts and projects sources';
  }
  const automationCount = objects.filter((o) => o.kind === 'automation').length;
  if (automationCount > 0 && !everScanned('automations')) {
    unavailable.automation_prompts = 'automation prompts have not been scanned in this workspace yet: run leakwatch scan (or the daemon) with the automations source';
  }
  return {
    workspaceId,
    refreshedAt: [...refreshes.values()].map((r) => r.refreshedAt ?? '').sort().at(-1) || new Date(0).toISOString(),
    users: loadUsers(db, workspaceId),
    gpts: gpts.filter((g) => g.kind === 'gpt'),
    projects: gpts.filter((g) => g.kind === 'project'),
    automations: objects.filter((o) => o.kind === 'automation').map((o): InventoryAutomation => {
      const d = JSON.parse(o.details) as { schedule?: string | null; enabled?: boolean | null };
      const f = found.get(`automation:${o.id}`) ?? emptyFindings();
      return {
        id: o.id, userId: o.owner_id ?? '', userEmail: o.owner_email, title: o.name, schedule: d.schedule ?? null, enabled: d.enabled ?? null,
        findings: f.all, openFindings: f.openText, openRules: [...f.rules].sort(),
      };
    }),
    codexEnvironments: objects.filter((o) => o.kind === 'codex_environment').map((o): InventoryCodexEnvironment => {
      const d = JSON.parse(o.details) as { envVarNames?: string[]; secretNames?: string[] };
      return {
        id: o.id, name: o.name, createdAt: o.created_at, updatedAt: o.updated_at, envVarNames: d.envVarNames ?? [], secretNames: d.secretNames ?? [],
        findings: found.get(`codex_environment:${o.id}`)?.all ?? 0,
      };
    }),
    unavailable,
  };
}

function gptOf(o: StoredObject): InventoryGpt {
  const d = JSON.parse(o.details) as { configId?: string | null; fileIds?: string[] };
  const perms = o.permissions === null ? null : (JSON.parse(o.permissions) as InventoryGpt['permissions']);
  return {
    kind: o.kind as 'gpt' | 'project', id: o.id, name: o.name, ownerId: o.owner_id, ownerEmail: o.owner_email, createdAt: o.created_at,
    updatedAt: o.updated_at, configId: d.configId ?? null, visibility: o.visibility, permissions: perms,
    recipients: JSON.parse(o.recipients) as InventoryGpt['recipients'], tools: JSON.parse(o.tools) as string[],
    actionDomains: JSON.parse(o.action_domains) as string[], fileIds: d.fileIds ?? [],
    lastActivity: o.updated_at ?? o.created_at, findings: 0, openTextFindings: 0, openFileFindings: 0, openRules: [],
  };
}

function loadUsers(db: Db, workspaceId: string): InventoryUser[] {
  return db.prepare(`SELECT u.id, u.email, u.name, u.role, u.status, u.created_at AS createdAt, a.last AS lastActivity, COALESCE(a.n, 0) AS findings
    FROM inventory_users u LEFT JOIN (
      SELECT user_id, COUNT(*) AS n, MAX(message_time) AS last FROM findings
      WHERE workspace_id = ? AND user_id IS NOT NULL AND source_kind != 'posture' GROUP BY user_id
    ) a ON a.user_id = u.id
    WHERE u.workspace_id = ? ORDER BY u.id`).all(workspaceId, workspaceId) as InventoryUser[];
}

/**
 * Findings per object, keyed `<kind>:<id>`: in its texts (source_kind gpt, project, automation,
 * codex_environment with object_id = its id; open ones only in the latest configuration of a GPT
 * or project) and in a GPT's or project's knowledge files (file findings whose content is attached
 * there, per file_refs; open ones only in the files of the latest configuration).
 */
function objectFindings(db: Db, workspaceId: string, gpts: readonly InventoryGpt[]): Map<string, ObjectFindings> {
  const out = new Map<string, ObjectFindings>();
  const of = (key: string): ObjectFindings => {
    let f = out.get(key);
    if (f === undefined) out.set(key, (f = emptyFindings()));
    return f;
  };
  const latest = new Map(gpts.map((g) => [`${g.kind}:${g.id}`, g]));
  const texts = db.prepare(`SELECT source_kind AS kind, object_id AS id, object_version AS version, rule_id AS rule, ${OPEN} AS open, COUNT(*) AS n
    FROM findings WHERE workspace_id = ? AND source_kind IN ('gpt', 'project', 'automation', 'codex_environment') AND object_id IS NOT NULL
    GROUP BY kind, id, version, rule, open`).all(workspaceId) as { kind: string; id: string; version: string | null; rule: string; open: number; n: number }[];
  for (const t of texts) {
    const key = `${t.kind}:${t.id}`;
    const f = of(key);
    f.all += t.n;
    const g = latest.get(key);
    // A GPT's or project's earlier configurations no longer hold the value: only the latest one counts as open.
    const current = g === undefined || g.configId === null || t.version === null || t.version === g.configId;
    if (t.open === 1 && current) {
      f.openText += t.n;
      f.rules.add(t.rule);
    }
  }
  const files = db.prepare(`SELECT DISTINCT r.place_kind AS kind, r.conversation_id AS id, r.file_id AS fileId, f.id AS findingId, f.rule_id AS rule, ${OPEN.replace('status', 'f.status')} AS open
    FROM file_refs r JOIN findings f ON f.file_sha256 = r.sha256 AND f.workspace_id = r.workspace_id AND f.source_kind = 'file'
    WHERE r.workspace_id = ? AND r.place_kind IN ('gpt', 'project')`).all(workspaceId) as { kind: string; id: string; fileId: string; findingId: number; rule: string; open: number }[];
  const counted = new Map<string, { all: Set<number>; open: Set<number> }>();
  for (const r of files) {
    const key = `${r.kind}:${r.id}`;
    const f = of(key);
    const seen = counted.get(key) ?? { all: new Set<number>(), open: new Set<number>() };
    counted.set(key, seen);
    if (!seen.all.has(r.findingId)) {
      seen.all.add(r.findingId);
      f.all++;
    }
    const g = latest.get(key);
    const current = g === undefined || g.fileIds.includes(r.fileId);
    if (r.open === 1 && current && !seen.open.has(r.findingId)) {
      seen.open.add(r.findingId);
      f.openFile++;
      f.rules.add(r.rule);
    }
  }
  return out;
}
