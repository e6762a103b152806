/**
 * File text extraction: file bytes -> text segments with locations, within limits.
 *
 * extractFile yields the sniffed kind first, then segments and partial problems in document
 * order. A failure of the whole file is thrown as an ExtractError with a stable code; inside an
 * archive or e-mail the same failure of one entry is a `problem` at that entry, and extraction
 * goes on. Stopping the iteration early closes every file, zip and document it opened.
 */
import { stat } from 'node:fs/promises';
import type { Ctx, Ev } from './context.js';
import { extractKind } from './dispatch.js';
import { withTextBudget } from './limits.js';
import { sniff } from './sniff.js';
import type { Source } from './source.js';
import type { ExtractEvent, ExtractLimits } from './types.js';

export { ExtractError } from './error.js';
export type * from './types.js';

/** Extracts the text of the file at `path` (`name` is its original file name, used only as a tiebreak for sniffing). */
export async function* extractFile(path: string, name: string, limits: ExtractLimits): AsyncGenerator<ExtractEvent> {
  const { size } = await stat(path);
  const src: Source = { path, size };
  const sniffed = await sniff(src, name, limits.maxFileBytes);
  yield { type: 'kind', kind: sniffed.kind };
  const totals = { entries: 0, inflated: 0 };
  yield* withTextBudget(extractKind(src, sniffed, context(limits, 0, totals)), limits.maxTextChars);
}

function context(limits: ExtractLimits, depth: number, totals: Ctx['totals']): Ctx {
  return {
    limits,
    depth,
    totals,
    async *nested(src, name): AsyncGenerator<Ev> {
      const sniffed = await sniff(src, name, limits.maxFileBytes);
      yield* extractKind(src, sniffed, context(limits, depth + 1, totals));
    },
  };
}
