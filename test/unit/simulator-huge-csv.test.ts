import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
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
});
