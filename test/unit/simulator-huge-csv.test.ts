import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/extract/index.js';
import { ChunkPool, MIN_HUGE_BYTES, hugeCsvChunks, planHugeCsv } from '../../src/simulator/files/huge-csv.js';

const NOW_S = Date.parse('2026-06-01T00:00:00Z') / 1000;

function render(bytes: number, seed = 42): { text: string; plan: ReturnType<typeof planHugeCsv> } {
  const plan = planHugeCsv(seed, bytes, NOW_S);
  const pool = new ChunkPool(4096);
  // Copies, because each chunk's buffer goes back to the pool.
  const parts = [...hugeCsvChunks(plan, pool)].map((c) => {
    const copy = Buffer.from(c);
    pool.release(c);
    return copy;
  });
  return { text: Buffer.concat(parts).toString('latin1'), plan };
}

describe('the huge CSV generator', () => {
  it('writes exactly the planned size, from tiny to a megabyte, as valid CSV', () => {
    for (const bytes of [MIN_HUGE_BYTES, 1000, 4097, 65_536, 1_000_003]) {
      const { text, plan } = render(bytes);
      expect(text.length, String(bytes)).toBe(Math.max(bytes, MIN_HUGE_BYTES));
      expect(plan.bytes).toBe(text.length);
      const rows = parse(text) as string[][];
      expect(rows[0]).toEqual(['row_id', 'customer', 'city', 'segment', 'amount_eur', 'notes']);
      expect(rows.every((r) => r.length === 6)).toBe(true);
    }
  });

  it('puts its planted values at their cells, and the same bytes every time', () => {
    const { text, plan } = render(1_000_003);
    expect(plan.planted.length).toBe(5);
    const rows = parse(text) as string[][];
    for (const p of plan.planted) {
      const row = Number((p.location.cell as string).slice(1));
      expect(p.location.cell?.[0]).toBe('F');
      expect(rows[row - 1]?.[5]).toContain(p.value);
    }
    expect(render(1_000_003).text).toBe(text);
    expect(render(1_000_003, 43).text).not.toBe(text);
  });

  it('is read by the CSV extractor with each planted value in its cell', async () => {
    const { text, plan } = render(1_000_003);
    const dir = mkdtempSync(join(tmpdir(), 'huge-csv-'));
    try {
      writeFileSync(join(dir, 'x.csv'), text, 'latin1');
      const limits = { maxFileBytes: 10e6, maxDepth: 3, maxEntries: 100, maxUncompressedBytes: 10e6, maxCompressionRatio: 100, maxTextChars: 10e6 };
      const cells = new Map<string, string>();
      for await (const e of extractFile(join(dir, 'x.csv'), 'full-customer-export.csv', limits)) {
        if (e.type !== 'segment' || !e.segment.cells) continue;
        const { cells: starts, text: row } = e.segment;
        starts.forEach((c, i) => cells.set(c.cell, row.slice(c.start, starts[i + 1] ? (starts[i + 1] as { start: number }).start - 1 : row.length)));
      }
      for (const p of plan.planted) expect(cells.get(p.location.cell as string)).toContain(p.value);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
