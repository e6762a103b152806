import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { harness, type Harness } from '../helpers/harness.js';
import { runScan } from '../../src/app/scan.js';
import { runDaemon } from '../../src/app/daemon.js';
import type { Runtime } from '../../src/app/runtime.js';
import { OBJECT_SOURCE_NAMES } from '../../src/config/schema.js';
import { filePlaces, listFindings, type FindingView } from '../../src/store/queries.js';
import { exportFindings } from '../../src/export/rows.js';
import { locationKey } from '../../src/extract/location-text.js';
import type { FileLocation } from '../../src/extract/types.js';
import type { ObjectPlanted } from '../../src/simulator/index.js';

/**
 * The sources beyond chats end to end: a retroactive scan of a simulated workspace with GPTs,
 * projects (and their knowledge files), memories, canvases, automations, recordings, Codex tasks,
 * environments and log prompts, through the real pool and store; then the daemon after a GPT
 * changed. Held to the simulator's ground truth (objectPlanted, objectDecoys, knowledgeFiles).
 */

const SINCE = new Date(Date.now() - 60 * 86_400_000);
/** The simulator plants generic card numbers; the catalogue reports them by brand (visa-card, ...). */
const ruleOfKind = (ruleId: string): string => (ruleId.endsWith('-card') ? 'payment-card' : ruleId);
const OBJECT_KINDS = new Set(['gpt', 'project', 'memory', 'canvas', 'automation', 'recording', 'codex_task', 'codex_environment', 'codex_log', 'custom_agent_log']);

const where = (p: { sourceKind: string; objectId: string; version: string | null; location: string }): string =>
  `${p.sourceKind}|${p.objectId}|${p.version ?? '-'}|${p.location}`;
const findingWhere = (f: FindingView): string => `${f.source_kind}|${f.object_id ?? ''}|${f.object_version ?? '-'}|${f.location ?? ''}`;

function objectFindings(rt: Runtime): FindingView[] {
  return listFindings(rt.db, {}).filter((f) => OBJECT_KINDS.has(f.source_kind));
}

describe('sources beyond chats, end to end', () => {
  let h: Harness;
  let rt: Runtime;
  beforeAll(async () => {
    h = await harness({ seed: 23, users: 14, conversations: 4, historyDays: 20, logsRetentionDays: 30, files: false, objects: {} });
    rt = h.runtime();
    const report = await runScan(rt, { since: SINCE, until: null, source: 'logs' });
    expect(report.interrupted).toBe(false);
  });
  afterAll(async () => h.close());

  it('reads every source after the messages, each to completion', () => {
    const runs = rt.db.prepare("SELECT summary FROM runs WHERE mode = 'scan'").all() as { summary: string }[];
    const sources = (JSON.parse(runs[0]!.summary) as { sources: { source: string; status: string }[] }).sources;
    expect(sources.map((s) => [s.source, s.status])).toEqual([['logs', 'complete'], ...OBJECT_SOURCE_NAMES.map((n) => [n, 'complete'])]);
  });

  it('finds every planted value with its source kind, object, version and field, at its offsets', () => {
    const planted = h.sim.groundTruth().objectPlanted;
    expect(new Set(planted.map((p) => p.sourceKind))).toEqual(OBJECT_KINDS);
    const found = new Set(objectFindings(rt).map((f) => `${findingWhere(f)}|${ruleOfKind(f.rule_id)}|${f.start_offset}|${f.end_offset}`));
    const missed = planted.filter((p) => !found.has(`${where(p)}|${p.kind}|${p.start}|${p.end}`));
    expect(missed.map((p) => `${where(p)} ${p.kind} ${p.start}-${p.end}`)).toEqual([]);
  });

  it('reports nothing in an object outside its planted values (decoys and filler stay quiet)', () => {
    const planted = h.sim.groundTruth().objectPlanted;
    const outside = objectFindings(rt).filter((f) => !planted.some((p: ObjectPlanted) =>
      where(p) === findingWhere(f) && f.start_offset >= p.start && f.end_offset <= p.end));
    expect(outside.map((f) => `${findingWhere(f)} ${f.rule_id} ${f.preview}`)).toEqual([]);
  });

  it('scans knowledge files through the file pipeline: each planted value found, its places the GPT or project versions', () => {
    const knowledge = h.sim.groundTruth().knowledgeFiles.filter((k) => k.planted.length > 0);
    expect(knowledge.length).toBeGreaterThan(0);
    const fileFindings = listFindings(rt.db, { kind: 'file' });
    const missed: string[] = [];
    for (const k of knowledge) {
      const mine = fileFindings.filter((f) => filePlaces(rt.db, f.file_sha256 ?? '').some((p) => p.file_id === k.fileId));
      for (const p of k.planted) {
        const hit = mine.some((f) => ruleOfKind(f.rule_id) === p.kind && locationKey(JSON.parse(f.location ?? '{}') as FileLocation) === locationKey(p.location));
        if (!hit) missed.push(`${k.ownerKind} ${k.ownerId} ${k.name}: ${p.kind} at ${locationKey(p.location)}`);
      }
      const places = mine.length === 0 ? [] : filePlaces(rt.db, mine[0]!.file_sha256 ?? '').filter((p) => p.file_id === k.fileId);
      expect(places.map((p) => [p.place_kind, p.conversation_id]).sort()).toEqual(k.configIds.map(() => [k.ownerKind, k.ownerId]));
      expect(places.map((p) => p.message_id).sort()).toEqual([...k.configIds].sort());
    }
    expect(missed).toEqual([]);
    // A knowledge-file finding belongs to no conversation: a delete policy can never queue one.
    for (const f of fileFindings) expect(f.conversation_id).toBeNull();
  });

  it('exports say where a finding is in its object, and never a planted value in plaintext', () => {
    const rows = exportFindings(rt.db, {}).filter((r) => OBJECT_KINDS.has(r.source_kind));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.field).toMatch(new RegExp(`^${r.source_kind}:`));
      expect(r.where).toContain(`${r.field ?? ''} of ${r.object_id ?? ''}`);
      expect(r.conversation_id).toBeNull();
    }
    const db = readFileSync(h.dbPath).toString('latin1');
    const logs = h.log.text();
    const secrets = h.sim.groundTruth().objectPlanted.filter((p) => p.sourceKind === 'codex_environment' && p.value.length >= 12);
    expect(secrets.length).toBeGreaterThan(0);
    for (const p of secrets) {
      expect(db.includes(p.value), `${p.location} value in the database`).toBe(false);
      expect(logs.includes(p.value), `${p.location} value in the logs`).toBe(false);
    }
  });

  it('the daemon scans only the new version of a changed GPT, once', async () => {
    const gt = h.sim.groundTruth();
    const gptId = [...new Set(gt.objectPlanted.filter((p) => p.sourceKind === 'gpt').map((p) => p.objectId))][0]!;
    const change = h.sim.updateGpt(gptId);
    const newVersion = change.version;
    const before = new Set(listFindings(rt.db, {}).map((f) => f.id));
    const daemon = async (): Promise<FindingView[]> => {
      const daemonRt = h.runtime({ daemon: { poll_interval_seconds: 0.01, initial_lookback_hours: 1 }, inventory: { refresh_minutes: 0 }, metrics: { listen: '127.0.0.1:0' } });
      try {
        await runDaemon(daemonRt, { cycles: 1 });
      } finally {
        await daemonRt.close();
      }
      return listFindings(rt.db, {}).filter((f) => !before.has(f.id));
    };
    const added = await daemon();
    const inGpt = added.filter((f) => f.source_kind === 'gpt');
    expect(inGpt.length).toBeGreaterThan(0);
    // Only the new version's texts: nothing in an older version of this GPT or any other object.
    expect(new Set(inGpt.map((f) => `${f.object_id}|${f.object_version}`))).toEqual(new Set([`${gptId}|${newVersion}`]));
    const newValues = change.planted.filter((p) => p.version === newVersion);
    for (const p of newValues) {
      expect(inGpt.some((f) => f.location === p.location && f.start_offset === p.start && ruleOfKind(f.rule_id) === p.kind), `${p.location} ${p.kind}`).toBe(true);
    }
    const scannedKeys = (rt.db.prepare("SELECT COUNT(*) AS n FROM scanned_items WHERE item_key LIKE ?").get(`%:gpt:${gptId}:${newVersion}:%`) as { n: number }).n;
    expect(scannedKeys).toBeGreaterThan(0);
    // A fresh retroactive scan sweeps every object again and scans none of it: every version is recorded.
    const again = await runScan(rt, { since: SINCE, until: null, source: 'logs', fresh: true });
    const swept = again.sources.filter((x) => x.source !== 'logs');
    expect(swept.every((x) => x.status === 'complete')).toBe(true);
    expect(swept.reduce((n, x) => n + (x.stats?.itemsScanned ?? 0), 0)).toBe(0);
    expect(swept.reduce((n, x) => n + (x.stats?.alreadyScanned ?? 0), 0)).toBeGreaterThan(0);
    expect(again.findingsNew).toBe(0);
  });
});
