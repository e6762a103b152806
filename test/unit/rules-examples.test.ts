import { describe, it, expect } from 'vitest';
import { loadRules } from '../../src/rules/load.js';
import { Detector } from '../../src/detect/engine.js';

/**
 * Generated from the shipped packs: every rule's `examples.match` must yield a finding of that
 * rule with the full rule set loaded, and every `examples.ignore` none of it.
 */
const loaded = loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
const detector = new Detector(loaded.compiled);

describe('shipped rule packs', () => {
  it('load without problems and hold the starter set', () => {
    expect(loaded.rules.length).toBeGreaterThanOrEqual(15);
  });

  for (const { rule, file } of loaded.rules) {
    describe(`${rule.id} (${file.split('/').pop()})`, () => {
      it.each(rule.examples.match)('matches %s', (text) => {
        const hits = detector.scan(text).filter((d) => d.ruleId === rule.id);
        expect(hits.length).toBeGreaterThan(0);
        for (const h of hits) expect(h.preview).not.toBe(text.slice(h.start, h.end));
      });
      it.each(rule.examples.ignore)('ignores %s', (text) => {
        expect(detector.scan(text).filter((d) => d.ruleId === rule.id)).toEqual([]);
      });
    });
  }
});
