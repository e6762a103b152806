import { afterAll, describe, expect, it } from 'vitest';
import { buildFile } from '../../../src/simulator/files/build.js';
import { zipBomb } from '../../../src/simulator/files/broken.js';
import type { FileSpec } from '../../../src/simulator/files/spec.js';
import { cleanTmp, find, LIMITS, runBuffer, runSpec, SSN } from './helpers.js';

afterAll(cleanTmp);

const txt = (name: string, text: string): FileSpec => ({ type: 'txt', name, segments: [{ location: { line: 1 }, text }] });

describe('archive limits', () => {
  it('a zip bomb yields an ARCHIVE_LIMIT problem without being inflated', async () => {
    const bomb = await zipBomb();
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const r = await runBuffer(bomb, 'backup.zip');
    const grown = process.memoryUsage().rss - before;
    expect(r.kind).toBe('zip');
    expect(r.error).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'ARCHIVE_LIMIT', location: { entry: ['backup/disk.img'] } });
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });

  it('a bomb whose declared size is over the total is refused before inflating', async () => {
    const limits = { ...LIMITS, maxCompressionRatio: 10_000, maxFileBytes: 2 * 1024 ** 3, maxUncompressedBytes: 64 * 1024 * 1024 };
    const r = await runBuffer(await zipBomb(), 'b.zip', limits);
    expect(r.problems.map((p) => p.code)).toEqual(['ARCHIVE_LIMIT']);
    expect(r.problems[0]!.message).toMatch(/total/);
  });

  /** The bomb with its central directory claiming `declared` bytes: the counting while inflating must stop it. */
  async function lyingBomb(declared: number): Promise<Buffer> {
    const buf = Buffer.from(await zipBomb());
    const cd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt32LE(declared, cd + 24);
    return buf;
  }

  it('entries past the total inflated size are ARCHIVE_LIMIT problems; entries that still fit are read', async () => {
    const limits = { ...LIMITS, maxUncompressedBytes: 100_000 };
    const big = (name: string): FileSpec => txt(name, Array.from({ length: 4000 }, (_, i) => `line ${i} ${name}`).join('\n'));
    const r = await runSpec({ type: 'zip', name: 'z.zip', segments: [], children: [big('a.txt'), big('b.txt'), txt('c.txt', SSN)] }, 'z.zip', limits);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'ARCHIVE_LIMIT', location: { entry: ['b.txt'] } })]);
    expect(find(r, 'a.txt')).toBeDefined();
    expect(find(r, SSN)?.segment.location.entry).toEqual(['c.txt']);
  });

  it('declared sizes that lie low: inflating past the declared size is ARCHIVE_LIMIT', async () => {
    const r = await runBuffer(await lyingBomb(1000), 'b.zip');
    expect(r.problems).toEqual([expect.objectContaining({ code: 'ARCHIVE_LIMIT', message: expect.stringMatching(/declared size/) })]);
  });

  it('nesting deeper than maxDepth is an ARCHIVE_LIMIT problem at that entry; shallower entries are read', async () => {
    const spec: FileSpec = { type: 'zip', name: 'l0.zip', segments: [], children: [
      txt('top.txt', `top ${SSN}`),
      { type: 'zip', name: 'l1.zip', segments: [], children: [
        txt('mid.txt', 'mid 111-22-3333'),
        { type: 'zip', name: 'l2.zip', segments: [], children: [txt('deep.txt', 'deep 222-33-4444')] },
      ] },
    ] };
    const r = await runSpec(spec, 'l0.zip', { ...LIMITS, maxDepth: 2 });
    expect(find(r, SSN)?.segment.location.entry).toEqual(['top.txt']);
    expect(find(r, '111-22-3333')?.segment.location.entry).toEqual(['l1.zip', 'mid.txt']);
    expect(find(r, '222-33-4444')).toBeUndefined();
    expect(r.problems).toEqual([expect.objectContaining({ code: 'ARCHIVE_LIMIT', location: { entry: ['l1.zip', 'l2.zip', 'deep.txt'] } })]);
  });

  it('more than maxEntries entries: one ARCHIVE_LIMIT problem, the rest not read', async () => {
    const children = Array.from({ length: 8 }, (_, i) => txt(`f${i}.txt`, `file ${i}`));
    const r = await runSpec({ type: 'zip', name: 'many.zip', segments: [], children }, 'many.zip', { ...LIMITS, maxEntries: 5 });
    expect(r.segments).toHaveLength(5);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'ARCHIVE_LIMIT', location: { entry: ['f5.txt'] } })]);
  });

  it('an entry larger than maxFileBytes is FILE_TOO_LARGE; the next entry is still read', async () => {
    const r = await runSpec({ type: 'zip', name: 'z.zip', segments: [], children: [txt('big.txt', 'x'.repeat(5000)), txt('small.txt', SSN)] }, 'z.zip', { ...LIMITS, maxFileBytes: 1000 });
    expect(r.problems).toEqual([expect.objectContaining({ code: 'FILE_TOO_LARGE', location: { entry: ['big.txt'] } })]);
    expect(find(r, SSN)?.segment.location.entry).toEqual(['small.txt']);
  });

  it('a corrupt nested file is a problem at its entry', async () => {
    const pdf = await buildFile({ type: 'pdf', name: 'a.pdf', segments: [{ location: { page: 1 }, text: SSN }] });
    const { truncate } = await import('../../../src/simulator/files/broken.js');
    const { default: yazl } = await import('yazl');
    const zip = new yazl.ZipFile();
    zip.addBuffer(truncate(pdf), 'broken.pdf');
    zip.addBuffer(Buffer.from(`ok ${SSN}\n`), 'ok.txt');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream) chunks.push(c as Buffer);
    const r = await runBuffer(Buffer.concat(chunks), 'z.zip');
    expect(r.problems).toEqual([expect.objectContaining({ code: 'FILE_CORRUPT', location: { entry: ['broken.pdf'] } })]);
    expect(find(r, SSN)?.segment.location.entry).toEqual(['ok.txt']);
  });
});

describe('file limits', () => {
  it('maxTextChars: the text is cut and one TEXT_LIMIT problem ends the extraction', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i} ${SSN}`).join('\n');
    const r = await runSpec(txt('a.txt', text), 'a.txt', { ...LIMITS, maxTextChars: 1000 });
    expect(r.segments.reduce((n, s) => n + s.text.length, 0)).toBe(1000);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'TEXT_LIMIT' })]);
  });

  it('maxTextChars over a spreadsheet keeps only the cells that start before the cut', async () => {
    const segments = Array.from({ length: 50 }, (_, i) => ({ location: { sheet: 'S', cell: `B${i + 1}` }, text: `row ${i} ${SSN}` }));
    const r = await runSpec({ type: 'xlsx', name: 'a.xlsx', segments }, 'a.xlsx', { ...LIMITS, maxTextChars: 100 });
    expect(r.problems.map((p) => p.code)).toEqual(['TEXT_LIMIT']);
    expect(r.problems[0]!.location.sheet).toBe('S');
    for (const s of r.segments) for (const c of s.cells ?? []) expect(c.start).toBeLessThan(s.text.length);
  });

  it('a non-streamed file over maxFileBytes is FILE_TOO_LARGE before it is read', async () => {
    const pdf = await buildFile({ type: 'pdf', name: 'a.pdf', segments: [{ location: { page: 1 }, text: SSN }] });
    const r = await runBuffer(pdf, 'a.pdf', { ...LIMITS, maxFileBytes: 100 });
    expect(r.kind).toBe('pdf');
    expect(r.error?.code).toBe('FILE_TOO_LARGE');
  });
});
