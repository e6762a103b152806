import type { InventoryGpt, WorkspaceInventory } from '../types.js';
import { domainListed, emailDomain, normalizeDomain } from './domains.js';
import type { PostureCheck, PostureFailure, PostureSubject } from './types.js';

/**
 * The workspace posture checks (issue 10): pure functions over a WorkspaceInventory. Their ids are
 * the rule ids of `posture` findings and are stable (the simulator's ground truth and users'
 * policies name them). Failures come out in a stable order (inventory order, which the store
 * keeps sorted by id). README "Posture checks" prints this table.
 */

export interface WorkspacePostureParams {
  /** posture.allowed_action_domains: hosts GPT actions may call (a listed domain allows its subdomains). */
  allowedActionDomains: readonly string[];
  /** posture.company_domains: the company's e-mail domains; empty = user-external-domain is skipped. */
  companyDomains: readonly string[];
}

export type WorkspaceCheck = PostureCheck<WorkspaceInventory, WorkspacePostureParams>;

/** Visibilities that reach people outside the workspace (anyone with the link, or the public GPT store). */
export const PUBLIC_VISIBILITIES: readonly string[] = ['anyone-with-link', 'gpt-store'];

function subjectOf(g: InventoryGpt): PostureSubject {
  return { type: g.kind, id: g.id, label: g.name };
}

function both(inv: WorkspaceInventory): InventoryGpt[] {
  return [...inv.gpts, ...inv.projects];
}

/** A GPT's or project's failure concerns its owner. */
const ownerOf = (g: InventoryGpt): { id: string | null; email: string | null } => ({ id: g.ownerId, email: g.ownerEmail });

const what = (g: InventoryGpt): string => (g.kind === 'gpt' ? 'GPT' : 'project');
const named = (g: InventoryGpt): string => `${what(g)} ${g.name === null || g.name === '' ? g.id : `"${g.name}"`}`;

export const sharedPublicly: WorkspaceCheck = {
  id: 'shared-publicly',
  scope: 'workspace',
  title: 'GPT or project shared publicly or with anyone with the link',
  severity: 'high',
  rationale: 'Anyone holding the link (or anyone at all, in the GPT store) can use it and, with its configuration, read its instructions and knowledge files: company data leaves the workspace without a login.',
  remediation: 'Set its sharing to invite-only or the workspace (GPT or project settings > Share), or move what is confidential out of its instructions and knowledge files.',
  reads: ['gpts', 'projects'],
  evaluate(inv) {
    return both(inv).filter((g) => g.visibility !== null && PUBLIC_VISIBILITIES.includes(g.visibility)).map((g): PostureFailure => ({
      subject: subjectOf(g),
      summary: `${named(g)} is shared ${g.visibility === 'gpt-store' ? 'in the public GPT store' : 'with anyone with the link'}`,
      evidence: { visibility: g.visibility, owner: g.ownerEmail ?? g.ownerId, recipients: g.recipients.length, can_view_config: g.permissions?.canViewConfig ?? null },
      user: ownerOf(g),
    }));
  },
};

export const actionDomainNotAllowed: WorkspaceCheck = {
  id: 'action-domain-not-allowed',
  scope: 'workspace',
  title: 'GPT action calls a domain outside the allowlist',
  severity: 'high',
  rationale: 'A custom action sends what users type (and what the GPT reads) to its domain: an unknown domain is a data path out of the company.',
  remediation: 'Remove the action or change it to an approved service; if the domain is approved, add it to posture.allowed_action_domains.',
  reads: ['gpts', 'projects'],
  evaluate(inv, params) {
    return both(inv).flatMap((g): PostureFailure[] => {
      const outside = g.actionDomains.filter((d) => !domainListed(d, params.allowedActionDomains));
      if (outside.length === 0) return [];
      return [{
        subject: subjectOf(g),
        summary: `${named(g)} has actions calling ${outside.join(', ')}, not in posture.allowed_action_domains`,
        evidence: { domains_not_allowed: outside, action_domains: g.actionDomains, allowlist_entries: params.allowedActionDomains.length, visibility: g.visibility },
        user: ownerOf(g),
      }];
    });
  },
};

export const instructionsOrFilesContainFindings: WorkspaceCheck = {
  id: 'instructions-or-files-contain-findings',
  scope: 'workspace',
  title: 'GPT or project instructions or knowledge files contain findings',
  severity: 'high',
  rationale: 'Everyone who can use a GPT or project can make it repeat its instructions and quote its knowledge files: a secret or personal data there is shared with all of them.',
  remediation: 'Remove the values from the instructions and knowledge files (leakwatch findings lists them with their location), rotate any secret, then triage the findings.',
  reads: ['gpts', 'projects', 'gpt_texts'],
  evaluate(inv) {
    return both(inv).filter((g) => g.openTextFindings + g.openFileFindings > 0).map((g): PostureFailure => ({
      subject: subjectOf(g),
      summary: `${named(g)} has ${g.openTextFindings} open finding(s) in its configuration texts and ${g.openFileFindings} in its knowledge files`,
      evidence: { text_findings: g.openTextFindings, file_findings: g.openFileFindings, rules: g.openRules, config: g.configId, visibility: g.visibility },
      user: ownerOf(g),
    }));
  },
};

export const automationPromptContainsFindings: WorkspaceCheck = {
  id: 'automation-prompt-contains-findings',
  scope: 'workspace',
  title: 'Automation prompt contains findings',
  severity: 'medium',
  rationale: 'A scheduled automation sends its prompt again on every run: a value in it is re-sent (and its answers re-created) until someone edits it.',
  remediation: 'Edit or delete the automation so its prompt no longer holds the value (ask its owner), rotate any secret, then triage the findings.',
  reads: ['automations', 'automation_prompts'],
  evaluate(inv) {
    return inv.automations.filter((a) => a.openFindings > 0).map((a): PostureFailure => ({
      subject: { type: 'automation', id: a.id, label: a.title },
      summary: `automation ${a.title === null || a.title === '' ? a.id : `"${a.title}"`} of ${a.userEmail ?? a.userId} has ${a.openFindings} open finding(s) in its prompt or title`,
      evidence: { findings: a.openFindings, rules: a.openRules, owner: a.userEmail ?? a.userId, schedule: a.schedule, enabled: a.enabled },
      user: { id: a.userId, email: a.userEmail },
    }));
  },
};

export const userExternalDomain: WorkspaceCheck = {
  id: 'user-external-domain',
  scope: 'workspace',
  title: 'User with an e-mail domain outside the company',
  severity: 'medium',
  rationale: 'A member whose address is not the company\'s (a contractor, a personal address, a former acquisition) sees shared GPTs, projects and workspace data and is easy to overlook when access is reviewed.',
  remediation: 'Confirm the member should be in the workspace and remove them if not; if the domain is the company\'s, add it to posture.company_domains.',
  reads: ['users'],
  skip: (params) => (params.companyDomains.length === 0 ? 'not configured: list the company\'s e-mail domains in posture.company_domains' : null),
  evaluate(inv, params) {
    return inv.users.flatMap((u): PostureFailure[] => {
      const domain = emailDomain(u.email);
      if (domain === null || domainListed(domain, params.companyDomains)) return [];
      return [{
        subject: { type: 'user', id: u.id, label: u.email },
        summary: `user ${u.email ?? u.id} has the e-mail domain ${domain}, not one of posture.company_domains`,
        evidence: { domain, role: u.role, status: u.status },
        user: { id: u.id, email: u.email },
      }];
    });
  },
};

/** Shared beyond its owner: any visibility but invite-only, or invite-only with recipients. */
export function isShared(g: InventoryGpt): boolean {
  return (g.visibility !== null && g.visibility !== 'invite-only') || g.recipients.length > 0;
}

export const inactiveUserOwnsSharedGpt: WorkspaceCheck = {
  id: 'inactive-user-owns-shared-gpt',
  scope: 'workspace',
  title: 'Deactivated user still owns a shared GPT',
  severity: 'medium',
  rationale: 'Nobody answers for a GPT whose owner was deactivated, yet others still use it: its instructions, files and actions are no longer maintained or reviewed.',
  remediation: 'Transfer each GPT to an active owner or stop sharing it (invite-only, no recipients), and review its instructions, files and actions.',
  reads: ['gpts', 'users'],
  evaluate(inv) {
    return inv.users.filter((u) => u.status === 'inactive').flatMap((u): PostureFailure[] => {
      const shared = inv.gpts.filter((g) => g.ownerId === u.id && isShared(g));
      if (shared.length === 0) return [];
      return [{
        subject: { type: 'user', id: u.id, label: u.email },
        summary: `deactivated user ${u.email ?? u.id} owns ${shared.length} shared GPT(s): ${shared.map((g) => (g.name === null || g.name === '' ? g.id : `"${g.name}"`)).join(', ')}`,
        evidence: { status: u.status, gpts: shared.map((g) => g.id), visibilities: [...new Set(shared.map((g) => g.visibility ?? 'unknown'))] },
        user: { id: u.id, email: u.email },
      }];
    });
  },
};

export const ownerLeft: WorkspaceCheck = {
  id: 'owner-left',
  scope: 'workspace',
  title: 'GPT or project owner is no longer in the workspace',
  severity: 'medium',
  rationale: 'An owner who left the workspace cannot maintain or retire what they built, and the objects they own are easily forgotten while still in use.',
  remediation: 'Assign an owner who is a member (or delete the GPT or project), and review its sharing and contents.',
  reads: ['gpts', 'projects', 'users'],
  evaluate(inv) {
    const ids = new Set(inv.users.map((u) => u.id));
    return both(inv).filter((g) => g.ownerId !== null && !ids.has(g.ownerId)).map((g): PostureFailure => ({
      subject: subjectOf(g),
      summary: `${named(g)} is owned by ${g.ownerEmail ?? g.ownerId}, who is not among the workspace's users`,
      evidence: { owner_id: g.ownerId, owner_email: g.ownerEmail, visibility: g.visibility },
      user: ownerOf(g),
    }));
  },
};

export const codexEnvironmentStoresSecrets: WorkspaceCheck = {
  id: 'codex-environment-stores-secrets',
  scope: 'workspace',
  title: 'Codex environment stores secrets',
  severity: 'medium',
  rationale: 'Secrets stored in a Codex environment are handed to every task run in it: they should be few, scoped, and known to the security team.',
  remediation: 'Check each secret is needed there, scoped to the least privilege and rotated; remove the rest (the values are never read into leakwatch\'s database).',
  reads: ['codex_environments'],
  evaluate(inv) {
    return inv.codexEnvironments.filter((e) => e.secretNames.length > 0).map((e): PostureFailure => ({
      subject: { type: 'codex_environment', id: e.id, label: e.name },
      summary: `Codex environment ${e.name === null || e.name === '' ? e.id : `"${e.name}"`} stores ${e.secretNames.length} secret(s): ${e.secretNames.join(', ')}`,
      evidence: { secret_count: e.secretNames.length, secret_names: e.secretNames, env_var_count: e.envVarNames.length },
    }));
  },
};

/** Every workspace check, in the order `leakwatch posture` prints them. */
export const WORKSPACE_CHECKS: readonly WorkspaceCheck[] = [
  sharedPublicly, actionDomainNotAllowed, instructionsOrFilesContainFindings, automationPromptContainsFindings,
  userExternalDomain, inactiveUserOwnsSharedGpt, ownerLeft, codexEnvironmentStoresSecrets,
];

/** The params from the config's posture block (domains normalized once). */
export function workspaceParams(posture: { allowed_action_domains: readonly string[]; company_domains: readonly string[] }): WorkspacePostureParams {
  const clean = (list: readonly string[]): string[] => list.map(normalizeDomain).filter((d) => d !== '');
  return { allowedActionDomains: clean(posture.allowed_action_domains), companyDomains: clean(posture.company_domains) };
}
