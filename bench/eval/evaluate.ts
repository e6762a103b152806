import type { Detection } from '../../src/detect/engine.js';
import type { EvalMessage } from './corpus.js';

export interface CategoryScore {
  planted: number;
  recalled: number;
  findings: number;
  truePositives: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  messages: number;
  bytes: number;
  categories: Record<string, CategoryScore>;
  perRule: Record<string, { planted: number; recalled: number; falsePositives: number }>;
  falsePositiveSamples: string[];
  missSamples: string[];
}

/**
 * Scores findings against the planted spans. A planted value is recalled when a finding of its
 * category overlaps it; a finding is a true positive when it overlaps a planted value of its own
 * category (two rules reporting the same secret are both right), otherwise a false positive.
 */
export function evaluate(corpus: EvalMessage[], scan: (text: string) => Detection[], categoryOf: (ruleId: string) => string): Evaluation {
  const ev: Evaluation = { messages: corpus.length, bytes: 0, categories: {}, perRule: {}, falsePositiveSamples: [], missSamples: [] };
  const cat = (c: string): CategoryScore => (ev.categories[c] ??= { planted: 0, recalled: 0, findings: 0, truePositives: 0, precision: 1, recall: 1 });
  const rule = (id: string) => (ev.perRule[id] ??= { planted: 0, recalled: 0, falsePositives: 0 });
  for (const msg of corpus) {
    ev.bytes += Buffer.byteLength(msg.text);
    const found = scan(msg.text);
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
    for (const p of msg.planted) {
      cat(p.category).planted++;
      rule(p.ruleId).planted++;
      if (found.some((f) => categoryOf(f.ruleId) === p.category && overlaps(f, p))) {
        cat(p.category).recalled++;
        rule(p.ruleId).recalled++;
      } else if (ev.missSamples.length < 40) {
        ev.missSamples.push(`${p.ruleId}: …${JSON.stringify(msg.text.slice(Math.max(0, p.start - 40), p.end + 15))}`);
      }
    }
    for (const f of found) {
      const c = categoryOf(f.ruleId);
      cat(c).findings++;
      if (msg.planted.some((p) => p.category === c && overlaps(f, p))) cat(c).truePositives++;
      else {
        rule(f.ruleId).falsePositives++;
        if (ev.falsePositiveSamples.length < 40) {
          ev.falsePositiveSamples.push(`${f.ruleId}: …${JSON.stringify(msg.text.slice(Math.max(0, f.start - 30), f.end + 10))}`);
        }
      }
    }
  }
  for (const s of Object.values(ev.categories)) {
    s.precision = s.findings === 0 ? 1 : s.truePositives / s.findings;
    s.recall = s.planted === 0 ? 1 : s.recalled / s.planted;
  }
  return ev;
}
