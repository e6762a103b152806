/**
 * The workspace inventory (issue 10) as plain data: what the Compliance API lists of users, custom
 * GPTs, projects, automations and Codex environments, with what leakwatch recorded about each
 * (findings, last activity). Built by app/inventory.ts, stored by store/inventory.ts, read by the
 * posture checks (inventory/posture/workspace-checks.ts) and `leakwatch inventory`. Never holds a
 * secret value: Codex environments keep the names of their variables and secrets only.
 */

/** The parts of a workspace inventory, each fetched (and able to fail) on its own. */
export const INVENTORY_PARTS = ['users', 'gpts', 'projects', 'automations', 'codex_environments'] as const;
export type InventoryPart = (typeof INVENTORY_PARTS)[number];

/**
 * What a check can depend on: a part of the inventory, or the scan of the texts whose findings it
 * reads (`gpt_texts`: GPT and project configurations by the gpts and projects sources;
 * `automation_prompts`: the automations source). A check on findings in texts never scanned would
 * pass for the wrong reason, so it reports an error instead.
 */
export type InventoryAspect = InventoryPart | 'gpt_texts' | 'automation_prompts';

export interface Permissions {
  canRead: boolean;
  canViewConfig: boolean;
  canWrite: boolean;
}

export interface InventoryUser {
  id: string;
  email: string | null;
  name: string | null;
  /** account-owner | account-admin | standard-user */
  role: string | null;
  /** active | inactive */
  status: string | null;
  createdAt: string | null;
  /** The latest message time among this user's recorded findings (leakwatch keeps no other trace of activity). */
  lastActivity: string | null;
  /** Findings recorded for this user (any status). */
  findings: number;
}

/** A custom GPT or a project: the same shape in the API, told apart by `kind`. */
export interface InventoryGpt {
  kind: 'gpt' | 'project';
  id: string;
  name: string | null;
  ownerId: string | null;
  ownerEmail: string | null;
  createdAt: string | null;
  /** When the latest configuration was created (the object's last change). */
  updatedAt: string | null;
  /** The latest configuration's id (gzm_cnf_..., pr_cnf_...): its texts are the ones checked. */
  configId: string | null;
  /** invite-only | workspace-with-link | workspace | anyone-with-link | gpt-store; null for a third-party GPT. */
  visibility: string | null;
  permissions: Permissions | null;
  recipients: { id: string; email: string | null }[];
  /** Tool types of the latest configuration (code_interpreter, browser, dall-e, memory, custom_action). */
  tools: string[];
  /** Hosts the latest configuration's custom actions call, lowercase, each once. */
  actionDomains: string[];
  /** Knowledge files of the latest configuration. */
  fileIds: string[];
  /** The latest of its configuration time and the messages recorded with findings in its files or texts. */
  lastActivity: string | null;
  /** Findings in its texts (any version) and knowledge files, any status. */
  findings: number;
  /** Open (or acknowledged) findings in the latest configuration's texts. */
  openTextFindings: number;
  /** Open (or acknowledged) findings in the latest configuration's knowledge files. */
  openFileFindings: number;
  /** The rules of those open findings, each once, sorted. */
  openRules: string[];
}

export interface InventoryAutomation {
  id: string;
  userId: string;
  userEmail: string | null;
  title: string | null;
  schedule: string | null;
  enabled: boolean | null;
  /** Findings in its title or prompt, any status. */
  findings: number;
  openFindings: number;
  openRules: string[];
}

export interface InventoryCodexEnvironment {
  id: string;
  name: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** Names only: the values are scanned by the scan sources and never kept. */
  envVarNames: string[];
  secretNames: string[];
  findings: number;
}

export interface WorkspaceInventory {
  workspaceId: string;
  /** When it was fetched (ISO 8601). */
  refreshedAt: string;
  users: InventoryUser[];
  gpts: InventoryGpt[];
  projects: InventoryGpt[];
  automations: InventoryAutomation[];
  codexEnvironments: InventoryCodexEnvironment[];
  /** Parts that could not be read, with why: the checks that read them report an error instead of a verdict. */
  unavailable: Partial<Record<InventoryAspect, string>>;
}

/** What the API says of a user (the rest of InventoryUser is read from the findings when loaded). */
export type FetchedUser = Omit<InventoryUser, 'lastActivity' | 'findings'>;
/** What the API says of a GPT or project. */
export type FetchedGpt = Omit<InventoryGpt, 'lastActivity' | 'findings' | 'openTextFindings' | 'openFileFindings' | 'openRules'>;
export type FetchedAutomation = Omit<InventoryAutomation, 'findings' | 'openFindings' | 'openRules'>;
export type FetchedCodexEnvironment = Omit<InventoryCodexEnvironment, 'findings'>;

/** One refresh's worth of a part, as fetched. */
export type FetchedPart =
  | { part: 'users'; rows: FetchedUser[] }
  | { part: 'gpts'; rows: FetchedGpt[] }
  | { part: 'projects'; rows: FetchedGpt[] }
  | { part: 'automations'; rows: FetchedAutomation[] }
  | { part: 'codex_environments'; rows: FetchedCodexEnvironment[] };

/** When a part was last fetched, and why its last attempt failed (if it did). */
export interface PartRefresh {
  part: InventoryPart;
  /** The last attempt (ISO 8601). */
  attemptedAt: string;
  /** The last successful fetch; null if none ever succeeded. */
  refreshedAt: string | null;
  count: number;
  /** The last attempt's error; null when it succeeded. */
  error: string | null;
}
