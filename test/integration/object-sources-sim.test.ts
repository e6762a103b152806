import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ComplianceHttp } from '../../src/compliance/client.js';
import { ComplianceApi } from '../../src/compliance/api.js';
import { createObjectSources } from '../../src/compliance/sources/index.js';
import type { MessageSource, ScanItem } from '../../src/compliance/source.js';
import { OBJECT_SOURCE_NAMES, type ObjectSourceName } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { openDb, type Db } from '../../src/store/db.js';
import { Store } from '../../src/store/store.js';
import { contentHash } from '../../src/pipeline/fingerprint.js';
import { tempDir } from '../helpers/harness.js';

/**
 * The object sources against the simulator: every value it plants in an object is in the text of
 * an item with the same source kind, object id, version and location, at the planted offsets.
 * Texts and checkpoints are committed to a real store unit by unit, as run-source does, and the
 * GPT sources ask that store what is already recorded.
 */

let sim: Simulator;
let http: ComplianceHttp;
let sources: Record<ObjectSourceName, MessageSource>;
let dir: string;
let db: Db;
let store: Store;
/** The rules in force: a texts' scanned mark counts as "recorded" only under the same rules. */
let rulesDigest = 'rules-1';

async function sweep(name: ObjectSourceName): Promise<{ items: ScanItem[]; errors: string[] }> {
  const items: ScanItem[] = [];
  const errors: string[] = [];
  const checkpoint = store.getCheckpoint<unknown>('daemon', name);
  for await (const unit of sources[name].units(checkpoint, { since: 0, until: null }, new AbortController().signal)) {
    const unitItems: ScanItem[] = [];
    for await (const ev of unit.events) {
      if (ev.type === 'item') unitItems.push(ev.item);
      else if (ev.type === 'error') errors.push(`${ev.code}: ${ev.message}`);
    }
    await unit.dispose?.();
    store.commitBatch({
      runId: 1, rulesDigest, findings: [], errors: [],
      scanned: unitItems.map((i) => ({ itemKey: `${sim.workspaceId}:${i.key}`, contentHash: contentHash(i.text), source: name })),
      checkpoint: { namespace: 'daemon', source: name, state: unit.checkpoint },
    });
    items.push(...unitItems);
  }
  return { items, errors };
}

beforeAll(async () => {
  dir = tempDir('lw-objects-');
  db = openDb(join(dir, 'leakwatch.db'));
  store = new Store(db);
  sim = await startSimulator({ rateLimits: false, conversations: 10, users: 12, files: false, brokenFiles: false });
  http = new ComplianceHttp({
    baseUrl: sim.url, apiKey: sim.apiKey, connectTimeoutMs: 5000, requestTimeoutMs: 20_000, maxAttempts: 3,
    retryBaseDelayMs: 5, retryMaxDelayMs: 50, rateLimits: { listPerMinute: 1_000_000, getPerMinute: 1_000_000 }, log: createLogger({ level: 'silent' }),
  });
  sources = createObjectSources(new ComplianceApi(http, sim.workspaceId), {
    log: createLogger({ level: 'silent' }), recorded: (k) => store.hasScannedItem(`${sim.workspaceId}:${k}`, rulesDigest), usersPageSize: 5, logsPageSize: 3,
    // Small pages: every list pages at least once.
    pageSizes: { gpts: 3, configs: 2, memories: 3, canvases: 2, automations: 2, recordings: 2, codex: 2 },
  });
}, 60_000);

afterAll(async () => {
  await http?.close();
  await sim?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('object sources on the simulator', () => {
  const all: ScanItem[] = [];

  it('finds every planted object value with its source kind, object, version and location', async () => {
    for (const name of OBJECT_SOURCE_NAMES) {
      const { items, errors } = await sweep(name);
      expect(errors, name).toEqual([]);
      expect(items.length, name).toBeGreaterThan(0);
      expect(items.every((i) => i.source === name)).toBe(true);
      all.push(...items);
    }
    const truth = sim.groundTruth();
    expect(truth.objectPlanted.length).toBeGreaterThan(20);
    const missed = truth.objectPlanted.filter((p) => !all.some((i) =>
      i.kind === p.sourceKind && i.objectId === p.objectId && i.version === p.version && i.location === p.location && i.text.slice(p.start, p.end) === p.value));
    expect(missed.map((p) => `${p.sourceKind} ${p.objectId} ${p.version ?? '-'} ${p.location}`)).toEqual([]);
    // Every planted kind of source is covered.
    expect(new Set(truth.objectPlanted.map((p) => p.sourceKind))).toEqual(new Set(all.map((i) => i.kind)));
    // Every configuration version of every GPT and project, as the simulator counts them.
    const versions = (kind: string): number => new Set(all.filter((i) => i.kind === kind).map((i) => `${i.objectId}@${i.version}`)).size;
    expect(versions('gpt')).toBe(truth.inventory.gptConfigs);
    expect(versions('project')).toBe(truth.inventory.projectConfigs);
    // Keys are unique: one text per key.
    expect(new Set(all.map((i) => i.key)).size).toBe(all.length);
  }, 120_000);

  it('hands every knowledge file of every config version to the file pipeline with its owner kind', () => {
    const truth = sim.groundTruth();
    expect(truth.knowledgeFiles.length).toBeGreaterThan(0);
    for (const k of truth.knowledgeFiles) {
      const carriers = all.filter((i) => i.objectId === k.ownerId && i.files.some((f) => f.id === k.fileId && f.origin === k.ownerKind));
      expect(carriers.map((i) => i.version).sort(), `${k.ownerKind} ${k.ownerId} ${k.fileId}`).toEqual([...k.configIds].sort());
      expect(carriers.every((i) => i.location === `${k.ownerKind}:instructions` && i.files.every((f) => f.downloadUrl !== null))).toBe(true);
    }
  });

  it('re-scans a changed GPT only for its new version', async () => {
    const gptId = sim.groundTruth().objectPlanted.find((p) => p.sourceKind === 'gpt')?.objectId as string;
    const change = sim.updateGpt(gptId);
    const { items } = await sweep('gpts');
    const versions = new Set(items.filter((i) => i.objectId === gptId).map((i) => i.version));
    expect(versions).toEqual(new Set([change.version]));
    for (const p of change.planted) {
      expect(items.some((i) => i.objectId === gptId && i.version === p.version && i.location === p.location && i.text.slice(p.start, p.end) === p.value)).toBe(true);
    }
    // The other GPTs are unchanged: only their latest version is read again (skipped by hash in a run).
    const others = items.filter((i) => i.objectId !== gptId);
    const latestOf = new Map<string, Set<string | null>>();
    for (const i of others) latestOf.set(i.objectId as string, (latestOf.get(i.objectId as string) ?? new Set()).add(i.version));
    expect([...latestOf.values()].every((v) => v.size === 1)).toBe(true);
  }, 60_000);

  it('reads a new memory entry on the next sweep, asking only for memories changed since the last one', async () => {
    const userId = sim.groundTruth().objectPlanted.find((p) => p.sourceKind === 'memory')?.objectId as string;
    const change = sim.addMemory(userId);
    const { items } = await sweep('memories');
    expect(items.map((i) => i.version)).toEqual([change.version]);
    const p = change.planted[0];
    expect(p).toBeDefined();
    expect(items[0]?.text.slice(p?.start, p?.end)).toBe(p?.value);
  }, 60_000);

  it('pages every configuration version again once the rules change', async () => {
    rulesDigest = 'rules-2';
    const { items } = await sweep('gpts');
    expect(new Set(items.map((i) => `${i.objectId}@${i.version}`)).size).toBe(sim.groundTruth().inventory.gptConfigs);
    // Under the new rules, the next sweep is back to the latest versions only.
    const again = await sweep('gpts');
    expect(new Set(again.items.map((i) => `${i.objectId}@${i.version}`)).size).toBe(sim.groundTruth().inventory.gpts);
  }, 60_000);
});
