/**
 * The synthetic organization behind the simulated workspace, as the Administration API shows it:
 * members taken from the workspace's users, owners, admin and project API keys of every age,
 * service accounts, invites, projects with and without lowered rate limits, audit logging off by
 * default. Each organization posture check has a case that fails and a counter-example that must
 * not; `groundTruth()` lists them. Mutations change the organization between two posture runs.
 */
import { Rng, ALNUM, HEX } from '../random.js';
import { US_PER_S } from '../times.js';
import type { SimUser } from '../types.js';

const DAY = 86_400;

export interface SimOrgUser { id: string; email: string; name: string; role: 'owner' | 'reader'; addedAt: number }
export interface SimInvite { id: string; email: string; role: 'owner' | 'reader'; status: 'pending' | 'accepted' | 'expired'; invitedAt: number; expiresAt: number; acceptedAt: number | null }
export interface SimKey { id: string; name: string; redacted: string; createdAt: number; lastUsedAt: number | null }
export interface SimAdminKey extends SimKey { ownerId: string }
export interface SimProjectKey extends SimKey { owner: { type: 'user'; id: string } | { type: 'service_account'; id: string } }
export interface SimServiceAccount { id: string; name: string; role: 'owner' | 'member'; createdAt: number }
export interface SimRateLimit { id: string; model: string; rpm: number; tpm: number }
export interface SimProject {
  id: string; name: string; status: 'active' | 'archived'; createdAt: number; archivedAt: number | null;
  users: { id: string; role: 'owner' | 'member'; addedAt: number }[];
  serviceAccounts: SimServiceAccount[]; keys: SimProjectKey[]; rateLimits: SimRateLimit[];
}
export interface SimAuditEvent { id: string; type: string; effectiveAt: number; actorEmail: string; targetId: string }

/** One check's cases in the organization as generated (with the default admin.checks thresholds). */
export interface AdminCheckTruth {
  /** Subject ids the check must report. */
  fails: string[];
  /** Subject ids built to look close but that the check must not report. */
  passes: string[];
  /** How the case is built, and the mutation that turns it around. */
  note: string;
}

export interface AdminGroundTruth {
  organizationId: string;
  /** The company's e-mail domain (posture.company_domains for member-external-domain). */
  companyDomain: string;
  /** Keyed by check id. */
  checks: Record<string, AdminCheckTruth>;
}

/** The organization's own per-model limits: a project starts with them and can only lower them. */
const ORG_LIMITS: readonly { model: string; rpm: number; tpm: number }[] = [
  { model: 'gpt-4o', rpm: 10_000, tpm: 30_000_000 },
  { model: 'gpt-4o-mini', rpm: 30_000, tpm: 150_000_000 },
  { model: 'o3', rpm: 10_000, tpm: 30_000_000 },
];

export class SimOrg {
  readonly organizationId: string;
  readonly companyDomain: string;
  /** The key the simulator accepts on /v1/organization (Bearer). */
  readonly adminKey: string;
  auditLogging: boolean;
  users: SimOrgUser[] = [];
  invites: SimInvite[] = [];
  adminKeys: SimAdminKey[] = [];
  projects: SimProject[] = [];
  /** Workspace users who left the organization (they still own keys). */
  readonly departed: SimOrgUser[] = [];
  private readonly truth: AdminGroundTruth;

  constructor(seed: number, wsUsers: readonly SimUser[], nowUs: number, adminKey: string | undefined, auditLogging: boolean) {
    const rng = new Rng(seed, 'admin-org');
    const now = Math.floor(nowUs / US_PER_S);
    const ago = (days: number): number => now - days * DAY;
    this.organizationId = `org-${rng.chars(ALNUM, 24)}`;
    this.adminKey = adminKey ?? `sk-admin-${rng.chars(HEX, 40)}`;
    this.auditLogging = auditLogging;
    // Members are the workspace's people; a small workspace is topped up with people of its domain.
    const first = wsUsers[0];
    this.companyDomain = first ? first.email.slice(first.email.indexOf('@') + 1) : 'example.com';
    const people: SimUser[] = wsUsers.slice(0, 12);
    for (let i = people.length; i < 12; i++) {
      people.push({ id: `user-${rng.chars(ALNUM, 24)}`, email: `staff${i}@${this.companyDomain}`, name: `Staff ${i}`, createdUs: nowUs, role: 'standard-user', status: 'active' });
    }
    const u = (i: number): SimUser => people[i] as SimUser;
    const member = (i: number, role: 'owner' | 'reader', addedDays: number): SimOrgUser =>
      ({ id: u(i).id, email: u(i).email, name: u(i).name, role, addedAt: ago(addedDays) });
    // Four owners: one more than the default admin.checks.max_owners.
    this.users = [
      member(0, 'owner', 700), member(1, 'owner', 650), member(2, 'owner', 400), member(3, 'owner', 90),
      ...[4, 5, 6, 7, 8, 9].map((i) => member(i, 'reader', 300 - i * 10)),
      { id: `user-${rng.chars(ALNUM, 24)}`, email: 'jordan.reyes.consulting@gmail.com', name: 'Jordan Reyes', role: 'reader', addedAt: ago(45) },
    ];
    this.departed.push(member(10, 'reader', 800));
    const external = this.users[this.users.length - 1] as SimOrgUser;
    const departed = this.departed[0] as SimOrgUser;

    const redact = (prefix: string): string => `${prefix}...${rng.chars(ALNUM, 4)}`;
    const key = (id: string, name: string, prefix: string, created: number, used: number | null): SimKey =>
      ({ id, name, redacted: redact(prefix), createdAt: ago(created), lastUsedAt: used === null ? null : ago(used) });
    this.adminKeys = [
      // The key leakwatch reads with: used on every request (the server stamps it).
      { ...key('key_admin_leakwatch', 'leakwatch posture', 'sk-admin', 10, 0), redacted: `sk-admin...${this.adminKey.slice(-4)}`, ownerId: u(0).id },
      { ...key('key_admin_terraform', 'terraform', 'sk-admin', 400, 1), ownerId: u(1).id },
      { ...key('key_admin_audit_script', 'old audit script', 'sk-admin', 90, 45), ownerId: u(2).id },
    ];

    const limits = (pid: string, lowered: boolean): SimRateLimit[] =>
      ORG_LIMITS.map((l) => ({ id: `rl-${pid}-${l.model}`, model: l.model, rpm: lowered && l.model === 'gpt-4o' ? 500 : l.rpm, tpm: lowered && l.model === 'gpt-4o' ? 200_000 : l.tpm }));
    const userKey = (k: SimKey, ownerId: string): SimProjectKey => ({ ...k, owner: { type: 'user', id: ownerId } });
    const saKey = (k: SimKey, saId: string): SimProjectKey => ({ ...k, owner: { type: 'service_account', id: saId } });
    this.projects = [
      {
        id: 'proj_default', name: 'Default project', status: 'active', createdAt: ago(800), archivedAt: null,
        users: [{ id: u(0).id, role: 'owner', addedAt: ago(700) }, { id: u(4).id, role: 'member', addedAt: ago(260) }],
        serviceAccounts: [],
        keys: [userKey(key('key_default_app', 'internal app', 'sk-proj', 30, 2), u(4).id)],
        rateLimits: limits('proj_default', false),
      },
      {
        id: 'proj_support', name: 'Customer Support Bot', status: 'active', createdAt: ago(600), archivedAt: null,
        users: [
          { id: u(1).id, role: 'owner', addedAt: ago(600) },
          ...[5, 6, 7].map((i) => ({ id: u(i).id, role: 'member' as const, addedAt: ago(200) })),
        ],
        serviceAccounts: [
          { id: 'svc_acct_ci', name: 'ci-pipeline', role: 'member', createdAt: ago(100) },
          { id: 'svc_acct_legacy', name: 'legacy-exporter', role: 'member', createdAt: ago(300) },
          { id: 'svc_acct_new', name: 'new-integration', role: 'member', createdAt: ago(5) },
        ],
        keys: [
          userKey(key('key_support_fresh', 'support widget', 'sk-proj', 20, 1), u(5).id),
          userKey(key('key_support_old', 'ticket classifier', 'sk-proj', 500, 3), u(6).id),
          userKey(key('key_support_idle', 'faq experiment', 'sk-proj', 150, 100), u(7).id),
          userKey(key('key_support_never', 'spare key', 'sk-proj', 90, null), u(5).id),
          userKey(key('key_support_departed', 'reporting notebook', 'sk-proj', 200, 150), departed.id),
          userKey(key('key_support_departed_recent', 'on-call runbook', 'sk-proj', 40, 5), departed.id),
          saKey(key('key_svc_ci', 'ci', 'sk-svcacct', 100, 1), 'svc_acct_ci'),
          saKey(key('key_svc_legacy', 'nightly export', 'sk-svcacct', 300, 200), 'svc_acct_legacy'),
        ],
        rateLimits: limits('proj_support', true),
      },
      {
        id: 'proj_research', name: 'Research Sandbox', status: 'active', createdAt: ago(120), archivedAt: null,
        users: [{ id: u(8).id, role: 'owner', addedAt: ago(120) }, { id: external.id, role: 'member', addedAt: ago(45) }],
        serviceAccounts: [],
        keys: [userKey(key('key_research_new', 'evaluation', 'sk-proj', 10, null), u(8).id)],
        rateLimits: limits('proj_research', false),
      },
      {
        id: 'proj_pilot', name: 'Old Pilot', status: 'archived', createdAt: ago(1000), archivedAt: ago(500),
        users: [], serviceAccounts: [],
        keys: [userKey(key('key_pilot_ancient', 'pilot', 'sk-proj', 900, 600), u(9).id)],
        rateLimits: limits('proj_pilot', false),
      },
    ];
    this.invites = [
      { id: 'invite-stale', email: `new.analyst@${this.companyDomain}`, role: 'reader', status: 'pending', invitedAt: ago(30), expiresAt: ago(30) + 90 * DAY, acceptedAt: null },
      { id: 'invite-fresh', email: `summer.intern@${this.companyDomain}`, role: 'reader', status: 'pending', invitedAt: ago(3), expiresAt: ago(3) + 90 * DAY, acceptedAt: null },
      { id: 'invite-accepted', email: u(3).email, role: 'owner', status: 'accepted', invitedAt: ago(92), expiresAt: ago(92) + 90 * DAY, acceptedAt: ago(90) },
      { id: 'invite-partner', email: 'sam@outside-agency.example', role: 'reader', status: 'pending', invitedAt: ago(2), expiresAt: ago(2) + 90 * DAY, acceptedAt: null },
      { id: 'invite-expired', email: 'old.contractor@gmail.com', role: 'reader', status: 'expired', invitedAt: ago(200), expiresAt: ago(110), acceptedAt: null },
    ];
    const org = this.organizationId;
    this.truth = {
      organizationId: org,
      companyDomain: this.companyDomain,
      checks: {
        'audit-logging-disabled': { fails: auditLogging ? [] : [org], passes: auditLogging ? [org] : [], note: 'audit logging off unless started with auditLogging: true; admin.setAuditLogging(true) turns it on' },
        'too-many-owners': { fails: [org], passes: [], note: '4 owners, limit 3; admin.setRole(<an owner>, "reader") makes it pass' },
        'admin-key-stale': { fails: ['key_admin_audit_script', 'key_admin_terraform'], passes: ['key_admin_leakwatch'], note: 'terraform: 400 days old, used yesterday; audit script: 90 days old, idle 45 days; admin.revokeKey(id) removes one' },
        'project-key-unused': {
          fails: ['key_support_departed', 'key_support_idle', 'key_support_never'],
          passes: ['key_default_app', 'key_research_new', 'key_support_fresh', 'key_support_old', 'key_svc_legacy'],
          note: 'idle 100 and 150 days, never used in 90 days; a 10-day-old key never used is not yet unused; service account keys are left to service-account-key-unused',
        },
        'project-key-old': { fails: ['key_support_old'], passes: ['key_pilot_ancient', 'key_support_departed', 'key_svc_legacy'], note: '500 days old; the 900-day key sits in an archived project (not listed)' },
        'project-key-owner-left': { fails: ['key_support_departed', 'key_support_departed_recent'], passes: ['key_support_fresh', 'key_svc_ci'], note: `owned by ${departed.email}, a workspace user who is not an organization member` },
        'service-account-key-unused': { fails: ['svc_acct_legacy'], passes: ['svc_acct_ci', 'svc_acct_new'], note: 'legacy-exporter idle 200 days; ci used yesterday; new-integration has no keys' },
        'invite-pending-too-long': { fails: ['invite-stale'], passes: ['invite-accepted', 'invite-expired', 'invite-fresh', 'invite-partner'], note: 'pending 30 days, limit 14; admin.deleteInvite(id)' },
        'member-external-domain': { fails: ['invite-partner', external.id], passes: this.users.filter((x) => x !== external).map((x) => x.id).concat(['invite-expired', 'invite-fresh']), note: `a gmail.com member and a pending partner invite; company domain ${this.companyDomain}; the expired gmail invite is not pending` },
        'project-without-limits': { fails: ['proj_default', 'proj_research'], passes: ['proj_support'], note: 'support lowered gpt-4o; the other two kept the organization\'s limits; admin.setRateLimit(project, model, rpm, tpm)' },
      },
    };
  }

  groundTruth(): AdminGroundTruth {
    return structuredClone(this.truth);
  }

  /** Audit events, newest first, made from the organization's history (logged only while audit logging is on). */
  auditEvents(): SimAuditEvent[] {
    const events: SimAuditEvent[] = [];
    const owner = this.users[0]?.email ?? 'owner@example.com';
    for (const i of this.invites) events.push({ id: `audit_log-invite-${i.id}`, type: 'invite.sent', effectiveAt: i.invitedAt, actorEmail: owner, targetId: i.id });
    for (const k of this.adminKeys) events.push({ id: `audit_log-key-${k.id}`, type: 'api_key.created', effectiveAt: k.createdAt, actorEmail: owner, targetId: k.id });
    for (const p of this.projects) {
      events.push({ id: `audit_log-project-${p.id}`, type: 'project.created', effectiveAt: p.createdAt, actorEmail: owner, targetId: p.id });
      for (const k of p.keys) events.push({ id: `audit_log-key-${k.id}`, type: 'api_key.created', effectiveAt: k.createdAt, actorEmail: owner, targetId: k.id });
    }
    for (const x of this.users) events.push({ id: `audit_log-user-${x.id}`, type: 'user.added', effectiveAt: x.addedAt, actorEmail: owner, targetId: x.id });
    return events.sort((a, b) => b.effectiveAt - a.effectiveAt || (a.id < b.id ? -1 : 1));
  }

  // Mutations, for tests that change the organization between two posture runs.

  setAuditLogging(on: boolean): void {
    this.auditLogging = on;
  }

  setRole(userId: string, role: 'owner' | 'reader'): void {
    this.user(userId).role = role;
  }

  removeUser(userId: string): void {
    const user = this.user(userId);
    this.users = this.users.filter((x) => x !== user);
    this.departed.push(user);
  }

  /** Deletes an admin or project API key. */
  revokeKey(keyId: string): void {
    const before = this.adminKeys.length + this.projects.reduce((n, p) => n + p.keys.length, 0);
    this.adminKeys = this.adminKeys.filter((k) => k.id !== keyId);
    for (const p of this.projects) p.keys = p.keys.filter((k) => k.id !== keyId);
    if (this.adminKeys.length + this.projects.reduce((n, p) => n + p.keys.length, 0) === before) throw new Error(`simulator: no API key ${keyId}`);
  }

  /** Marks a key as used at `atSeconds` (default: now). */
  touchKey(keyId: string, atSeconds: number = Math.floor(Date.now() / 1000)): void {
    const k = [...this.adminKeys, ...this.projects.flatMap((p) => p.keys)].find((x) => x.id === keyId);
    if (!k) throw new Error(`simulator: no API key ${keyId}`);
    k.lastUsedAt = atSeconds;
  }

  deleteInvite(inviteId: string): void {
    const n = this.invites.length;
    this.invites = this.invites.filter((i) => i.id !== inviteId);
    if (this.invites.length === n) throw new Error(`simulator: no invite ${inviteId}`);
  }

  setRateLimit(projectId: string, model: string, rpm: number, tpm: number): void {
    const limit = this.projects.find((p) => p.id === projectId)?.rateLimits.find((l) => l.model === model);
    if (!limit) throw new Error(`simulator: no rate limit for ${model} in ${projectId}`);
    limit.rpm = rpm;
    limit.tpm = tpm;
  }

  private user(id: string): SimOrgUser {
    const user = this.users.find((x) => x.id === id);
    if (!user) throw new Error(`simulator: no organization user ${id}`);
    return user;
  }
}
