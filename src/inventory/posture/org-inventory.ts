/**
 * The organization as the Administration API shows it, as plain data: what the organization
 * posture checks (org-checks.ts) read. Built by inventory/organization.ts; times are Unix seconds.
 */

export interface OrgUser {
  id: string;
  email: string | null;
  name: string | null;
  /** owner | reader. */
  role: string;
  addedAt: number | null;
}

export interface OrgInvite {
  id: string;
  email: string;
  role: string | null;
  /** pending | accepted | expired. */
  status: string;
  invitedAt: number;
  expiresAt: number | null;
}

export type KeyOwner =
  | { type: 'user'; id: string; email: string | null; name: string | null }
  | { type: 'service_account'; id: string; name: string | null }
  | { type: 'unknown' };

export interface OrgApiKey {
  id: string;
  name: string | null;
  /** As the API shows it (`sk-...abc`): never the key itself. */
  redactedValue: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface ProjectApiKey extends OrgApiKey {
  owner: KeyOwner;
}

export interface AdminApiKey extends OrgApiKey {
  owner: { type: string | null; id: string | null; name: string | null };
}

export interface ServiceAccount {
  id: string;
  name: string | null;
  role: string | null;
  createdAt: number | null;
}

export interface RateLimit {
  model: string;
  maxRequestsPerMinute: number | null;
  maxTokensPerMinute: number | null;
}

export interface OrgProject {
  id: string;
  name: string | null;
  createdAt: number | null;
  users: { id: string; email: string | null; role: string | null }[];
  serviceAccounts: ServiceAccount[];
  apiKeys: ProjectApiKey[];
  /** Per-model rate limits; null when they could not be read (see OrgInventory.unavailable). */
  rateLimits: RateLimit[] | null;
}

export type AuditLogging =
  | { state: 'active'; newestEventAt: number | null }
  | { state: 'inactive'; status: number; message: string };

/** The parts of the inventory read separately: a check needing a part that could not be read ends in `error`. */
export type OrgSection = 'users' | 'invites' | 'projects' | 'admin_keys' | 'audit_logging' | 'rate_limits';

export interface OrgInventory {
  /** When it was read (Unix seconds): the checks' "now". */
  readAt: number;
  /** admin.organization_id, when configured. */
  organizationId: string | null;
  users: OrgUser[];
  invites: OrgInvite[];
  /** Active projects (archived ones are not read). */
  projects: OrgProject[];
  adminKeys: AdminApiKey[];
  /** Null when it could not be read (see `unavailable.audit_logging`). */
  auditLogging: AuditLogging | null;
  /** Sections that could not be read, with the reason (e.g. a 403 for a key without that permission). */
  unavailable: Partial<Record<OrgSection, string>>;
}
