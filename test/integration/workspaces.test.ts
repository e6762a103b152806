import { downgradeTo } from '../helpers/downgrade.js';
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { CapturedLog, tempDir } from '../helpers/harness.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createRuntime } from '../../src/app/runtime.js';
import { runDaemon, startDaemon, type ReloadPhase } from '../../src/app/daemon.js';
import { startSimulator, type PlantedValue, type Simulator } from '../../src/simulator/index.js';
import { listFindings, workspaceStatus, type FindingView } from '../../src/store/queries.js';
import { listAudit } from '../../src/store/audit.js';
import { openDb } from '../../src/store/db.js';
import type { SourceStats } from '../../src/pipeline/run-source.js';

/** Two (or more) simulated workspaces in one leakwatch process. */
const SIM = { users: 6, conversations: 40, historyDays: 20, logsRetentionDays: 30, files: false, objects: false as const, rateLimits: false as const };
const API = { retry_base_delay_ms: 5, retry_max_delay_ms: 50, max_attempts: 4, rate_limits: { list_per_minute: 100_000, get_per_minute: 100_000 }, request_timeout_seconds: 10 };
const targeted = (ruleId: string): boolean => ruleId === 'us-ssn' || ruleId === 'iban' || ruleId.endsWith('-card');

function severalConfig(sims: readonly Simulator[], dbPath: string, over: Record<string, unknown> = {}): Config {
  return parseConfig({
    workspaces: sims.map((s, i) => ({ id: s.workspaceId, name: `ws-${i}`, base_url: s.url })),
    api: API,
    database: { path: dbPath },
    pipeline: { threads: 2 },
    daemon: { initial_lookback_hours: 24 * 40, poll_interval_seconds: 0.01 },
    ...over,
  }, {});
}

const keysOf = (sims: readonly Simulator[]): Record<string, string> => Object.fromEntries(sims.map((s) => [s.workspaceId, s.apiKey]));
const scannable = (s: Simulator): number => s.groundTruth().messages - s.groundTruth().nullContentMessages;

const STARTER_KINDS = new Set([
  'email-address', 'payment-card', 'us-ssn', 'iban', 'phone-number', 'aws-access-key-id', 'github-token', 'openai-api-key',
  'slack-token', 'stripe-secret-key', 'google-api-key', 'anthropic-api-key', 'jwt', 'private-key', 'connection-string-password',
]);

/** Every planted value of the workspace found exactly once at its span by its rule; every finding inside one of its planted spans (as scan.test.ts). */
function expectExactlyPlanted(findings: FindingView[], planted: PlantedValue[]): void {
  const rule = (id: string): string => (id.endsWith('-card') ? 'payment-card' : id);
  const count = new Map<string, number>();
  for (const f of findings) {
    const k = `${f.message_id}|${rule(f.rule_id)}|${f.start_offset}|${f.end_offset}`;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const expected = planted.filter((p) => STARTER_KINDS.has(p.kind));
  expect(expected.length).toBeGreaterThan(0);
  const notOnce = expected.filter((p) => count.get(`${p.messageId}|${p.kind}|${p.start}|${p.end}`) !== 1);
  expect(notOnce.map((p) => `${p.kind} ${p.messageId} ${p.start}-${p.end}`)).toEqual([]);
  const outside = findings.filter((f) => !planted.some((p) => p.messageId === f.message_id && f.start_offset >= p.start && f.end_offset <= p.end));
  expect(outside.map((f) => `${f.rule_id} ${f.message_id} ${f.start_offset}-${f.end_offset}`)).toEqual([]);
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('several workspaces in one daemon', () => {
  it('scans each with its own checkpoint, finds each one\'s findings once under its id, and deletes in the right workspace', async () => {
    const sims = [await startSimulator({ ...SIM, seed: 31 }), await startSimulator({ ...SIM, seed: 32 })];
    const [a, b] = sims as [Simulator, Simulator];
    const dir = tempDir();
    const log = new CapturedLog('info');
    const config = severalConfig(sims, join(dir, 'lw.db'), {
      policies: [{ name: 'delete-ids', match: { rules: ['us-ssn', 'iban', '*-card'] }, actions: { delete: true } }],
      remediation: { enabled: true, per_minute: 100_000 },
      alerts: { poll_seconds: 0.05 },
    });
    const rt = createRuntime(config, log.logger, { apiKeys: keysOf(sims) });
    try {
      expect(a.workspaceId).not.toBe(b.workspaceId);
      const cycles = new Map<string, SourceStats[]>();
      const onCycle = (s: SourceStats, _n: number, ws: string): void => void cycles.set(ws, [...(cycles.get(ws) ?? []), s]);
      await runDaemon(rt, { cycles: 1, onCycle });
      for (const sim of sims) expect(cycles.get(sim.workspaceId)?.[0]?.itemsScanned).toBe(scannable(sim));

      // Each workspace's planted values are found once, under its own workspace id, and nothing else.
      for (const sim of sims) expectExactlyPlanted(listFindings(rt.db, { workspaces: [sim.workspaceId] }), sim.groundTruth().planted);
      const total = listFindings(rt.db, {}).length;
      expect(total).toBe(sims.reduce((n, s) => n + listFindings(rt.db, { workspaces: [s.workspaceId] }).length, 0));

      // Separate checkpoints, one per workspace.
      const cps = rt.db.prepare(`SELECT namespace, state FROM checkpoints WHERE source = 'logs' ORDER BY namespace`).all() as { namespace: string; state: string }[];
      expect(cps.map((c) => c.namespace).sort()).toEqual([`daemon:${a.workspaceId}`, `daemon:${b.workspaceId}`].sort());

      // A second cycle scans only what was appended, per workspace.
      const aBefore = scannable(a);
      const added = a.append({ newConversations: 2, newMessagesInExisting: 6 });
      const findingsBefore = listFindings(rt.db, {}).length;
      cycles.clear();
      await runDaemon(rt, { cycles: 1, onCycle });
      expect(cycles.get(a.workspaceId)?.[0]?.itemsScanned).toBe(scannable(a) - aBefore);
      expect(cycles.get(b.workspaceId)?.[0]?.itemsScanned).toBe(0);
      const newOnes = listFindings(rt.db, {}).slice(findingsBefore);
      expect(newOnes.length).toBe(added.planted.length);
      expect(newOnes.every((f) => f.workspace_id === a.workspaceId && added.messageIds.includes(f.message_id ?? ''))).toBe(true);

      // Each deletion went to its finding's own workspace (simulator), audited under that workspace.
      for (const sim of sims) {
        const want = new Set(listFindings(rt.db, { workspaces: [sim.workspaceId] }).filter((f) => targeted(f.rule_id)).map((f) => f.conversation_id));
        expect(want.size).toBeGreaterThan(0);
        await until(`deletions in ${sim.workspaceId}`, () => sim.deletedConversations().length >= want.size);
        expect(new Set(sim.deletedConversations())).toEqual(want);
        const audited = listAudit(rt.db).filter((r) => r.outcome === 'deleted' && r.workspace_id === sim.workspaceId);
        expect(new Set(audited.map((r) => r.conversation_id))).toEqual(want);
      }
    } finally {
      await rt.close();
      for (const s of sims) await s.close();
    }
  });

  it('a workspace whose key is refused stops with its error recorded; the others go on; all refused fails the daemon', async () => {
    const sims = [await startSimulator({ ...SIM, seed: 33 }), await startSimulator({ ...SIM, seed: 34 })];
    const [good, bad] = sims as [Simulator, Simulator];
    const dir = tempDir();
    const log = new CapturedLog('info');
    const rt = createRuntime(severalConfig(sims, join(dir, 'lw.db')), log.logger, { apiKeys: { [good.workspaceId]: good.apiKey, [bad.workspaceId]: 'wrong-key' } });
    try {
      const scanned = new Map<string, number>();
      const states: string[] = [];
      const daemon = startDaemon(rt, { cycles: 1, onCycle: (s, _n, ws) => void scanned.set(ws, s.itemsScanned), onWorkspaceState: (s) => void states.push(`${s.label} ${s.status}`) });
      await daemon.done;
      expect(scanned.get(good.workspaceId)).toBe(scannable(good));
      expect(scanned.has(bad.workspaceId)).toBe(false);
      expect(daemon.workspaces().map((w) => w.status)).toEqual(['stopped', 'failed']);
      expect(daemon.workspaces()[1]?.error).toMatch(/401/);
      expect(states).toContain('ws-1 failed');
      expect(log.text()).toMatch(/workspace ws-1 stopped: .*the other workspaces keep running/);
      // `status` shows it: the failed daemon run of that workspace, with its error.
      const st = workspaceStatus(rt.db, bad.workspaceId);
      expect(st.daemon?.status).toBe('failed');
      expect(st.daemon?.error).toMatch(/401/);
      expect(workspaceStatus(rt.db, good.workspaceId).daemon?.status).toBe('completed');
    } finally {
      await rt.close();
    }
    const rt2 = createRuntime(severalConfig(sims, join(dir, 'lw.db')), log.logger, { apiKey: 'wrong-key' });
    try {
      await expect(runDaemon(rt2, { cycles: 1 })).rejects.toThrow(/401/);
    } finally {
      await rt2.close();
      for (const s of sims) await s.close();
    }
  });
});

describe('upgrade from the single-workspace form', () => {
  it('an existing database keeps its daemon checkpoint: no re-scan after the upgrade', async () => {
    const sim = await startSimulator({ ...SIM, seed: 35 });
    const dir = tempDir();
    const dbPath = join(dir, 'lw.db');
    const log = new CapturedLog('info');
    const single = parseConfig({
      workspace_id: sim.workspaceId, api: { ...API, base_url: sim.url }, database: { path: dbPath }, pipeline: { threads: 2 },
      daemon: { initial_lookback_hours: 24 * 40, poll_interval_seconds: 0.01 },
    }, {});
    /** Puts the database back the way the code before several workspaces left it (schema 4, namespace 'daemon'). */
    const downgrade = (dropDaemonRuns: boolean): void => {
      const db = openDb(dbPath);
      db.exec(`UPDATE checkpoints SET namespace = 'daemon' WHERE namespace = 'daemon:${sim.workspaceId}'`);
      if (dropDaemonRuns) db.exec(`DELETE FROM runs WHERE mode = 'daemon'`);
      downgradeTo(db, 4);
      db.close();
    };
    const cycle = async (): Promise<SourceStats> => {
      const rt = createRuntime(single, log.logger, { apiKey: sim.apiKey });
      try {
        let stats: SourceStats | undefined;
        await runDaemon(rt, { cycles: 1, onCycle: (s) => void (stats = s) });
        return stats as SourceStats;
      } finally {
        await rt.close();
      }
    };
    try {
      expect((await cycle()).itemsScanned).toBe(scannable(sim));
      const findings = (): number => {
        const db = openDb(dbPath, { readonly: true });
        try {
          return listFindings(db, {}).length;
        } finally {
          db.close();
        }
      };
      const found = findings();
      expect(found).toBeGreaterThan(0);
      const namespaces = (): string[] => {
        const db = openDb(dbPath, { readonly: true });
        try {
          return (db.prepare('SELECT namespace FROM checkpoints').all() as { namespace: string }[]).map((r) => r.namespace);
        } finally {
          db.close();
        }
      };
      // Migration 5 moves the checkpoint to the workspace of the last daemon run.
      downgrade(false);
      let again = await cycle();
      expect(again.itemsScanned).toBe(0);
      expect(again.alreadyScanned).toBe(0);
      expect([...new Set(namespaces())]).toEqual([`daemon:${sim.workspaceId}`]);
      // No daemon run recorded (a crash right after the first checkpoint): the only workspace takes it.
      downgrade(true);
      again = await cycle();
      expect(again.itemsScanned).toBe(0);
      expect(again.alreadyScanned).toBe(0);
      expect([...new Set(namespaces())]).toEqual([`daemon:${sim.workspaceId}`]);
      expect(log.text()).toContain('daemon checkpoint carried over from the single-workspace form');
      expect(findings()).toBe(found);
    } finally {
      await sim.close();
    }
  });
});

describe('reload hooks', () => {
  it('reports start and applied or rejected, swaps the rules, and names the keys that need a restart', async () => {
    const sim = await startSimulator({ ...SIM, seed: 36, conversations: 10 });
    const dir = tempDir();
    const log = new CapturedLog('info');
    const base = { workspace_id: sim.workspaceId, api: { ...API, base_url: sim.url }, database: { path: join(dir, 'lw.db') }, pipeline: { threads: 1 }, daemon: { poll_interval_seconds: 300 } };
    const pack = join(dir, 'marker.yaml');
    writeFileSync(pack, [
      'rules:', '  - id: test-marker', '    description: reload test marker', '    category: custom', '    severity: high', '    confidence: high',
      "    regex: 'LWMARK-[0-9]{8}'", '    keywords: [lwmark-]', '    examples:', "      match: ['see LWMARK-12345678 here']", "      ignore: ['LWMARK-123 is short']",
    ].join('\n'));
    let next: Record<string, unknown> = base;
    const rt = createRuntime(parseConfig(base, {}), log.logger, { apiKey: sim.apiKey });
    const phases: ReloadPhase[] = [];
    const daemon = startDaemon(rt, { loadConfig: () => parseConfig(next, {}), onReload: (p) => void phases.push(p) });
    try {
      const first = rt.engine;
      next = { ...base, rules: { paths: ['builtin', pack] }, policies: [{ name: 'nope', actions: { alert: ['missing-sink'] } }] };
      const rejected = await daemon.reload();
      expect(rejected.status).toBe('rejected');
      expect(rejected.problems).toContain('policies.0.actions.alert.0: no sink named "missing-sink" (define it under alerts.sinks, or use "log")');
      expect(rt.engine).toBe(first);
      expect(log.text()).toMatch(/reload rejected, still running with the previous configuration: .*policies\.0\.actions\.alert\.0/);

      next = { ...base, api: { ...base.api, max_attempts: 2 }, rules: { paths: ['builtin', pack] } };
      const applied = await daemon.reload();
      expect(applied.status).toBe('applied');
      expect(applied.ignored).toEqual(['api.max_attempts']);
      expect(rt.engine).not.toBe(first);
      expect(rt.engine.rules.compiled.rules.some((r) => r.id === 'test-marker')).toBe(true);
      expect(rt.config.api.max_attempts).toBe(4);
      expect(log.text()).toMatch(/need a restart; their running values are kept: api\.max_attempts/);
      // The old engine is retired: it takes no new task.
      await first.retire();
      await expect(first.pool.run({ items: [] })).rejects.toThrow(/retired/);
      expect(phases).toEqual(['start', 'rejected', 'start', 'applied']);
    } finally {
      rt.abort.abort();
      await daemon.done;
      await rt.close();
      await sim.close();
    }
  });
});

describe('the same file content in two workspaces', () => {
  it('is extracted once, and its findings are recorded under each workspace it was uploaded to', async () => {
    // Same seed, two workspace ids: the same conversations and the same file bytes in both.
    const opts = { ...SIM, seed: 41, files: true, fileRate: 0.2, brokenFiles: false };
    const sims = [
      await startSimulator({ ...opts, workspaceId: '0b7a2d36-0000-4000-8000-00000000000a' }),
      await startSimulator({ ...opts, workspaceId: '0b7a2d36-0000-4000-8000-00000000000b' }),
    ];
    const [a, b] = sims as [Simulator, Simulator];
    const dir = tempDir();
    const log = new CapturedLog('info');
    const config = severalConfig(sims, join(dir, 'lw.db'));
    const rt = createRuntime(config, log.logger, { apiKeys: keysOf(sims) });
    try {
      await runDaemon(rt, { cycles: 1 });
      const inA = listFindings(rt.db, { kind: 'file', workspaces: [a.workspaceId] });
      const inB = listFindings(rt.db, { kind: 'file', workspaces: [b.workspaceId] });
      expect(inA.length).toBeGreaterThan(0);
      const key = (f: FindingView): string => `${f.rule_id}|${f.start_offset}|${f.end_offset}|${String((f as { location?: unknown }).location)}`;
      expect(inB.map(key).sort()).toEqual(inA.map(key).sort());
      expect(new Set([...inA, ...inB].map((f) => f.fingerprint)).size).toBe(inA.length + inB.length);
      // Each content was extracted once, not once per workspace.
      const contents = rt.db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number };
      const distinct = rt.db.prepare("SELECT COUNT(DISTINCT sha256) AS n FROM file_refs WHERE sha256 IS NOT NULL").get() as { n: number };
      expect(contents.n).toBe(distinct.n);
    } finally {
      await rt.close();
      for (const s of sims) await s.close();
    }
  }, 240_000);
});

describe('rate budgets of several workspaces', () => {
  it('workspaces read with one key share its pacing; a workspace with its own key paces alone', async () => {
    const dir = tempDir();
    const log = new CapturedLog('warn');
    const config = parseConfig({
      workspaces: [
        { id: 'ws-shared-1', base_url: 'http://127.0.0.1:9/v1' },
        { id: 'ws-shared-2', base_url: 'http://127.0.0.1:9/v1' },
        { id: 'ws-own', base_url: 'http://127.0.0.1:9/v1', api_key_env: 'LW_TEST_OWN_KEY' },
      ],
      database: { path: join(dir, 'lw.db') },
      pipeline: { threads: 1 },
      files: { enabled: false },
    }, {});
    const rt = createRuntime(config, log.logger, { env: { LEAKWATCH_API_KEY: 'shared-key', LW_TEST_OWN_KEY: 'own-key' } });
    try {
      const [one, two, own] = rt.workspaces.map((w) => w.http);
      expect(one!.sharesPacingWith(two!)).toBe(true);
      expect(one!.sharesPacingWith(own!)).toBe(false);
    } finally {
      await rt.close();
    }
  });
});
