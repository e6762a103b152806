import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Argv } from 'yargs';
import { LeakwatchError } from '../../errors.js';
import { createRuntime } from '../../app/runtime.js';
import { refreshInventory } from '../../app/inventory.js';
import { openDb } from '../../store/db.js';
import { loadInventory } from '../../store/inventory.js';
import type { InventoryPart, WorkspaceInventory } from '../../inventory/types.js';
import type { Config } from '../../config/schema.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';
import { renderRows, type OutputFormat } from '../format.js';

/** What `leakwatch inventory` lists; `codex-environments` is the codex_environments part. */
export const INVENTORY_KINDS = ['users', 'gpts', 'projects', 'automations', 'codex-environments'] as const;
type InventoryKind = (typeof INVENTORY_KINDS)[number];

export interface InventoryArgs extends GlobalArgs {
  kind: InventoryKind;
  format?: OutputFormat;
  workspace?: string[];
  refresh?: boolean;
}

export function inventoryBuilder(y: Argv): Argv<InventoryArgs> {
  return y
    .positional('kind', { type: 'string', choices: [...INVENTORY_KINDS], describe: 'what to list' })
    .option('format', { type: 'string', choices: ['table', 'json', 'csv'], default: 'table', describe: 'table, JSON Lines (one object per line, lists as arrays), or formula-safe CSV' })
    .option('workspace', { type: 'string', array: true, describe: 'only this workspace id (repeatable); default: every configured workspace' })
    .option('refresh', { type: 'boolean', default: false, describe: 'fetch the inventory from the Compliance API first (otherwise: as the daemon or the last refresh stored it)' }) as unknown as Argv<InventoryArgs>;
}

function partOf(kind: InventoryKind): InventoryPart {
  return kind === 'codex-environments' ? 'codex_environments' : kind;
}

/** The columns of each listing: the table shows the short ones, JSON and CSV every one. */
const COLUMNS: Record<InventoryKind, { table: string[]; all: string[] }> = {
  users: {
    table: ['workspace', 'id', 'email', 'name', 'role', 'status', 'last_activity', 'findings'],
    all: ['workspace', 'id', 'email', 'name', 'role', 'status', 'created_at', 'last_activity', 'findings'],
  },
  gpts: {
    table: ['workspace', 'id', 'name', 'owner', 'visibility', 'recipients', 'tools', 'action_domains', 'files', 'updated_at', 'findings', 'open_findings'],
    all: ['workspace', 'id', 'name', 'owner_id', 'owner', 'created_at', 'updated_at', 'config_id', 'visibility', 'permissions', 'recipients', 'recipient_list',
      'tools', 'action_domains', 'files', 'last_activity', 'findings', 'open_findings', 'open_rules'],
  },
  projects: { table: [], all: [] },
  automations: {
    table: ['workspace', 'id', 'title', 'owner', 'schedule', 'enabled', 'findings', 'open_findings'],
    all: ['workspace', 'id', 'title', 'owner_id', 'owner', 'schedule', 'enabled', 'findings', 'open_findings', 'open_rules'],
  },
  'codex-environments': {
    table: ['workspace', 'id', 'name', 'updated_at', 'env_vars', 'secrets', 'secret_names', 'findings'],
    all: ['workspace', 'id', 'name', 'created_at', 'updated_at', 'env_vars', 'env_var_names', 'secrets', 'secret_names', 'findings'],
  },
};
COLUMNS.projects = COLUMNS.gpts;

/** One listing's rows as plain objects (lists stay arrays: JSON keeps them, table and CSV join them). */
export function inventoryRows(inv: WorkspaceInventory, kind: InventoryKind): Record<string, unknown>[] {
  const ws = inv.workspaceId;
  switch (kind) {
    case 'users':
      return inv.users.map((u) => ({
        workspace: ws, id: u.id, email: u.email, name: u.name, role: u.role, status: u.status, created_at: u.createdAt, last_activity: u.lastActivity, findings: u.findings,
      }));
    case 'gpts':
    case 'projects':
      return (kind === 'gpts' ? inv.gpts : inv.projects).map((g) => ({
        workspace: ws, id: g.id, name: g.name, owner_id: g.ownerId, owner: g.ownerEmail ?? g.ownerId, created_at: g.createdAt, updated_at: g.updatedAt,
        config_id: g.configId, visibility: g.visibility,
        permissions: g.permissions === null ? null : (['canRead', 'canViewConfig', 'canWrite'] as const).filter((p) => g.permissions?.[p]).map((p) => p.replace('can', '').toLowerCase()),
        recipients: g.recipients.length, recipient_list: g.recipients.map((r) => r.email ?? r.id), tools: g.tools, action_domains: g.actionDomains,
        files: g.fileIds.length, last_activity: g.lastActivity, findings: g.findings, open_findings: g.openTextFindings + g.openFileFindings, open_rules: g.openRules,
      }));
    case 'automations':
      return inv.automations.map((a) => ({
        workspace: ws, id: a.id, title: a.title, owner_id: a.userId, owner: a.userEmail ?? a.userId, schedule: a.schedule, enabled: a.enabled,
        findings: a.findings, open_findings: a.openFindings, open_rules: a.openRules,
      }));
    case 'codex-environments':
      return inv.codexEnvironments.map((e) => ({
        workspace: ws, id: e.id, name: e.name, created_at: e.createdAt, updated_at: e.updatedAt, env_vars: e.envVarNames.length, env_var_names: e.envVarNames,
        secrets: e.secretNames.length, secret_names: e.secretNames, findings: e.findings,
      }));
  }
}

/** Lists as text for a table or CSV cell: `a; b; c`. */
function flat(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Array.isArray(v) ? v.join('; ') : v]));
}

export async function inventoryCommand(argv: InventoryArgs): Promise<number> {
  const { config, log, file } = loadCliConfig(argv);
  const ids = selectWorkspaces(config, argv.workspace);
  const part = partOf(argv.kind);
  if (argv.refresh === true) {
    const rt = createRuntime(config, log, { configDir: dirname(file) });
    try {
      for (const id of ids) {
        const r = await refreshInventory(rt, rt.workspace(id));
        for (const p of r.parts.filter((x) => r.failed.includes(x.part))) process.stderr.write(`workspace ${id}: ${p.part} could not be refreshed: ${p.error ?? ''}\n`);
      }
    } finally {
      await rt.close();
    }
  } else if (!existsSync(config.database.path)) {
    throw new LeakwatchError('DB_MISSING', 'config', `no database at ${config.database.path} yet: run leakwatch inventory --refresh (or the daemon) first`);
  }
  const db = openDb(config.database.path, { readonly: true });
  try {
    const rows: Record<string, unknown>[] = [];
    for (const id of ids) {
      const inv = loadInventory(db, id);
      // The part itself, and the scan its findings counts come from.
      const aspects = [part, ...(part === 'gpts' || part === 'projects' ? ['gpt_texts' as const] : part === 'automations' ? ['automation_prompts' as const] : [])];
      for (const a of aspects) {
        const why = inv.unavailable[a];
        if (why !== undefined) process.stderr.write(`workspace ${id}: ${argv.kind}: ${why}\n`);
      }
      rows.push(...inventoryRows(inv, argv.kind));
    }
    const format = argv.format ?? 'table';
    const cols = COLUMNS[argv.kind];
    process.stdout.write(format === 'json' ? renderRows(rows, cols.all, 'json') : renderRows(rows.map(flat), format === 'table' ? cols.table : cols.all, format));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** The workspace ids asked for (each must be configured), or every configured one. */
export function selectWorkspaces(config: Config, asked: readonly string[] | undefined): string[] {
  const configured = config.workspaces.map((w) => w.id);
  if (asked === undefined || asked.length === 0) return configured;
  const unknown = asked.filter((id) => !configured.includes(id));
  if (unknown.length > 0) {
    throw new LeakwatchError('WORKSPACE_UNKNOWN', 'usage', `workspace ${unknown.join(', ')} is not in the configuration (configured: ${configured.join(', ')})`);
  }
  return [...new Set(asked)];
}
