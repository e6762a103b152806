import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { harness, findingIdentities, type Harness } from '../helpers/harness.js';
import { runScan } from '../../src/app/scan.js';
import { filePlaces, listErrors, listFindings, type FindingView } from '../../src/store/queries.js';
import { maskValue } from '../../src/detect/mask.js';
import { locationKey } from '../../src/extract/location-text.js';
import type { FileLocation } from '../../src/extract/types.js';
import type { Runtime } from '../../src/app/runtime.js';

/**
 * Uploaded files end to end: the simulator builds real files of every supported type with
 * planted values, plus broken ones (zip bomb, truncated PDF, encrypted DOCX, image); the scan
 * downloads them over loopback, extracts them in the extraction pool and records findings with
 * their location inside the file.
 */
const SINCE = new Date(Date.now() - 400 * 86_400_000);
const SIM = { seed: 21, users: 12, conversations: 160, historyDays: 30, logsRetentionDays: 365 };

/** The simulator plants generic card numbers; the catalogue reports them by brand (visa-card, ...). */
const ruleOfKind = (ruleId: string): string => (ruleId.endsWith('-card') ? 'payment-card' : ruleId);

interface FileTruthLike {
  fileId: string;
  name: string;
  type: string;
  expired: boolean;
  contentKey: string;
  expectedError: string | null;
  planted: { kind: string; category: string; value: string; location: FileLocation }[];
}

function truth(h: Harness): FileTruthLike[] {
  return (h.sim.groundTruth() as unknown as { files: FileTruthLike[] }).files;
}

/** A file finding's identity for comparison: where (file id of a place, location), what (rule), shown as (preview). */
function fileFindingKeys(rt: Runtime): Map<string, FindingView> {
  const out = new Map<string, FindingView>();
  for (const f of listFindings(rt.db, { kind: 'file' })) {
    const location = locationKey(JSON.parse(f.location ?? '{}') as FileLocation);
    for (const place of filePlaces(rt.db, f.file_sha256 ?? '')) {
      out.set(`${place.file_id}|${location}|${ruleOfKind(f.rule_id)}|${f.preview}`, f);
    }
  }
  return out;
}

describe('uploaded files', () => {
  let h: Harness;
  let rt: Runtime;
  beforeAll(async () => {
    h = await harness(SIM);
    rt = h.runtime();
    const report = await runScan(rt, { since: SINCE, until: null, source: 'logs' });
    expect(report.sources[0]?.status).toBe('complete');
  });
  afterAll(async () => h.close());

  it('finds every planted value in every file type, at its location', () => {
    const files = truth(h).filter((f) => !f.expired && f.expectedError === null);
    const found = fileFindingKeys(rt);
    const missed: string[] = [];
    for (const f of files) {
      for (const p of f.planted) {
        const k = `${f.fileId}|${locationKey(p.location)}|${p.kind}|${maskValue(p.value)}`;
        if (!found.has(k)) missed.push(`${f.type} ${f.name}: ${p.kind} at ${locationKey(p.location)}`);
      }
    }
    expect(missed).toEqual([]);
    const types = new Set(files.filter((f) => f.planted.length > 0).map((f) => f.type));
    for (const t of ['pdf', 'docx', 'xlsx', 'csv', 'pptx', 'odt', 'ods', 'txt', 'md', 'code', 'json', 'xml', 'html', 'eml', 'zip']) {
      expect(types, `no planted ${t} file in the workspace`).toContain(t);
    }
  });

  it('reports nothing in a file outside its planted values', () => {
    const byId = new Map(truth(h).map((f) => [f.fileId, f]));
    const outside: string[] = [];
    for (const f of listFindings(rt.db, { kind: 'file' })) {
      const location = locationKey(JSON.parse(f.location ?? '{}') as FileLocation);
      const places = filePlaces(rt.db, f.file_sha256 ?? '');
      // As for messages, any rule may report a planted value (the generic credential rule also
      // reports a provider key on an API_KEY= line); a finding elsewhere is a false positive.
      const explained = places.some((place) => byId.get(place.file_id)?.planted.some((p) =>
        locationKey(p.location) === location && maskValue(p.value) === f.preview));
      if (!explained) outside.push(`${f.file_name}: ${f.rule_id} at ${location} ${f.preview}`);
    }
    expect(outside).toEqual([]);
  });

  it('records each broken file with its reason, and expired uploads as unavailable', () => {
    const errors = listErrors(rt.db, {});
    const broken = truth(h).filter((f) => !f.expired && f.expectedError !== null);
    expect(broken.length).toBeGreaterThanOrEqual(4);
    for (const f of broken) {
      const mine = errors.filter((e) => e.item_key === `file:${f.fileId}` || e.item_key.startsWith(`file:${f.fileId} `));
      expect(mine.map((e) => e.code), `${f.name} (${f.type})`).toContain(f.expectedError);
    }
    const expired = truth(h).filter((f) => f.expired);
    const states = rt.db.prepare('SELECT file_id, status FROM file_refs').all() as { file_id: string; status: string }[];
    const stateOf = new Map(states.map((s) => [s.file_id, s.status]));
    for (const f of expired) expect(stateOf.get(f.fileId), f.name).toBe('unavailable');
    expect(errors.some((e) => expired.some((f) => e.item_key.startsWith(`file:${f.fileId}`)))).toBe(false);
  });

  it('extracts each content once and links its findings to every upload of it', () => {
    const files = truth(h).filter((f) => !f.expired);
    const byContent = new Map<string, string[]>();
    for (const f of files) byContent.set(f.contentKey, [...(byContent.get(f.contentKey) ?? []), f.fileId]);
    const reuploaded = [...byContent.values()].filter((ids) => ids.length > 1);
    expect(reuploaded.length).toBeGreaterThan(0);
    const refs = rt.db.prepare('SELECT file_id, sha256 FROM file_refs').all() as { file_id: string; sha256: string | null }[];
    const shaOf = new Map(refs.map((r) => [r.file_id, r.sha256]));
    for (const ids of reuploaded) {
      const shas = new Set(ids.map((id) => shaOf.get(id)));
      expect(shas.size).toBe(1);
      const sha = [...shas][0] as string;
      const places = filePlaces(rt.db, sha).map((p) => p.file_id);
      for (const id of ids) expect(places).toContain(id);
    }
    const contents = (rt.db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;
    expect(contents).toBe(new Set(refs.filter((r) => r.sha256 !== null).map((r) => r.sha256)).size);
  });

  it('a second scan downloads nothing again', async () => {
    const again = h.runtime();
    const report = await runScan(again, { since: SINCE, until: null, source: 'conversations' });
    expect(report.sources[0]?.stats?.files.extracted).toBe(0);
  });

  it('never writes a value planted in a file in plaintext to the logs or the database', () => {
    const values = truth(h).flatMap((f) => f.planted.map((p) => p.value));
    expect(values.length).toBeGreaterThan(20);
    const logText = h.log.text();
    const db = ['', '-wal', '-shm'].map((s) => h.dbPath + s).filter(existsSync).map((p) => readFileSync(p).toString('utf8')).join('\n');
    expect(values.filter((v) => logText.includes(v) || db.includes(v))).toEqual([]);
  });
});

describe('broken files', () => {
  it('leave every other finding as it is without them', async () => {
    const withBroken = await harness(SIM);
    const without = await harness({ ...SIM, brokenFiles: false } as typeof SIM);
    try {
      const a = withBroken.runtime();
      const b = without.runtime();
      await runScan(a, { since: SINCE, until: null, source: 'logs' });
      await runScan(b, { since: SINCE, until: null, source: 'logs' });
      expect(findingIdentities(a.db)).toEqual(findingIdentities(b.db));
      expect(listErrors(a.db, {}).length).toBeGreaterThan(listErrors(b.db, {}).length);
    } finally {
      await withBroken.close();
      await without.close();
    }
  });
});
