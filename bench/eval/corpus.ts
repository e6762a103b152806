/**
 * The evaluation corpus: realistic chat messages with planted values of every category and hard
 * negatives, generated from a seed. It is separate from the rules' own examples: values come from
 * the generator modules in bench/eval/generators/ (one per rule family) and from the simulator's
 * planted kinds, sentences from bench/eval/filler.ts.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng as SimRng } from '../../src/simulator/random.js';
import { KIND_IDS, DECOY_MAKERS, plantFragment } from '../../src/simulator/plants.js';
import { builtinHardNegatives, fillerSentence } from './filler.js';
import type { HardNegative, Rng, ValueGenerator } from './types.js';

export interface Planted {
  ruleId: string;
  category: string;
  start: number;
  end: number;
}

export interface EvalMessage {
  text: string;
  planted: Planted[];
}

interface Source {
  ruleId: string;
  category: string;
  make(rng: Rng, sim: SimRng): { text: string; spans: { start: number; end: number }[] };
}

export interface GeneratorModule {
  generators?: ValueGenerator[];
  hardNegatives?: HardNegative[];
}

/** Loads every generator module (bench/eval/generators/*.ts). */
export async function loadGeneratorModules(): Promise<GeneratorModule[]> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'generators');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  return Promise.all(files.map((f) => import(join(dir, f)) as Promise<GeneratorModule>));
}

function fromGenerator(g: ValueGenerator, category: string): Source {
  return {
    ruleId: g.ruleId,
    category,
    make(rng) {
      const template = g.templates[Math.floor(rng() * g.templates.length)] as string;
      const value = g.valid(rng);
      const i = template.indexOf('{v}');
      return { text: template.slice(0, i) + value + template.slice(i + 3), spans: [{ start: i, end: i + value.length }] };
    },
  };
}

/**
 * `plantRate`: the share of messages that carry planted values (1 = every message, the dense
 * corpus the accuracy figures use; the throughput bench uses a realistic few percent).
 */
export function buildCorpus(opts: { seed: number; messages: number; modules: GeneratorModule[]; categoryOf: (ruleId: string) => string | undefined; plantRate?: number }): EvalMessage[] {
  const sim = new SimRng(opts.seed, 'eval-corpus');
  const rng: Rng = () => sim.float();
  const sources: Source[] = [];
  for (const kind of KIND_IDS) {
    sources.push({
      ruleId: kind,
      category: ['payment-card', 'iban'].includes(kind) ? 'financial' : ['email-address', 'us-ssn', 'phone-number'].includes(kind) ? 'pii' : 'secret',
      make: (_r, s) => plantFragment(kind, s, { personName: 'Alex Morgan', nowS: 1_780_000_000 }),
    });
  }
  const negatives: HardNegative[] = [...builtinHardNegatives];
  for (const mod of opts.modules) {
    for (const g of mod.generators ?? []) {
      const category = opts.categoryOf(g.ruleId);
      if (category !== undefined) sources.push(fromGenerator(g, category));
    }
    negatives.push(...(mod.hardNegatives ?? []));
  }
  const decoys = DECOY_MAKERS.map((maker) => (r: SimRng) => maker(r).text);

  const out: EvalMessage[] = [];
  let cursor = 0;
  for (let m = 0; m < opts.messages; m++) {
    let text = '';
    const planted: Planted[] = [];
    const add = (piece: string): void => {
      text += (text === '' ? '' : text.endsWith('\n') ? '' : ' ') + piece;
    };
    const sentences = 1 + Math.floor(rng() * 4);
    for (let s = 0; s < sentences; s++) add(fillerSentence(rng));
    // Every source gets the same share of plants: walk them in order, one or two per message.
    const plants = rng() >= (opts.plantRate ?? 1) ? 0 : rng() < 0.5 ? 1 : 2;
    for (let p = 0; p < plants; p++) {
      const src = sources[cursor++ % sources.length] as Source;
      const frag = src.make(rng, sim);
      const separator = text === '' ? '' : frag.text.includes('\n') ? '\n\n' : ' ';
      const base = text.length + separator.length;
      text += separator + frag.text;
      for (const span of frag.spans) planted.push({ ruleId: src.ruleId, category: src.category, start: base + span.start, end: base + span.end });
      if (frag.text.includes('\n')) text += '\n\n';
    }
    // Look-alikes come at the plant rate too: a sparse corpus is sparse in both.
    const rate = opts.plantRate ?? 1;
    if (rng() < 0.6 * rate) add((negatives[Math.floor(rng() * negatives.length)] as HardNegative).text(rng));
    if (rng() < 0.2 * rate) add((decoys[Math.floor(rng() * decoys.length)] as (r: SimRng) => string)(sim));
    if (rng() < 0.5) add(fillerSentence(rng));
    out.push({ text, planted });
  }
  return out;
}
