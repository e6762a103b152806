import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, runCli, type Harness } from '../helpers/harness.js';
import { SIM_ALLOWED_ACTION_DOMAINS, SIM_COMPANY_DOMAINS } from '../../src/simulator/index.js';
import { openDb } from '../../src/store/db.js';

/** `leakwatch inventory`, `posture` and `users` as a user runs them: the CLI from source against the simulator. */

let h: Harness;
let config: string;
let env: NodeJS.ProcessEnv;

async function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runCli([...args, '--config', config], env).done;
}

beforeAll(async () => {
  h = await harness({ conversations: 5, files: false, brokenFiles: false, objects: {} });
  config = join(h.dir, 'leakwatch.yaml');
  writeFileSync(config, JSON.stringify({
    workspace_id: h.sim.workspaceId,
    api: { base_url: h.sim.url, retry_base_delay_ms: 5, rate_limits: { list_per_minute: 100000, get_per_minute: 100000 } },
    database: { path: h.dbPath },
    pipeline: { threads: 1 },
    posture: { company_domains: SIM_COMPANY_DOMAINS, allowed_action_domains: SIM_ALLOWED_ACTION_DOMAINS },
    log: { level: 'warn' },
  }));
  env = { ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey };
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (h) rmSync(h.dir, { recursive: true, force: true });
});

describe('leakwatch inventory | posture | users', () => {
  it('inventory --refresh lists what the API lists; codex-environments show secret names, never values', async () => {
    const truth = h.sim.groundTruth();
    const gpts = await cli('inventory', 'gpts', '--refresh', '--format', 'json');
    expect(gpts.status, gpts.stderr).toBe(0);
    const rows = gpts.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; visibility: string; tools: string[]; recipient_list: string[] });
    expect(rows).toHaveLength(truth.inventory.gpts);
    expect(rows.every((r) => Array.isArray(r.tools) && Array.isArray(r.recipient_list))).toBe(true);
    const users = await cli('inventory', 'users');
    expect(users.status).toBe(0);
    expect(users.stdout.trim().split('\n')).toHaveLength(truth.inventory.users + 2); // header and rule lines
    const envs = await cli('inventory', 'codex-environments', '--format', 'csv');
    expect(envs.status).toBe(0);
    expect(envs.stdout.split('\n')[0]).toBe('workspace,id,name,created_at,updated_at,env_vars,env_var_names,secrets,secret_names,findings');
    expect(envs.stdout.trim().split('\n')).toHaveLength(truth.inventory.codexEnvironments + 1);
    const values = truth.objectPlanted.filter((p) => p.sourceKind === 'codex_environment').map((p) => p.value);
    expect(values.filter((v) => envs.stdout.includes(v))).toEqual([]);
  }, 120_000);

  it('posture prints each check, failures with evidence and the score; --fail-on high exits 1; a second run lists no change', async () => {
    const first = await cli('posture', '--fail-on', 'high');
    expect(first.status, first.stderr).toBe(1);
    expect(first.stdout).toMatch(/^workspace \S+: posture score \d+\.\d; posture run 1$/m);
    expect(first.stdout).toMatch(/^shared-publicly\s+high\s+FAIL\s+3\s/m);
    expect(first.stdout).toMatch(/visibility=anyone-with-link/);
    expect(first.stdout).toContain('changes: first posture run for this subject');
    expect(first.stdout).toMatch(/^error: instructions-or-files-contain-findings: gpt_texts: GPT and project configurations have not been scanned/m);
    const second = await cli('posture', '--no-refresh', '--format', 'json', '--fail-on', 'critical');
    expect(second.status, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as { score: number; previousScore: number; newFindings: number; changes: { newFailures: unknown[]; fixed: unknown[]; statusChanges: unknown[]; checkErrors: { checkId: string; wasError: boolean }[] } };
    expect(report.score).toBe(report.previousScore);
    expect(report.newFindings).toBe(0);
    expect([report.changes.newFailures, report.changes.fixed, report.changes.statusChanges]).toEqual([[], [], []]);
    // Nothing was scanned: the checks on findings in texts say so, in both runs, rather than pass.
    expect(report.changes.checkErrors).toEqual([
      { checkId: 'instructions-or-files-contain-findings', wasError: true, error: expect.stringContaining('have not been scanned') },
      { checkId: 'automation-prompt-contains-findings', wasError: true, error: expect.stringContaining('have not been scanned') },
    ]);
    const unknown = await cli('posture', '--workspace', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('workspace nope is not in the configuration');
  }, 120_000);

  it('users --top N ranks a seeded database by weighted findings, with the trend', async () => {
    const seeded = join(h.dir, 'seeded.db');
    const db = openDb(seeded);
    const at = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();
    const ins = db.prepare(`INSERT INTO findings (fingerprint, workspace_id, source, source_kind, user_email, message_time, start_offset, end_offset,
      rule_id, category, severity, confidence, preview, first_seen_at, run_id) VALUES (?, 'ws', 'logs', 'message', ?, ?, 0, 1, 'r', ?, ?, 'high', 'x', ?, 1)`);
    let n = 0;
    const add = (email: string, severity: string, category: string, days: number): void => void ins.run(`fp${n++}`, email, at(days), category, severity, at(days));
    add('ann@example.com', 'critical', 'secret', 1);
    add('ann@example.com', 'critical', 'secret', 2);
    add('ben@example.com', 'low', 'pii', 1);
    for (let i = 0; i < 6; i++) add('cy@example.com', 'medium', 'pii', 3);
    add('cy@example.com', 'high', 'financial', 10);
    db.close();
    const cfg = join(h.dir, 'seeded.yaml');
    writeFileSync(cfg, `workspace_id: ws\ndatabase: { path: ${seeded} }\nlog: { level: warn }\n`);
    const json = await runCli(['users', '--top', '2', '--days', '7', '--format', 'json', '--config', cfg], env).done;
    expect(json.status, json.stderr).toBe(0);
    const rows = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { rank: number; user: string; risk: number; trend: string; previousRisk: number; topCategories: { category: string }[] });
    expect(rows.map((r) => [r.rank, r.user, r.risk, r.trend, r.previousRisk])).toEqual([[1, 'ann@example.com', 20, 'new', 0], [2, 'cy@example.com', 18, 'up', 6]]);
    expect(rows[1]!.topCategories.map((c) => c.category)).toEqual(['pii']);
    const text = await runCli(['users', '--top', '5', '--days', '7', '--config', cfg], env).done;
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^2\s+cy@example\.com\s+18\s+6\s+0\s+0\s+6\s+0\s+6\s+up \+12 \(from 6\)\s+pii 6$/m);
    const bad = await runCli(['users', '--top', '0', '--config', cfg], env).done;
    expect(bad.status).toBe(2);
  }, 120_000);
});
