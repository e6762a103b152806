import { describe, it, expect } from 'vitest';
import { createPool } from '../../src/pipeline/pool.js';
import type { CompiledRuleSet } from '../../src/rules/compiled.js';

const ruleSet: CompiledRuleSet = {
  rules: [
    {
      id: 'test-card', category: 'financial', severity: 'high', confidence: 'medium',
      regex: '\\b([0-9]{4}(?: [0-9]{4}){3})\\b', group: 1, keywords: [], validator: 'luhn', entropy: null,
      context: null, allowlist: { values: [], regexes: [] }, minConfidence: 'low',
    },
  ],
  globalAllowlist: { values: [], regexes: [] },
  digest: 'test',
};

describe('scan pool', () => {
  it('runs re2 rules in real worker threads and returns string offsets', async () => {
    const pool = createPool(ruleSet, 2);
    try {
      const text = 'héllo 🎉 card 4539 1488 0343 6467 ok';
      const res = await pool.run({ items: [{ ref: 7, text }, { ref: 8, text: 'nothing here' }] });
      expect(res.results).toHaveLength(2);
      const [first, second] = res.results;
      expect(first?.ref).toBe(7);
      expect(first?.detections).toHaveLength(1);
      const d = first!.detections[0]!;
      expect(text.slice(d.start, d.end)).toBe('4539 1488 0343 6467');
      expect(d.preview).not.toContain('1488 0343');
      expect(second?.detections).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});
