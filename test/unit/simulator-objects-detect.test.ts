import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/engine.js';
import { loadRules } from '../../src/rules/load.js';
import { generateWorkspace } from '../../src/simulator/index.js';
import type { TextField } from '../../src/simulator/objects/model.js';
import type { WorkspaceObjects } from '../../src/simulator/objects/store.js';

/** The ground truth says `payment-card`; the shipped rules name the brand (`visa-card` ...). */
const ruleOfKind = (ruleId: string): string => (ruleId.endsWith('-card') ? 'payment-card' : ruleId);

/** Every scanned text of the objects, as leakwatch reads them (one text per field). */
function fields(o: WorkspaceObjects): TextField[] {
  const out: TextField[] = [];
  for (const g of [...o.gpts, ...o.projects]) for (const c of g.configs) out.push(c.name, c.description, c.instructions, ...c.starters);
  for (const m of o.memories) out.push(...m.entries.map((e) => e.content));
  for (const c of o.canvases) for (const v of c.versions) out.push(v.name, v.content, ...v.comments.map((x) => x.content));
  for (const a of o.automations) out.push(a.title, a.prompt);
  for (const r of o.recordings) out.push(r.transcript, r.summary);
  for (const t of o.codexTasks) out.push(t.title, t.prompt);
  for (const e of o.codexEnvironments) out.push(...e.envVars.map(([, v]) => v), ...e.secrets.map(([, v]) => v), e.setup);
  for (const f of o.logFiles) for (const e of f.events) if (e.prompt) out.push(e.prompt);
  return out;
}

describe('object texts against the shipped rules', () => {
  it('finds every value planted in objects, with its rule and offsets, and nothing else', () => {
    const rules = loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
    const detector = new Detector(rules.compiled);
    for (const seed of [42, 7]) {
      const ws = generateWorkspace({ seed, users: 40, conversations: 10, now: new Date('2026-06-01T00:00:00Z'), objects: { gpts: 14, projects: 8, memoryShare: 0.6, canvases: 12, codexEnvironments: 8 } });
      const missed: string[] = [];
      const extra: string[] = [];
      let planted = 0;
      for (const f of fields(ws.objects)) {
        const found = detector.scan(f.text);
        for (const s of f.spans) {
          const hit = found.some((d) => d.start <= s.start && d.end >= s.end && ruleOfKind(d.ruleId) === s.kind);
          if (s.reason === undefined) {
            planted++;
            if (!hit) missed.push(`${s.kind}: ${s.value}`);
          }
        }
        for (const d of found) {
          if (!f.spans.some((s) => s.reason === undefined && d.start <= s.start && d.end >= s.end)) extra.push(`${d.ruleId}: ${f.text.slice(d.start, d.end)} in "${f.text.slice(0, 80)}"`);
        }
      }
      expect(missed, `seed ${seed}`).toEqual([]);
      expect(extra, `seed ${seed}`).toEqual([]);
      expect(planted).toBeGreaterThan(60);
    }
  });
});
