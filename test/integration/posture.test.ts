import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../helpers/harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/servers.js';
import { SIM_ALLOWED_ACTION_DOMAINS, SIM_COMPANY_DOMAINS } from '../../src/simulator/index.js';
import type { GroundTruth, PostureCase } from '../../src/simulator/types.js';
import type { Runtime, WorkspaceRuntime } from '../../src/app/runtime.js';
import { runScan } from '../../src/app/scan.js';
import { refreshInventory } from '../../src/app/inventory.js';
import { POSTURE_ACTOR, runPosture, type PostureRunReport } from '../../src/app/posture.js';
import { loadInventory } from '../../src/store/inventory.js';
import { listFindings } from '../../src/store/queries.js';
import { triageHistory } from '../../src/store/triage.js';

/**
 * Inventory and posture against the simulator: counts equal its ground truth, every posture case
 * it built fails or passes as it says, failures become posture findings that reach a webhook
 * through a policy, and a second run after changes in the simulated workspace shows the change
 * list, the resolved findings and the new score.
 */

const SECRET = 'posture-hook-secret';
let h: Harness;
let hook: WebhookReceiver;
let rt: Runtime;
let ws: WorkspaceRuntime;
let truth: GroundTruth;
let first: PostureRunReport;

function failing(r: PostureRunReport, checkId: string): string[] {
  return (r.results.find((c) => c.checkId === checkId)?.failures ?? []).map((f) => `${f.subject.type}:${f.subject.id}`);
}

/** Scans the sources whose findings the posture checks read (GPTs, projects and their knowledge files, automations), as `leakwatch scan` does. */
async function scanObjects(): Promise<void> {
  const report = await runScan(rt, { since: new Date(Date.now() - 400 * 86_400_000), until: null, source: 'logs', objects: ['gpts', 'projects', 'automations'] });
  expect(report.interrupted).toBe(false);
  expect(report.sources.filter((s) => s.source !== 'logs').map((s) => [s.source, s.status])).toEqual([['gpts', 'complete'], ['projects', 'complete'], ['automations', 'complete']]);
}

beforeAll(async () => {
  h = await harness({ conversations: 5, files: false, brokenFiles: false, objects: {} });
  hook = await startWebhookReceiver({ secret: SECRET });
  rt = h.runtime({
    posture: { company_domains: [...SIM_COMPANY_DOMAINS], allowed_action_domains: [...SIM_ALLOWED_ACTION_DOMAINS] },
    policies: [{ name: 'posture-high', match: { source_kinds: ['posture'], min_severity: 'high' }, actions: { alert: ['hook'] } }],
    alerts: { sinks: { hook: { type: 'webhook', url: hook.url, secret: SECRET } }, per_sink_per_minute: 100_000 },
  });
  ws = rt.workspaces[0]!;
  truth = h.sim.groundTruth();
  await scanObjects();
  first = (await runPosture(rt, { refresh: true }))[0]!;
}, 240_000);

afterAll(async () => {
  await h?.close();
  await hook?.close();
});

describe('inventory', () => {
  it('refreshInventory stores what the simulator lists: counts equal its ground truth', async () => {
    const r = await refreshInventory(rt, ws);
    expect(r.failed).toEqual([]);
    const inv = loadInventory(rt.db, ws.id);
    const t = truth.inventory;
    expect(inv.unavailable).toEqual({});
    expect({
      users: inv.users.length, activeUsers: inv.users.filter((u) => u.status === 'active').length, gpts: inv.gpts.length, projects: inv.projects.length,
      automations: inv.automations.length, codexEnvironments: inv.codexEnvironments.length,
    }).toEqual({ users: t.users, activeUsers: t.activeUsers, gpts: t.gpts, projects: t.projects, automations: t.automations, codexEnvironments: t.codexEnvironments });
    expect(Object.fromEntries(r.parts.map((p) => [p.part, p.count]))).toEqual({
      users: t.users, gpts: t.gpts, projects: t.projects, automations: t.automations, codex_environments: t.codexEnvironments,
    });
    // Knowledge files of the latest configurations, and the findings the scan recorded in them and in the texts.
    const files = new Set([...inv.gpts, ...inv.projects].flatMap((g) => g.fileIds));
    expect(files.size).toBe(t.knowledgeFiles);
    expect([...inv.gpts, ...inv.projects].some((g) => g.openFileFindings > 0)).toBe(true);
    expect(inv.gpts.some((g) => g.tools.includes('custom_action') && g.actionDomains.length > 0)).toBe(true);
    // Codex environments keep names only: no planted value of theirs is anywhere in the inventory tables.
    const stored = JSON.stringify(rt.db.prepare('SELECT * FROM inventory_objects').all()) + JSON.stringify(rt.db.prepare('SELECT * FROM inventory_users').all());
    const envValues = truth.objectPlanted.filter((p) => p.sourceKind === 'codex_environment').map((p) => p.value);
    expect(envValues.length).toBeGreaterThan(0);
    expect(envValues.filter((v) => stored.includes(v))).toEqual([]);
  });
});

describe('posture checks on the simulator', () => {
  const cases = (): PostureCase[] => truth.postureCases;

  it('the simulator built a failing case and a counter-example for every check', () => {
    const ids = [...new Set(cases().map((c) => c.checkId))].sort();
    expect(ids).toEqual(first.checks.map((c) => c.id).sort());
    for (const id of ids) expect(cases().filter((c) => c.checkId === id).map((c) => c.expect).sort(), id).toEqual(expect.arrayContaining(['fail', 'pass']));
  });

  it('each check fails on its case and stays quiet on its counter-example', () => {
    for (const c of cases()) {
      const result = first.results.find((r) => r.checkId === c.checkId);
      expect(result?.status, `${c.checkId} ran`).toMatch(/^(pass|fail)$/);
      const key = `${c.subjectType}:${c.subjectId}`;
      if (c.expect === 'fail') expect(failing(first, c.checkId), `${c.checkId} on ${key}: ${c.note}`).toContain(key);
      else expect(failing(first, c.checkId), `${c.checkId} quiet on ${key}: ${c.note}`).not.toContain(key);
    }
  });

  it('failures are posture findings (rule = check id, object = subject, masked summary) and a policy alerts them to a webhook', async () => {
    const posture = listFindings(rt.db, {}).filter((f) => f.source_kind === 'posture');
    const total = first.results.reduce((n, r) => n + r.failures.length, 0);
    expect(posture).toHaveLength(total);
    expect(first.newFindings).toBe(total);
    const shared = posture.filter((f) => f.rule_id === 'shared-publicly');
    expect(shared.map((f) => f.location)).toEqual(shared.map((f) => `posture:${(f.object_id ?? '').startsWith('g-p-') ? 'project' : 'gpt'}`));
    expect(shared.every((f) => f.category === 'posture' && f.severity === 'high' && f.status === 'open')).toBe(true);
    await rt.actions.flush();
    const bodies = hook.requests.map((r) => JSON.parse(r.body) as { policy: string; findings: { ruleId: string; sourceKind: string; preview: string }[] });
    const alerted = bodies.flatMap((b) => b.findings);
    const high = first.results.filter((r) => r.severity === 'high').reduce((n, r) => n + r.failures.length, 0);
    expect(high).toBeGreaterThan(0);
    expect(alerted).toHaveLength(high);
    expect(alerted.every((f) => f.sourceKind === 'posture')).toBe(true);
    expect(new Set(alerted.map((f) => f.ruleId))).toEqual(new Set(first.results.filter((r) => r.severity === 'high' && r.status === 'fail').map((r) => r.checkId)));
    expect(hook.requests.every((r) => r.signatureValid === true)).toBe(true);
    // Neither the findings nor the alerts carry a planted value (secret names, never values).
    const everything = JSON.stringify(posture) + hook.requests.map((r) => r.body).join('');
    expect(truth.objectPlanted.map((p) => p.value).filter((v) => everything.includes(v))).toEqual([]);
  });

  it('a second run with no change: same findings, no new alert, no change listed, same score', async () => {
    const before = hook.requests.length;
    const [again] = await runPosture(rt, { refresh: true });
    expect(again!.newFindings).toBe(0);
    expect(again!.changes).toEqual({ newFailures: [], fixed: [], checkErrors: [], statusChanges: [] });
    expect(again!.score).toBe(first.score);
    expect(again!.previousScore).toBe(first.score);
    await rt.actions.flush();
    expect(hook.requests.length).toBe(before);
  });

  it('after changes in the workspace: fixed failures are listed and resolved, new ones listed and alerted, the score moves; a relapse is a new finding', async () => {
    const fixedCase = cases().find((c) => c.checkId === 'shared-publicly' && c.expect === 'fail' && c.subjectType === 'gpt')!;
    const cleanCase = cases().find((c) => c.checkId === 'shared-publicly' && c.expect === 'pass' && c.subjectType === 'gpt')!;
    // Someone who owns GPTs or projects and no automation (whose leaving would fix an automation failure).
    const inv0 = loadInventory(rt.db, ws.id);
    const leaverId = inv0.users.find((u) => u.status === 'active' && [...inv0.gpts, ...inv0.projects].some((g) => g.ownerId === u.id)
      && !inv0.automations.some((a) => a.userId === u.id))!.id;
    h.sim.setGptSharing(fixedCase.subjectId, { visibility: 'invite-only' });
    h.sim.setGptSharing(cleanCase.subjectId, { visibility: 'gpt-store' });
    const baseline = (await runPosture(rt, { refresh: true }))[0]!;
    const before = hook.requests.length;
    const oldFinding = listFindings(rt.db, {}).find((f) => f.source_kind === 'posture' && f.rule_id === 'shared-publicly'
      && f.object_id === fixedCase.subjectId);
    expect(oldFinding?.status).toBe('resolved');
    expect(triageHistory(rt.db, oldFinding!.id).map((e) => [e.status, e.by])).toEqual([['resolved', POSTURE_ACTOR]]);
    expect(baseline.changes.fixed.map((f) => `${f.checkId} ${f.subject.id}`)).toEqual([`shared-publicly ${fixedCase.subjectId}`]);
    expect(baseline.changes.newFailures.map((f) => `${f.checkId} ${f.subject.id}`)).toContain(`shared-publicly ${cleanCase.subjectId}`);
    expect(baseline.resolvedFindings).toEqual([oldFinding!.id]);

    // A member leaves: the GPTs they own now fail owner-left; the score goes down against the baseline.
    const owned = [...inv0.gpts, ...inv0.projects].filter((g) => g.ownerId === leaverId);
    expect(owned.length).toBeGreaterThan(0);
    h.sim.removeUser(leaverId);
    h.sim.setGptSharing(fixedCase.subjectId, { visibility: 'anyone-with-link' });
    const [after] = await runPosture(rt, { refresh: true });
    const newKeys = after!.changes.newFailures.map((f) => `${f.checkId} ${f.subject.type}:${f.subject.id}`);
    for (const g of owned) expect(newKeys).toContain(`owner-left ${g.kind}:${g.id}`);
    expect(newKeys).toContain(`shared-publicly gpt:${fixedCase.subjectId}`);
    expect(after!.score!).toBeLessThan(baseline.score!);
    expect(after!.previousScore).toBe(baseline.score);
    // The relapse is a new finding (a new episode) and alerts again; the resolved one stays resolved.
    const relapse = listFindings(rt.db, {}).filter((f) => f.source_kind === 'posture' && f.rule_id === 'shared-publicly'
      && f.object_id === fixedCase.subjectId);
    expect(relapse.map((f) => f.status).sort()).toEqual(['open', 'resolved']);
    await rt.actions.flush();
    const newAlerts = hook.requests.slice(before).flatMap((r) => (JSON.parse(r.body) as { findings: { ruleId: string; id: number }[] }).findings);
    expect(newAlerts.map((f) => f.id)).toContain(relapse.find((f) => f.status === 'open')!.id);
  });
});
