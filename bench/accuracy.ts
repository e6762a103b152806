/**
 * Accuracy of the shipped rules on simulated workspaces: planted values found at their exact
 * span (recall), findings outside any planted value (false positives), and decoys matched.
 * Runs the detector directly over generated messages, no network. Usage:
 *   npx tsx bench/accuracy.ts [seeds=1,2,3] [conversations=2000]
 */
import { generateWorkspace } from '../src/simulator/index.js';
import { loadRules } from '../src/rules/load.js';
import { Detector } from '../src/detect/engine.js';

export interface AccuracyResult {
  planted: number;
  found: number;
  falsePositives: number;
  decoysMatched: number;
  perKind: Record<string, { planted: number; found: number }>;
  misses: string[];
  extras: string[];
}

export function measureAccuracy(seeds: number[], conversations: number): AccuracyResult {
  const rules = loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
  const detector = new Detector(rules.compiled);
  const r: AccuracyResult = { planted: 0, found: 0, falsePositives: 0, decoysMatched: 0, perKind: {}, misses: [], extras: [] };
  for (const seed of seeds) {
    const ws = generateWorkspace({ seed, users: 100, conversations });
    const gt = ws.groundTruth();
    const byMsg = new Map<string, typeof gt.planted>();
    for (const p of gt.planted) byMsg.set(p.messageId, [...(byMsg.get(p.messageId) ?? []), p]);
    const decoysByMsg = new Map<string, typeof gt.decoys>();
    for (const d of gt.decoys) decoysByMsg.set(d.messageId, [...(decoysByMsg.get(d.messageId) ?? []), d]);
    for (const conv of ws.conversations) {
      for (const m of conv.messages) {
        if (m.content === null) continue;
        const hits = detector.scan(m.content);
        const planted = byMsg.get(m.id) ?? [];
        for (const p of planted) {
          const k = (r.perKind[p.kind] ??= { planted: 0, found: 0 });
          k.planted++;
          r.planted++;
          if (hits.some((h) => h.ruleId === p.kind && h.start === p.start && h.end === p.end)) {
            k.found++;
            r.found++;
          } else {
            const ctx = m.content.slice(Math.max(0, p.start - 40), p.end + 20);
            r.misses.push(`${p.kind}: ${JSON.stringify(p.value)} in …${JSON.stringify(ctx)}`);
          }
        }
        for (const h of hits) {
          if (planted.some((p) => h.start >= p.start && h.end <= p.end)) continue;
          r.falsePositives++;
          const isDecoy = (decoysByMsg.get(m.id) ?? []).some((d) => h.start < d.end && h.end > d.start);
          if (isDecoy) r.decoysMatched++;
          r.extras.push(`${h.ruleId}${isDecoy ? ' (decoy)' : ''}: ${JSON.stringify(m.content.slice(Math.max(0, h.start - 30), h.end + 10))}`);
        }
      }
    }
  }
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seeds = (process.argv[2] ?? '1,2,3').split(',').map(Number);
  const n = Number(process.argv[3] ?? 2000);
  const r = measureAccuracy(seeds, n);
  console.log(JSON.stringify({ planted: r.planted, found: r.found, falsePositives: r.falsePositives, decoysMatched: r.decoysMatched, perKind: r.perKind }, null, 1));
  console.log('misses:', r.misses.slice(0, 20));
  console.log('extras:', r.extras.slice(0, 20));
}
