import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CustomRulesConfig } from '../config/schema.js';
import { EDM_ALGORITHM } from '../detect/exact-data.js';
import type { Rule } from './schema.js';

/** The file `leakwatch edm index` writes: salted hashes only, never the values. */
export const edmIndexSchema = z.strictObject({
  version: z.literal(1),
  algorithm: z.literal(EDM_ALGORITHM),
  salt: z.string().min(16),
  column: z.string(),
  count: z.number().int().nonnegative(),
  hashes: z.array(z.string().regex(/^[0-9a-f]{32}$/)),
});
export type EdmIndex = z.infer<typeof edmIndexSchema>;

export interface CustomRule {
  rule: Rule;
  exactData?: { salt: string; hashes: string[] };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Turns the config's `rules.custom` into rules of category `custom`, reporting problems with
 * their key path. Paths are already absolute (resolved against the config file).
 */
export function customRules(custom: CustomRulesConfig, problems: string[]): CustomRule[] {
  const out: CustomRule[] = [];
  const base = (id: string, description: string, severity: Rule['severity']): Omit<Rule, 'regex'> => ({
    id, description, category: 'custom', severity, confidence: 'high', group: 0, keywords: [], validator: null, entropy: null,
    context: null, allowlist: { values: [], regexes: [] }, examples: { match: [], ignore: [] },
  });
  custom.keywords.forEach((k, i) => {
    const words = [...k.words];
    if (k.file !== null) {
      try {
        words.push(...readFileSync(k.file, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
      } catch (err) {
        problems.push(`rules.custom.keywords[${i}].file: cannot read ${k.file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
        return;
      }
    }
    if (words.length === 0) {
      problems.push(`rules.custom.keywords[${i}]: ${k.id} has no words (give words: or a file:)`);
      return;
    }
    const alternatives = [...new Set(words)].sort((a, b) => b.length - a.length).map((w) => escape(w).replace(/\s+/g, '\\s+'));
    out.push({
      rule: {
        ...base(k.id, k.description, k.severity),
        // Word edges only where the term starts or ends with a word character.
        regex: `(?i)(?:^|\\b|[^A-Za-z0-9_])(${alternatives.join('|')})(?:\\b|[^A-Za-z0-9_]|$)`,
        group: 1,
        keywords: [...new Set(words.map((w) => w.toLowerCase().split(/\s+/)[0] as string))],
      },
    });
  });
  custom.regexes.forEach((r) => {
    out.push({
      rule: {
        ...base(r.id, r.description, r.severity),
        regex: r.regex,
        group: r.group,
        context: r.context_words.length > 0 ? { words: r.context_words.map((w) => w.toLowerCase()), window: 60, confidence: 'high', required: true } : null,
      },
    });
  });
  custom.exact_data.forEach((e, i) => {
    let index: EdmIndex;
    try {
      index = edmIndexSchema.parse(JSON.parse(readFileSync(e.index, 'utf8')));
    } catch (err) {
      const why = err instanceof z.ZodError ? 'not an index written by leakwatch edm index' : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
      problems.push(`rules.custom.exact_data[${i}].index: cannot use ${e.index} (${why})`);
      return;
    }
    out.push({ rule: { ...base(e.id, e.description, e.severity), regex: e.pattern }, exactData: { salt: index.salt, hashes: index.hashes } });
  });
  return out;
}
