import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { openAdminApi } from '../../src/admin/connect.js';
import { readOrgInventory } from '../../src/inventory/organization.js';
import { ORG_CHECKS, evaluateOrgChecks, orgParams } from '../../src/inventory/posture/org-checks.js';
import type { OrgInventory } from '../../src/inventory/posture/org-inventory.js';
import type { PostureCheckResult } from '../../src/inventory/posture/types.js';
import { LeakwatchError } from '../../src/errors.js';
import { CapturedLog } from '../helpers/harness.js';

/**
 * The organization checks end to end: the real Administration API client reads the simulated
 * organization over loopback (paging two items at a time, through injected 429s and 5xx), then
 * the pure checks run over that inventory and are held to the simulator's ground truth.
 */

let sim: Simulator;
const log = new CapturedLog('warn');

function config(sim: Simulator, admin: Record<string, unknown> = {}): Config {
  return parseConfig({
    workspace_id: sim.workspaceId,
    api: { retry_base_delay_ms: 5, retry_max_delay_ms: 50, max_attempts: 6, request_timeout_seconds: 20 },
    admin: {
      enabled: true, base_url: sim.url, organization_id: sim.admin.organizationId, requests_per_minute: 100_000, page_size: 2,
      ...admin,
    },
    posture: { company_domains: [sim.admin.groundTruth().companyDomain] },
  }, {});
}

async function read(cfg: Config, key: string = sim.adminKey): Promise<OrgInventory> {
  const conn = openAdminApi(cfg, log.logger, { LEAKWATCH_ADMIN_KEY: key });
  try {
    return await readOrgInventory(conn.api, { pageSize: cfg.admin.page_size, organizationId: cfg.admin.organization_id, log: log.logger });
  } finally {
    await conn.close();
  }
}

function failing(results: PostureCheckResult[], id: string): string[] {
  const r = results.find((x) => x.checkId === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r.failures.map((f) => f.subject.id).sort();
}

beforeAll(async () => {
  // A workspace without objects: its users share one domain, the organization's company domain.
  sim = await startSimulator({ seed: 11, users: 20, conversations: 5, historyDays: 10, files: false, objects: false, rateLimits: false });
}, 60_000);

afterAll(async () => {
  await sim.close();
});

describe('organization posture on the simulator', () => {
  it('each check fires on its case and stays quiet on its counter-example', async () => {
    const cfg = config(sim);
    const inv = await read(cfg);
    expect(inv.unavailable).toEqual({});
    // Paging: 11 members read two at a time, the archived project left out.
    expect(inv.users).toHaveLength(11);
    expect(inv.projects.map((p) => p.id).sort()).toEqual(['proj_default', 'proj_research', 'proj_support']);
    expect(sim.stats().byRoute['org-users']).toBeGreaterThanOrEqual(6);

    const results = evaluateOrgChecks(inv, orgParams(cfg));
    const truth = sim.admin.groundTruth();
    expect(Object.keys(truth.checks).sort()).toEqual(ORG_CHECKS.map((c) => c.id).sort());
    for (const check of ORG_CHECKS) {
      const t = truth.checks[check.id]!;
      const got = failing(results, check.id);
      expect(got, check.id).toEqual([...t.fails].sort());
      for (const ok of t.passes) expect(got, `${check.id} must not report ${ok}`).not.toContain(ok);
      expect(results.find((r) => r.checkId === check.id)?.status).toBe('fail');
    }
    // Evidence is what was read, never a key: redacted values only.
    const stale = results.find((r) => r.checkId === 'admin-key-stale')!.failures.find((f) => f.subject.id === 'key_admin_terraform')!;
    expect(stale.evidence.age_days).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(results)).not.toContain(sim.adminKey);
  }, 60_000);

  it('a changed organization changes the verdicts', async () => {
    const cfg = config(sim);
    const truth = sim.admin.groundTruth();
    const owner = (await read(cfg)).users.find((u) => u.role === 'owner')!;
    sim.admin.setAuditLogging(true);
    sim.admin.setRole(owner.id, 'reader');
    sim.admin.revokeKey('key_admin_terraform');
    sim.admin.deleteInvite('invite-stale');
    sim.admin.setRateLimit('proj_research', 'o3', 100, 50_000);
    try {
      const results = evaluateOrgChecks(await read(cfg), orgParams(cfg));
      const status = (id: string): string => results.find((r) => r.checkId === id)!.status;
      expect(status('audit-logging-disabled')).toBe('pass');
      expect(status('too-many-owners')).toBe('pass');
      expect(status('invite-pending-too-long')).toBe('pass');
      expect(failing(results, 'admin-key-stale')).toEqual(['key_admin_audit_script']);
      expect(failing(results, 'project-without-limits')).toEqual(['proj_default']);
      // Unchanged cases still fire.
      expect(failing(results, 'project-key-owner-left')).toEqual(truth.checks['project-key-owner-left']!.fails.sort());
    } finally {
      sim.admin.setAuditLogging(false);
      sim.admin.setRole(owner.id, 'owner');
    }
  }, 60_000);

  it('reads through injected 429s (Retry-After) and 5xx', async () => {
    const cfg = config(sim, { page_size: 100 });
    const clean = evaluateOrgChecks(await read(cfg), orgParams(cfg));
    const before = sim.stats().byStatus;
    sim.setFaults({ every429: 3, retryAfterSeconds: 0, every5xx: 4 });
    try {
      const faulty = evaluateOrgChecks(await read(cfg), orgParams(cfg));
      expect(faulty).toEqual(clean);
      const after = sim.stats().byStatus;
      expect((after['429'] ?? 0) - (before['429'] ?? 0)).toBeGreaterThan(0);
      expect((after['503'] ?? 0) + (after['500'] ?? 0) - (before['503'] ?? 0) - (before['500'] ?? 0)).toBeGreaterThan(0);
      // The retries were logged, the key never.
      expect(log.text()).toContain('request failed, retrying');
      expect(log.text()).not.toContain(sim.adminKey);
    } finally {
      sim.setFaults({});
    }
  }, 60_000);

  it('audit log filters and cursor reach the API', async () => {
    sim.admin.setAuditLogging(true);
    const conn = openAdminApi(config(sim), log.logger, { LEAKWATCH_ADMIN_KEY: sim.adminKey });
    try {
      const since = Math.floor(Date.now() / 1000) - 100 * 86_400;
      const events = await conn.api.all(async (after) => {
        const page = await conn.api.listAuditLogs({ since, eventTypes: ['api_key.created', 'invite.sent'], after, limit: 2 });
        if ('auditLoggingOff' in page) throw new Error('audit logging is on');
        return page;
      }, 'audit logs');
      expect(events.length).toBeGreaterThan(2);
      for (const e of events) {
        expect(['api_key.created', 'invite.sent']).toContain(e.type);
        expect(e.effective_at).toBeGreaterThanOrEqual(since);
      }
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    } finally {
      sim.admin.setAuditLogging(false);
      await conn.close();
    }
  }, 60_000);

  it('a Compliance key, an unknown key or another organization is refused clearly, without echoing the key', async () => {
    for (const [key, org] of [[sim.apiKey, sim.admin.organizationId], ['sk-admin-not-the-right-one-1234', sim.admin.organizationId], [sim.adminKey, 'org-SomeoneElse']] as const) {
      const err = await read(config(sim, { organization_id: org }), key).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LeakwatchError);
      expect((err as LeakwatchError).code).toBe('API_UNAUTHORIZED');
      expect((err as LeakwatchError).message).toMatch(/Admin API key/);
      expect((err as LeakwatchError).message).not.toContain(key);
    }
  }, 60_000);

  it('a section that cannot be read makes the checks needing it an error, not a pass', () => {
    const inv: OrgInventory = {
      readAt: 1_800_000_000, organizationId: null, users: [], invites: [], projects: [], adminKeys: [], auditLogging: null,
      unavailable: { audit_logging: '403 Forbidden on GET /organization/audit_logs' },
    };
    const results = evaluateOrgChecks(inv, orgParams(config(sim)));
    const audit = results.find((r) => r.checkId === 'audit-logging-disabled')!;
    expect(audit.status).toBe('error');
    expect(audit.error).toContain('403');
    expect(results.find((r) => r.checkId === 'too-many-owners')!.status).toBe('pass');
  });
});
