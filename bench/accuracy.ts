/**
 * Precision and recall per category of the shipped rules on the evaluation corpus, written to
 * bench/ACCURACY.md. Exits 1 when a category falls below bench/accuracy-floor.json.
 *   npx tsx bench/accuracy.ts [messages=20000] [seed=1]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadRules } from '../src/rules/load.js';
import { Detector } from '../src/detect/engine.js';
import { buildCorpus, loadGeneratorModules } from './eval/corpus.js';
import { evaluate, type Evaluation } from './eval/evaluate.js';

export interface Floor {
  precision: number;
  recall: number;
}

export async function runAccuracy(messages: number, seed: number): Promise<{ ev: Evaluation; rules: number }> {
  const rules = loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
  const categoryOf = (id: string): string => rules.meta.get(id)?.category ?? 'unknown';
  const corpus = buildCorpus({ seed, messages, modules: await loadGeneratorModules(), categoryOf: (id) => rules.meta.get(id)?.category });
  const detector = new Detector(rules.compiled);
  return { ev: evaluate(corpus, (t) => detector.scan(t), categoryOf), rules: rules.compiled.rules.length };
}

export function readFloor(): Record<string, Floor> {
  return JSON.parse(readFileSync(join(process.cwd(), 'bench/accuracy-floor.json'), 'utf8')) as Record<string, Floor>;
}

export function belowFloor(ev: Evaluation, floor: Record<string, Floor>): string[] {
  return Object.entries(ev.categories).flatMap(([c, s]) => {
    const f = floor[c] ?? floor.default;
    if (f === undefined) return [];
    const out: string[] = [];
    if (s.precision < f.precision) out.push(`${c}: precision ${s.precision.toFixed(4)} < ${f.precision}`);
    if (s.recall < f.recall) out.push(`${c}: recall ${s.recall.toFixed(4)} < ${f.recall}`);
    return out;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const messages = Number(process.argv[2] ?? 20_000);
  const seed = Number(process.argv[3] ?? 1);
  const { ev, rules } = await runAccuracy(messages, seed);
  const floor = readFloor();
  const fmt = (x: number): string => x.toFixed(4);
  const md = `# leakwatch detection accuracy

Written by \`npx tsx bench/accuracy.ts ${messages} ${seed}\` on ${new Date().toISOString().slice(0, 10)} (${cpus().length} cores, Node ${process.version}).
Corpus: ${ev.messages} generated chat messages (${(ev.bytes / 1e6).toFixed(1)} MB) from \`bench/eval/\`, with planted values
of every rule family and hard negatives (UUIDs, git SHAs, hashes, timestamps, order numbers, versions,
base64, failed checksums, published test cards, documentation example keys, placeholders).
${rules} rules. A planted value is recalled when a finding of its category overlaps it; a finding is
a true positive when it overlaps a planted value of its category. Floors: \`bench/accuracy-floor.json\`
(checked by \`test/unit/accuracy.test.ts\` on a smaller corpus).

| category | planted | recalled | recall | findings | true positives | precision |
|---|---:|---:|---:|---:|---:|---:|
${Object.entries(ev.categories).sort().map(([c, s]) => `| ${c} | ${s.planted} | ${s.recalled} | ${fmt(s.recall)} | ${s.findings} | ${s.truePositives} | ${fmt(s.precision)} |`).join('\n')}

## Per planted rule

| rule | planted | recalled | false positives |
|---|---:|---:|---:|
${Object.entries(ev.perRule).sort().map(([r, s]) => `| ${r} | ${s.planted} | ${s.recalled} | ${s.falsePositives} |`).join('\n')}
`;
  writeFileSync(join(process.cwd(), 'bench/ACCURACY.md'), md);
  console.log(JSON.stringify(ev.categories, null, 1));
  if (ev.missSamples.length) console.log('misses:', ev.missSamples.slice(0, 15));
  if (ev.falsePositiveSamples.length) console.log('false positives:', ev.falsePositiveSamples.slice(0, 25));
  const below = belowFloor(ev, floor);
  if (below.length > 0) {
    console.error(`below the recorded floor:\n  ${below.join('\n  ')}`);
    process.exit(1);
  }
}
