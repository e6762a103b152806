import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, type Harness } from '../helpers/harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/servers.js';
import type { Runtime } from '../../src/app/runtime.js';
import { POSTURE_ACTOR, runPosture, type PostureRunReport } from '../../src/app/posture.js';
import { postureScore } from '../../src/inventory/posture/score.js';
import { listFindings } from '../../src/store/queries.js';
import { triageHistory } from '../../src/store/triage.js';

/**
 * The organization checks through the posture framework (issue 11): a runtime with the admin block
 * on reads the simulated organization with its Admin key, stores the run with its score, records
 * failures as posture findings under the organization id, alerts them through a policy, and a
 * second run after the organization changed lists what was fixed and moves the score.
 */

const SECRET = 'org-hook-secret';
let h: Harness;
let hook: WebhookReceiver;
let rt: Runtime;
let first: PostureRunReport;

const failing = (r: PostureRunReport, checkId: string): string[] => (r.results.find((c) => c.checkId === checkId)?.failures ?? []).map((f) => f.subject.id);

beforeAll(async () => {
  h = await harness({ seed: 11, users: 20, conversations: 5, historyDays: 10, files: false });
  hook = await startWebhookReceiver({ secret: SECRET });
  const keyFile = join(h.dir, 'admin-key');
  writeFileSync(keyFile, `${h.sim.admin.adminKey}\n`, { mode: 0o600 });
  rt = h.runtime({
    admin: { enabled: true, base_url: h.sim.url, organization_id: h.sim.admin.organizationId, api_key_file: keyFile, requests_per_minute: 100_000 },
    posture: { company_domains: [h.sim.admin.groundTruth().companyDomain] },
    inventory: { refresh_minutes: 0 },
    policies: [{ name: 'org-high', match: { source_kinds: ['posture'], categories: ['posture'], min_severity: 'high' }, actions: { alert: ['hook'] } }],
    alerts: { sinks: { hook: { type: 'webhook', url: hook.url, secret: SECRET } }, per_sink_per_minute: 100_000 },
  });
  const reports = await runPosture(rt, { refresh: true, scopes: ['organization'] });
  expect(reports).toHaveLength(1);
  first = reports[0]!;
}, 120_000);

afterAll(async () => {
  await h?.close();
  await hook?.close();
});

describe('organization posture runs', () => {
  it('every organization check fails on its simulated case, under the organization id, with a score by the documented formula', () => {
    const truth = h.sim.admin.groundTruth();
    expect(first.scope).toBe('organization');
    expect(first.subjectId).toBe(h.sim.admin.organizationId);
    for (const [checkId, t] of Object.entries(truth.checks)) {
      expect(failing(first, checkId).sort(), checkId).toEqual([...t.fails].sort());
    }
    expect(first.score).toBe(postureScore(first.results));
    expect(first.score!).toBeLessThan(100);
    expect(first.previousScore).toBeNull();
    const findings = listFindings(rt.db, {}).filter((f) => f.source_kind === 'posture');
    expect(findings).toHaveLength(first.results.reduce((n, r) => n + r.failures.length, 0));
    expect(findings.every((f) => f.workspace_id === h.sim.admin.organizationId && f.conversation_id === null)).toBe(true);
    // The admin key never reaches the database rows, the report or the log.
    expect(JSON.stringify(findings) + JSON.stringify(first) + h.log.text()).not.toContain(h.sim.admin.adminKey);
  });

  it('a failing high-severity check reaches the webhook through its policy', async () => {
    await rt.actions.flush();
    const alerted = hook.requests.flatMap((r) => (JSON.parse(r.body) as { findings: { ruleId: string; sourceKind: string }[] }).findings);
    const high = first.results.filter((r) => r.severity === 'high' && r.status === 'fail');
    expect(high.map((r) => r.checkId)).toContain('audit-logging-disabled');
    expect(new Set(alerted.map((f) => f.ruleId))).toEqual(new Set(high.map((r) => r.checkId)));
    expect(alerted.every((f) => f.sourceKind === 'posture')).toBe(true);
    expect(hook.requests.every((r) => r.signatureValid === true)).toBe(true);
  });

  it('after the organization changed: the fixes are listed, their findings resolved, and the score rises', async () => {
    const audit = listFindings(rt.db, {}).find((f) => f.rule_id === 'audit-logging-disabled')!;
    h.sim.admin.setAuditLogging(true);
    h.sim.admin.revokeKey('key_admin_terraform');
    const [second] = await runPosture(rt, { refresh: true, scopes: ['organization'] });
    const fixed = second!.changes.fixed.map((f) => `${f.checkId} ${f.subject.id}`).sort();
    expect(fixed).toEqual([`admin-key-stale key_admin_terraform`, `audit-logging-disabled ${h.sim.admin.organizationId}`].sort());
    expect(second!.changes.newFailures).toEqual([]);
    expect(second!.changes.statusChanges).toEqual([{ checkId: 'audit-logging-disabled', from: 'fail', to: 'pass' }]);
    expect(second!.previousScore).toBe(first.score);
    expect(second!.score!).toBeGreaterThan(first.score!);
    expect(second!.score).toBe(postureScore(second!.results));
    const resolved = listFindings(rt.db, { id: audit.id })[0]!;
    expect(resolved.status).toBe('resolved');
    expect(triageHistory(rt.db, audit.id).map((e) => e.by)).toEqual([POSTURE_ACTOR]);
  });
});
