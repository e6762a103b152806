import type { AdminChecksConfig } from '../../config/schema.js';
import { domainListed, emailDomain } from './domains.js';
import { evaluateChecks } from './evaluate.js';
import type { PostureCheck, PostureCheckResult, PostureFailure } from './types.js';
import type { OrgApiKey, OrgInventory, OrgSection, ProjectApiKey } from './org-inventory.js';

/**
 * The organization posture checks (issue 11): pure functions over the Administration API
 * inventory, thresholds from `admin.checks`. No network, no database, no clock (the
 * inventory's `readAt` is "now"). Failures come in a stable order (by subject id).
 */

/** The thresholds of admin.checks, and the company's e-mail domains (posture.company_domains, shared with the workspace checks). */
export type OrgParams = AdminChecksConfig & { company_domains: readonly string[] };

/** The organization checks' params from the configuration. */
export function orgParams(config: { admin: { checks: AdminChecksConfig }; posture: { company_domains: readonly string[] } }): OrgParams {
  return { ...config.admin.checks, company_domains: config.posture.company_domains };
}
export type OrgCheck = PostureCheck<OrgInventory, OrgParams>;

const DAY = 86_400;

function days(seconds: number): number {
  return Math.floor(seconds / DAY);
}

function iso(unix: number | null): string | null {
  return unix === null ? null : new Date(unix * 1000).toISOString();
}

/** Days since the key was last used, or since it was created when it never was. */
function idleDays(key: OrgApiKey, now: number): number {
  return days(now - (key.lastUsedAt ?? key.createdAt));
}

function keyEvidence(key: OrgApiKey, now: number): PostureFailure['evidence'] {
  return {
    redacted_value: key.redactedValue,
    created_at: iso(key.createdAt),
    last_used_at: iso(key.lastUsedAt),
    age_days: days(now - key.createdAt),
    idle_days: idleDays(key, now),
  };
}

function byId(a: PostureFailure, b: PostureFailure): number {
  return a.subject.id < b.subject.id ? -1 : a.subject.id > b.subject.id ? 1 : 0;
}

function projectKeys(inv: OrgInventory): { key: ProjectApiKey; project: { id: string; name: string | null } }[] {
  return inv.projects.flatMap((p) => p.apiKeys.map((key) => ({ key, project: { id: p.id, name: p.name } })));
}

function domainOf(email: string): string {
  return emailDomain(email) ?? '';
}

function inCompany(email: string, domains: readonly string[]): boolean {
  return domainListed(domainOf(email), domains);
}

export const auditLoggingDisabled: OrgCheck = {
  id: 'audit-logging-disabled',
  scope: 'organization',
  title: 'Audit logging is not activated',
  severity: 'high',
  rationale:
    'Without audit logging the organization keeps no record of who created or deleted API keys, invited users, changed roles or ' +
    'projects: a compromised owner or key leaves no trace, and no investigation can reconstruct what happened.',
  remediation:
    'An organization owner activates it under platform.openai.com Settings > Organization > Data controls > Data retention > ' +
    'Audit logging. Once activated it cannot be switched off again (by design).',
  evaluate(inv) {
    if (inv.auditLogging?.state !== 'inactive') return [];
    return [{
      subject: { type: 'organization', id: inv.organizationId ?? 'organization', label: inv.organizationId },
      summary: 'audit logging is not activated: the Administration API refuses to list the audit log',
      evidence: { endpoint: 'GET /organization/audit_logs', status: inv.auditLogging.status, server_message: inv.auditLogging.message },
    }];
  },
};

export const tooManyOwners: OrgCheck = {
  id: 'too-many-owners',
  scope: 'organization',
  title: 'More organization owners than allowed',
  severity: 'medium',
  rationale:
    'An owner can create Admin API keys, invite and remove anyone, and read or delete every project\'s keys. Each extra owner ' +
    'is one more account whose compromise gives all of that away.',
  remediation: 'Give owners who do not administer the organization the reader role (Settings > Organization > People), or raise admin.checks.max_owners if the number is intended.',
  evaluate(inv, p) {
    const owners = inv.users.filter((u) => u.role === 'owner').sort((a, b) => (a.id < b.id ? -1 : 1));
    if (owners.length <= p.max_owners) return [];
    return [{
      subject: { type: 'organization', id: inv.organizationId ?? 'organization', label: inv.organizationId },
      summary: `${owners.length} owners, more than the allowed ${p.max_owners}`,
      evidence: { owners: owners.length, max_owners: p.max_owners, owner_emails: owners.map((o) => o.email ?? o.id) },
    }];
  },
};

export const adminKeyStale: OrgCheck = {
  id: 'admin-key-stale',
  scope: 'organization',
  title: 'Admin API key too old or unused',
  severity: 'high',
  rationale:
    'An Admin API key manages the whole organization (users, projects, keys). One that is never rotated or no longer used is ' +
    'a standing credential nobody watches: if it leaked, nothing would look unusual.',
  remediation:
    'Delete unused Admin API keys (Settings > Organization > Admin keys); rotate those still in use: create a new key, move the ' +
    'integration to it, delete the old one.',
  evaluate(inv, p) {
    const now = inv.readAt;
    const out: PostureFailure[] = [];
    for (const k of inv.adminKeys) {
      const age = days(now - k.createdAt);
      const idle = idleDays(k, now);
      const reasons = [
        age > p.admin_key_max_age_days ? `created ${age} days ago (limit ${p.admin_key_max_age_days})` : null,
        idle > p.admin_key_unused_days ? `${k.lastUsedAt === null ? 'never used' : 'not used'} for ${idle} days (limit ${p.admin_key_unused_days})` : null,
      ].filter((r) => r !== null);
      if (reasons.length === 0) continue;
      out.push({
        subject: { type: 'admin_api_key', id: k.id, label: k.name },
        summary: `Admin API key ${k.name ?? k.id}: ${reasons.join('; ')}`,
        evidence: { ...keyEvidence(k, now), owner: k.owner.name ?? k.owner.id },
      });
    }
    return out.sort(byId);
  },
};

export const projectKeyUnused: OrgCheck = {
  id: 'project-key-unused',
  scope: 'organization',
  title: 'Project API key unused',
  severity: 'medium',
  rationale:
    'A user\'s project key that nobody has used for weeks is forgotten in a script, a laptop or a CI variable: it still works ' +
    'and still bills, and its leak would go unnoticed. (Service account keys: see service-account-key-unused.)',
  remediation: 'Delete the key in the project\'s API keys page (or through DELETE /organization/projects/{id}/api_keys/{key_id}); its owner can create a new one when needed.',
  evaluate(inv, p) {
    const now = inv.readAt;
    const out: PostureFailure[] = [];
    for (const { key, project } of projectKeys(inv)) {
      if (key.owner.type === 'service_account') continue;
      const idle = idleDays(key, now);
      if (idle <= p.project_key_unused_days) continue;
      out.push({
        subject: { type: 'api_key', id: key.id, label: key.name },
        summary: `key ${key.name ?? key.id} in project ${project.name ?? project.id} ${key.lastUsedAt === null ? 'never used' : 'not used'} for ${idle} days (limit ${p.project_key_unused_days})`,
        evidence: { ...keyEvidence(key, now), project: project.name ?? project.id, owner: key.owner.type === 'user' ? key.owner.email ?? key.owner.id : null },
      });
    }
    return out.sort(byId);
  },
};

export const projectKeyOld: OrgCheck = {
  id: 'project-key-old',
  scope: 'organization',
  title: 'Project API key older than allowed',
  severity: 'low',
  rationale: 'The longer a key lives, the more places it has been copied to. Regular rotation bounds how long a leaked key stays useful.',
  remediation: 'Rotate it: create a new key in the project, move its users to it, delete the old key.',
  evaluate(inv, p) {
    const now = inv.readAt;
    const out: PostureFailure[] = [];
    for (const { key, project } of projectKeys(inv)) {
      const age = days(now - key.createdAt);
      if (age <= p.project_key_max_age_days) continue;
      out.push({
        subject: { type: 'api_key', id: key.id, label: key.name },
        summary: `key ${key.name ?? key.id} in project ${project.name ?? project.id} was created ${age} days ago (limit ${p.project_key_max_age_days})`,
        evidence: { ...keyEvidence(key, now), project: project.name ?? project.id },
      });
    }
    return out.sort(byId);
  },
};

export const projectKeyOwnerLeft: OrgCheck = {
  id: 'project-key-owner-left',
  scope: 'organization',
  title: 'Project API key owned by someone who left',
  severity: 'high',
  rationale:
    'A key whose owner is no longer a member of the organization belongs to nobody: no one rotates it, answers for its use, ' +
    'or knows where it is deployed.',
  remediation: 'Delete the key; if a service still needs it, give that service a service account with its own key.',
  evaluate(inv) {
    const now = inv.readAt;
    const ids = new Set(inv.users.map((u) => u.id));
    const out: PostureFailure[] = [];
    for (const { key, project } of projectKeys(inv)) {
      if (key.owner.type !== 'user' || ids.has(key.owner.id)) continue;
      out.push({
        subject: { type: 'api_key', id: key.id, label: key.name },
        summary: `key ${key.name ?? key.id} in project ${project.name ?? project.id} belongs to ${key.owner.email ?? key.owner.id}, who is not a member of the organization`,
        evidence: { ...keyEvidence(key, now), project: project.name ?? project.id, owner_id: key.owner.id, owner_email: key.owner.email },
      });
    }
    return out.sort(byId);
  },
};

export const serviceAccountKeyUnused: OrgCheck = {
  id: 'service-account-key-unused',
  scope: 'organization',
  title: 'Service account with keys but no recent use',
  severity: 'medium',
  rationale:
    'Service accounts outlive the people who set them up. One whose keys nobody uses any more is a credential for a system ' +
    'that may no longer exist, still able to spend and read project data.',
  remediation: 'Delete the service account (its keys go with it) in the project\'s settings, or its unused keys if the account is still in use.',
  evaluate(inv, p) {
    const now = inv.readAt;
    const out: PostureFailure[] = [];
    for (const project of inv.projects) {
      for (const sa of project.serviceAccounts) {
        const keys = project.apiKeys.filter((k) => k.owner.type === 'service_account' && k.owner.id === sa.id);
        if (keys.length === 0) continue;
        const idle = Math.min(...keys.map((k) => idleDays(k, now)));
        if (idle <= p.service_account_unused_days) continue;
        const lastUse = Math.max(...keys.map((k) => k.lastUsedAt ?? 0));
        out.push({
          subject: { type: 'service_account', id: sa.id, label: sa.name },
          summary: `service account ${sa.name ?? sa.id} in project ${project.name ?? project.id}: none of its ${keys.length} key(s) used for ${idle} days (limit ${p.service_account_unused_days})`,
          evidence: {
            project: project.name ?? project.id, keys: keys.length, key_redacted_values: keys.map((k) => k.redactedValue ?? k.id),
            last_used_at: iso(lastUse === 0 ? null : lastUse), idle_days: idle,
          },
        });
      }
    }
    return out.sort(byId);
  },
};

export const invitePendingTooLong: OrgCheck = {
  id: 'invite-pending-too-long',
  scope: 'organization',
  title: 'Invite pending too long',
  severity: 'low',
  rationale:
    'A pending invite is an open door: whoever controls that mailbox (a former employee\'s, a typo\'d address) can join with ' +
    'the invited role. Invites nobody accepted within days were usually sent in error or are no longer wanted.',
  remediation: 'Delete the invite (Settings > Organization > People > Invites) and send a new one if the person still needs access.',
  evaluate(inv, p) {
    const now = inv.readAt;
    const out: PostureFailure[] = [];
    for (const i of inv.invites) {
      if (i.status !== 'pending') continue;
      const pending = days(now - i.invitedAt);
      if (pending <= p.invite_pending_days) continue;
      out.push({
        subject: { type: 'invite', id: i.id, label: i.email },
        summary: `invite of ${i.email} (${i.role ?? 'role unknown'}) pending for ${pending} days (limit ${p.invite_pending_days})`,
        evidence: { email: i.email, role: i.role, invited_at: iso(i.invitedAt), expires_at: iso(i.expiresAt), pending_days: pending },
      });
    }
    return out.sort(byId);
  },
};

export const memberExternalDomain: OrgCheck = {
  id: 'member-external-domain',
  scope: 'organization',
  title: 'Member or invite outside the company\'s domains',
  severity: 'medium',
  rationale:
    'A member with a private or third-party e-mail address is outside the company\'s identity provider: leaving the company ' +
    'does not end their access, and their account is protected only by whatever they chose. Skipped (not configured) while posture.company_domains is empty.',
  remediation: 'Remove the member (or delete the invite) and invite the person with their company address; list partner domains in posture.company_domains if they are intended.',
  skip: (p) => (p.company_domains.length === 0 ? 'not configured: list the company\'s e-mail domains in posture.company_domains' : null),
  evaluate(inv, p) {
    if (p.company_domains.length === 0) return [];
    const out: PostureFailure[] = [];
    for (const u of inv.users) {
      if (u.email === null || inCompany(u.email, p.company_domains)) continue;
      out.push({
        subject: { type: 'user', id: u.id, label: u.email },
        summary: `member ${u.email} (${u.role}) is outside the company's domains`,
        evidence: { email: u.email, domain: domainOf(u.email), role: u.role, company_domains: p.company_domains },
      });
    }
    for (const i of inv.invites) {
      if (i.status !== 'pending' || inCompany(i.email, p.company_domains)) continue;
      out.push({
        subject: { type: 'invite', id: i.id, label: i.email },
        summary: `pending invite of ${i.email} (${i.role ?? 'role unknown'}) is outside the company's domains`,
        evidence: { email: i.email, domain: domainOf(i.email), role: i.role, company_domains: p.company_domains },
      });
    }
    return out.sort(byId);
  },
};

function measuredProjects(inv: OrgInventory): OrgInventory['projects'] {
  return inv.projects.filter((p) => p.rateLimits !== null && p.rateLimits.length > 0);
}

export const projectWithoutLimits: OrgCheck = {
  id: 'project-without-limits',
  scope: 'organization',
  title: 'Project without its own rate limits',
  severity: 'low',
  rationale:
    'A project can only lower the organization\'s per-model rate limits. One that never did can spend the whole organization\'s ' +
    'quota: a leaked key of it costs as much as a leaked key can. The Administration API exposes rate limits, not budgets; a ' +
    'project counts as limited when at least one model\'s requests or tokens per minute is below the highest value any project has for that model.',
  remediation: 'Set per-model limits for the project (its Limits page, or POST /organization/projects/{id}/rate_limits/{rate_limit_id}) and a budget in its billing settings.',
  // With fewer than two projects whose limits were read there is nothing to compare with (the
  // organization's own limits are not exposed): skipped, not a pass on missing evidence.
  skip: (_p, inv) => (measuredProjects(inv).length < 2
    ? 'not measurable: fewer than two projects with rate limits to compare (the organization\'s own limits are not exposed)' : null),
  evaluate(inv) {
    const measured = measuredProjects(inv);
    if (measured.length < 2) return [];
    const ceiling = new Map<string, { rpm: number; tpm: number }>();
    for (const p of measured) {
      for (const l of p.rateLimits ?? []) {
        const c = ceiling.get(l.model) ?? { rpm: 0, tpm: 0 };
        ceiling.set(l.model, { rpm: Math.max(c.rpm, l.maxRequestsPerMinute ?? 0), tpm: Math.max(c.tpm, l.maxTokensPerMinute ?? 0) });
      }
    }
    const out: PostureFailure[] = [];
    for (const p of measured) {
      const limits = p.rateLimits ?? [];
      const lowered = limits.some((l) => {
        const c = ceiling.get(l.model);
        return c !== undefined && ((l.maxRequestsPerMinute ?? 0) < c.rpm || (l.maxTokensPerMinute ?? 0) < c.tpm);
      });
      if (lowered) continue;
      out.push({
        subject: { type: 'project', id: p.id, label: p.name },
        summary: `project ${p.name ?? p.id} has the highest rate limits of the organization for every model (${limits.length} models): nothing was lowered`,
        evidence: { project: p.name ?? p.id, models: limits.map((l) => `${l.model}: ${l.maxRequestsPerMinute ?? '-'} rpm, ${l.maxTokensPerMinute ?? '-'} tpm`) },
      });
    }
    return out.sort(byId);
  },
};

/** The inventory sections each check reads: one that could not be read makes the check's result `error`. */
export const ORG_CHECK_NEEDS: Readonly<Record<string, readonly OrgSection[]>> = {
  'audit-logging-disabled': ['audit_logging'],
  'too-many-owners': ['users'],
  'admin-key-stale': ['admin_keys'],
  'project-key-unused': ['projects'],
  'project-key-old': ['projects'],
  'project-key-owner-left': ['projects', 'users'],
  'service-account-key-unused': ['projects'],
  'invite-pending-too-long': ['invites'],
  'member-external-domain': ['users', 'invites'],
  'project-without-limits': ['projects', 'rate_limits'],
};

/** Every organization check, each declaring the sections it reads (ORG_CHECK_NEEDS). */
export const ORG_CHECKS: readonly OrgCheck[] = [
  auditLoggingDisabled, tooManyOwners, adminKeyStale, projectKeyUnused, projectKeyOld, projectKeyOwnerLeft,
  serviceAccountKeyUnused, invitePendingTooLong, memberExternalDomain, projectWithoutLimits,
].map((check) => ({ ...check, reads: ORG_CHECK_NEEDS[check.id] ?? [] }));

/**
 * The organization checks over one inventory through the posture framework's evaluator: a check
 * whose sections could not be read is an `error`, never a pass; one not configured is `skipped`.
 */
export function evaluateOrgChecks(inv: OrgInventory, params: OrgParams, checks: readonly OrgCheck[] = ORG_CHECKS): PostureCheckResult[] {
  return evaluateChecks(checks, inv, params, inv.unavailable);
}
