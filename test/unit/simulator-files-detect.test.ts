import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/engine.js';
import { loadRules } from '../../src/rules/load.js';
import type { FileSpec } from '../../src/simulator/files/spec.js';
import { generateWorkspace } from '../../src/simulator/index.js';

/**
 * The texts an extractor yields for a spec, approximately: a text-like file whole, a spreadsheet
 * or CSV row's cells joined by tabs, any other segment alone; entries recursively.
 */
function extractedTexts(spec: FileSpec, out: string[] = []): string[] {
  if (['txt', 'md', 'code', 'json', 'xml', 'html'].includes(spec.type)) {
    out.push(spec.segments.map((s) => s.text).join('\n'));
  } else if (['csv', 'xlsx', 'ods'].includes(spec.type)) {
    const rows = new Map<string, string[]>();
    for (const s of spec.segments) {
      const key = `${s.location.sheet ?? ''}|${/\d+$/.exec(s.location.cell ?? '')?.[0] ?? ''}`;
      rows.set(key, [...(rows.get(key) ?? []), s.text]);
    }
    for (const cells of rows.values()) out.push(cells.join('\t'));
  } else {
    for (const s of spec.segments) out.push(s.text);
  }
  for (const c of spec.children ?? []) extractedTexts(c, out);
  return out;
}

describe('file content against the shipped rules', () => {
  it('finds every value planted in files and nothing else (decoys and filler stay clean)', () => {
    const rules = loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
    const detector = new Detector(rules.compiled);
    for (const seed of [42, 7]) {
      const ws = generateWorkspace({ seed, now: new Date('2026-06-01T00:00:00Z') });
      const planted = new Set<string>();
      const texts: string[] = [];
      const seen = new Set<string>();
      for (const f of ws.filesById.values()) {
        if (seen.has(f.content.key) || f.content.broken) continue;
        seen.add(f.content.key);
        for (const p of f.content.planted) planted.add(p.value);
        extractedTexts(f.content.spec, texts);
      }
      const found = new Set<string>();
      const extra: string[] = [];
      for (const t of texts) {
        for (const d of detector.scan(t)) {
          const v = t.slice(d.start, d.end);
          if (planted.has(v)) found.add(v);
          else extra.push(`${d.ruleId}: ${v} in "${t.slice(0, 100)}"`);
        }
      }
      expect(extra, `seed ${seed}`).toEqual([]);
      expect([...planted].filter((v) => !found.has(v)), `seed ${seed}`).toEqual([]);
      expect(planted.size).toBeGreaterThan(100);
    }
  });
});
