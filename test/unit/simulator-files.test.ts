import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkspace, startSimulator, type FilePlanted, type FileTruth, type GroundTruth, type Simulator } from '../../src/simulator/index.js';
import type { FileSpec } from '../../src/simulator/files/spec.js';
import type { Workspace } from '../../src/simulator/workspace.js';
import { ByteCache } from '../../src/simulator/files/cache.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The spec a location's `entry` chain leads to. */
function specAt(spec: FileSpec, entry: readonly string[] = []): FileSpec {
  let s = spec;
  for (const name of entry) {
    const child = s.children?.find((c) => c.name === name);
    if (!child) throw new Error(`no entry ${name} in ${s.name}`);
    s = child;
  }
  return s;
}

/** Segments of `spec` placed where `p` says it is reported (HTML is reported as one text). */
function segmentsAt(spec: FileSpec, p: FilePlanted): FileSpec['segments'] {
  const inner = specAt(spec, p.location.entry);
  const l = p.location;
  if (inner.type === 'html') return inner.segments;
  return inner.segments.filter((s) => {
    const at = s.location;
    return at.page === l.page && at.sheet === l.sheet && at.cell === l.cell && at.slide === l.slide && at.line === l.line && at.part === l.part;
  });
}

const firstLine = (v: string): string => v.split('\n')[0] as string;

function byKey(files: readonly FileTruth[]): FileTruth[][] {
  const groups = new Map<string, FileTruth[]>();
  for (const f of files) groups.set(f.contentKey, [...(groups.get(f.contentKey) ?? []), f]);
  return [...groups.values()];
}

function api(sim: Simulator, path: string): Promise<Response> {
  return fetch(`${sim.url}/compliance/workspaces/${sim.workspaceId}${path}`, { headers: { Authorization: `Bearer ${sim.apiKey}` }, redirect: 'manual' });
}

async function download(sim: Simulator, f: { userId: string; fileId: string }): Promise<Response> {
  const redirect = await api(sim, `/users/${f.userId}/files/${f.fileId}`);
  expect(redirect.status).toBe(307);
  return fetch(redirect.headers.get('location') as string);
}

async function bytesOf(sim: Simulator, f: FileTruth): Promise<{ bytes: Buffer; res: Response }> {
  const res = await download(sim, f);
  expect(res.status, f.name).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(Number(res.headers.get('content-length')), f.name).toBe(bytes.length);
  return { bytes, res };
}

describe('files in the generated workspace', () => {
  const ws: Workspace = generateWorkspace({ now: NOW });
  const gt: GroundTruth = ws.groundTruth();

  it('attaches every readable type and each broken kind, some expired, some re-uploaded', () => {
    const types = new Set(gt.files.filter((f) => !f.broken).map((f) => f.type));
    expect([...types].sort()).toEqual(['code', 'csv', 'docx', 'eml', 'html', 'json', 'md', 'ods', 'odt', 'pdf', 'pptx', 'txt', 'xlsx', 'xml', 'zip']);
    expect(gt.files.filter((f) => f.broken).map((f) => [f.broken, f.expectedError])).toEqual([
      ['zip-bomb', 'ARCHIVE_LIMIT'], ['truncated-pdf', 'FILE_CORRUPT'], ['encrypted-docx', 'FILE_ENCRYPTED'], ['image', 'FILE_IMAGE'],
    ]);
    expect(gt.files.some((f) => f.expired)).toBe(true);
    expect(gt.files.length).toBeLessThan(100);
    const reuploads = byKey(gt.files).filter((g) => g.length > 1);
    expect(reuploads.length).toBeGreaterThan(0);
    for (const g of reuploads) {
      expect(new Set(g.map((f) => f.fileId)).size).toBe(g.length);
      expect(new Set(g.map((f) => f.conversationId)).size).toBe(g.length);
      for (const f of g) expect(f.planted).toEqual(g[0]?.planted);
    }
    // File values are not message values: message scoring is unchanged.
    const fileValues = new Set(gt.files.flatMap((f) => f.planted.map((p) => p.value)));
    expect(gt.planted.some((p) => fileValues.has(p.value))).toBe(false);
  });

  it('records every planted value and decoy at a location whose text holds it', () => {
    let n = 0;
    for (const f of gt.files) {
      const spec = ws.filesById.get(f.fileId)?.content.spec as FileSpec;
      expect(f.name).toBe(spec.name);
      for (const p of [...f.planted, ...f.decoys]) {
        const texts = segmentsAt(spec, p).map((s) => s.text);
        expect(texts.some((t) => t.includes(firstLine(p.value))), `${f.name} ${p.kind} ${JSON.stringify(p.location)}`).toBe(true);
        n++;
      }
      const readable = !f.broken;
      if (readable && !['zip', 'eml'].includes(f.type)) expect(f.planted.length, f.name).toBeGreaterThan(0);
    }
    expect(n).toBeGreaterThan(100);
    const zipped = gt.files.flatMap((f) => f.planted).filter((p) => (p.location.entry?.length ?? 0) === 2);
    expect(zipped.length).toBeGreaterThan(0);
    const kinds = new Set(gt.files.flatMap((f) => f.planted.map((p) => p.kind)));
    expect(kinds.size).toBe(15);
  });

  it('is deterministic, and brokenFiles:false or files:false change nothing else', () => {
    const again = generateWorkspace({ now: NOW }).groundTruth();
    expect(again).toEqual(gt);
    const unbroken = generateWorkspace({ now: NOW, brokenFiles: false }).groundTruth();
    expect(unbroken).toEqual({ ...gt, files: gt.files.filter((f) => !f.broken) });
    const none = generateWorkspace({ now: NOW, files: false }).groundTruth();
    expect(none.files.filter((f) => !f.broken)).toEqual([]);
    expect(none.planted).toEqual(gt.planted);
    expect(none.decoys).toEqual(gt.decoys);
    expect(generateWorkspace({ now: NOW, seed: 43 }).groundTruth().files).not.toEqual(gt.files);
  });

  it('attaches files to appended messages too, and reports them', () => {
    const w = generateWorkspace({ now: NOW, users: 5, conversations: 10 });
    const before = w.groundTruth().files.length;
    const added = w.append({ newConversations: 60, newMessagesInExisting: 20 }, NOW.getTime() * 1000);
    expect(added.files.length).toBeGreaterThan(0);
    expect(w.groundTruth().files.length).toBe(before + added.files.length);
    for (const f of added.files) expect(added.messageIds).toContain(f.messageId);
  });
});

describe('serving files', () => {
  let sim: Simulator;
  let gt: GroundTruth;
  const live = (f: FileTruth): boolean => !f.expired;

  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rateLimits: false, logsRetentionDays: 365 });
    gt = sim.groundTruth();
  });
  afterAll(() => sim.close());

  it('sends each type with its magic bytes, Content-Type and Content-Length', async () => {
    const magic: Record<string, string> = { pdf: '%PDF', zip: 'PK\x03\x04', docx: 'PK\x03\x04', xlsx: 'PK\x03\x04', pptx: 'PK\x03\x04', odt: 'PK\x03\x04', ods: 'PK\x03\x04', png: '\x89PNG\r\n\x1a\n' };
    const seen = new Set<string>();
    for (const f of gt.files.filter(live)) {
      const key = f.broken ?? f.type;
      if (seen.has(key) || f.broken === 'zip-bomb') continue;
      seen.add(key);
      const { bytes, res } = await bytesOf(sim, f);
      const head = bytes.subarray(0, 8).toString('latin1');
      if (f.broken === 'encrypted-docx') expect(bytes.subarray(0, 8).toString('hex')).toBe('d0cf11e0a1b11ae1');
      else if (magic[f.type]) expect(head.startsWith(magic[f.type] as string), f.name).toBe(true);
      else expect(bytes.includes(0), f.name).toBe(false);
      if (f.broken === 'truncated-pdf') expect(bytes.subarray(-1024).toString('latin1')).not.toContain('%%EOF');
      if (f.type === 'eml') expect(bytes.toString('utf8')).toMatch(/^Subject: /m);
      expect(res.headers.get('content-type'), f.name).toBeTruthy();
      expect(res.headers.get('content-disposition')).toContain(f.name);
    }
    expect(seen.size).toBe(18);
  });

  it('serves the zip bomb small and marked for ARCHIVE_LIMIT', async () => {
    const bomb = gt.files.find((f) => f.broken === 'zip-bomb') as FileTruth;
    const { bytes } = await bytesOf(sim, bomb);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(bytes.length).toBeLessThan(8 * 1024 * 1024);
  }, 60_000);

  it('puts values where the ground truth says in text, CSV, XLSX and zip bytes', async () => {
    const checked = new Set<string>();
    for (const f of gt.files.filter((x) => live(x) && !x.broken)) {
      if (checked.has(f.type)) continue;
      if (!['txt', 'md', 'code', 'json', 'xml', 'csv', 'xlsx', 'zip'].includes(f.type)) continue;
      checked.add(f.type);
      const { bytes } = await bytesOf(sim, f);
      if (f.type === 'zip') {
        const zip = await JSZip.loadAsync(bytes);
        for (const p of f.planted) expect(zip.file(p.location.entry?.[0] as string), JSON.stringify(p.location)).not.toBeNull();
        continue;
      }
      if (f.type === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(bytes as unknown as ArrayBuffer);
        for (const p of f.planted) expect(String(wb.getWorksheet(p.location.sheet)?.getCell(p.location.cell as string).value)).toContain(p.value);
        continue;
      }
      if (f.type === 'csv') {
        const rows = parse(bytes.toString('utf8'), { relax_column_count: true }) as string[][];
        for (const p of f.planted) {
          const m = /^([A-Z])(\d+)$/.exec(p.location.cell as string) as RegExpExecArray;
          expect(rows[Number(m[2]) - 1]?.[(m[1] as string).charCodeAt(0) - 65]).toContain(p.value);
        }
        continue;
      }
      const lines = bytes.toString('utf8').split('\n');
      for (const p of f.planted) expect(lines[(p.location.line as number) - 1], `${f.name} ${p.kind}`).toContain(firstLine(p.value));
    }
    expect(checked.size).toBe(8);
  });

  it('gives re-uploads the same bytes under new ids', async () => {
    const groups = byKey(gt.files.filter(live)).filter((g) => g.length > 1);
    expect(groups.length).toBeGreaterThan(0);
    const g = groups[0] as FileTruth[];
    const hashes = await Promise.all(g.map(async (f) => sha256((await bytesOf(sim, f)).bytes)));
    expect(new Set(hashes).size).toBe(1);
  });

  it('answers 410 for expired files, which are listed with null url and time', async () => {
    const expired = gt.files.find((f) => f.expired) as FileTruth;
    expect((await api(sim, `/users/${expired.userId}/files/${expired.fileId}`)).status).toBe(410);
  });

  it('lists the same files for the same messages in the logs feed and the conversation listing', async () => {
    const fromListing = new Map<string, string[]>();
    let path = '/conversations?since_timestamp=0&limit=500';
    for (;;) {
      const page = (await (await api(sim, path)).json()) as { data: { messages: { data: { id: string; files: { data: { id: string; download_url: string | null }[] } }[] } }[]; has_more: boolean; last_id: string };
      for (const c of page.data) for (const m of c.messages.data) if (m.files.data.length > 0) fromListing.set(m.id, m.files.data.map((x) => x.id));
      if (!page.has_more) break;
      path = `/conversations?after=${page.last_id}&limit=500`;
    }
    const fromLogs = new Map<string, string[]>();
    let after = '1970-01-01T00:00:00Z';
    for (;;) {
      const page = (await (await api(sim, `/logs?event_type=CONVERSATION_MESSAGE&after=${encodeURIComponent(after)}&limit=100`)).json()) as { data: { id: string }[]; has_more: boolean; last_end_time: string };
      for (const lf of page.data) {
        const res = await fetch((await api(sim, `/logs/${lf.id}`)).headers.get('location') as string);
        for (const line of (await res.text()).split('\n').filter((x) => x !== '')) {
          const e = JSON.parse(line) as { message: { id: string; files: { id: string }[] } };
          if (e.message.files.length > 0) fromLogs.set(e.message.id, e.message.files.map((x) => x.id));
        }
      }
      if (!page.has_more) break;
      after = page.last_end_time;
    }
    expect(fromLogs).toEqual(fromListing);
    const expected = new Map<string, string[]>();
    for (const f of gt.files) expected.set(f.messageId, [...(expected.get(f.messageId) ?? []), f.fileId]);
    expect(fromListing).toEqual(expected);
  });
});

describe('the huge CSV', () => {
  const SIZE = 200_000_000;
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, users: 5, conversations: 30, rateLimits: false, brokenFiles: false, hugeFileBytes: SIZE });
  });
  afterAll(() => sim.close());

  it('streams exactly hugeFileBytes with bounded memory, planted values at their rows', async () => {
    const huge = sim.groundTruth().files.find((f) => f.broken === 'huge-csv') as FileTruth;
    expect(huge).toMatchObject({ type: 'csv', sizeBytes: SIZE, expectedError: null });
    expect(huge.planted.length).toBeGreaterThanOrEqual(3);
    const want = new Map(huge.planted.map((p) => [Number((p.location.cell as string).slice(1)), p]));
    const res = await download(sim, { userId: huge.userId, fileId: huge.fileId });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(SIZE);
    const rss0 = process.memoryUsage().rss;
    let peak = rss0, total = 0, line = 1, partial = '';
    const found = new Map<number, string>();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      total += buf.length;
      let start = 0;
      for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) {
        if (want.has(line)) found.set(line, partial + buf.toString('latin1', start, i));
        partial = '';
        line++;
        start = i + 1;
      }
      partial = want.has(line) ? partial + buf.toString('latin1', start) : '';
      if ((line & 0x3fff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(total).toBe(SIZE);
    expect(peak - rss0).toBeLessThan(SIZE / 4);
    for (const [row, p] of want) expect(found.get(row)?.split(',')[5]).toContain(p.value);
  }, 120_000);
});

describe('ByteCache', () => {
  it('keeps the most recently used entries within its byte budget and shares concurrent builds', async () => {
    const cache = new ByteCache(100);
    let builds = 0;
    const build = (n: number) => async (): Promise<Buffer> => {
      builds++;
      return Buffer.alloc(n);
    };
    const [a1, a2] = await Promise.all([cache.get('a', build(40)), cache.get('a', build(40))]);
    expect(a1).toBe(a2);
    expect(builds).toBe(1);
    await cache.get('b', build(40));
    await cache.get('a', build(40)); // a is now the most recent
    await cache.get('c', build(40)); // evicts b
    expect(builds).toBe(3);
    await cache.get('a', build(40));
    expect(builds).toBe(3);
    await cache.get('b', build(40));
    expect(builds).toBe(4);
    expect(cache.bytes).toBeLessThanOrEqual(100);
    await cache.get('huge', build(500));
    expect(cache.bytes).toBeLessThanOrEqual(100);
  });
});
