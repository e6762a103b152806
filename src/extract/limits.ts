/** The per-file text budget (maxTextChars): segments pass through it until it is spent. */
import type { Ev } from './context.js';
import type { FileLocation } from './types.js';

/**
 * Passes events on, cutting the segment that reaches `maxChars` and replacing everything after
 * it with one TEXT_LIMIT problem. Stopping early closes the source generator (and so its files).
 */
export async function* withTextBudget(events: AsyncGenerator<Ev>, maxChars: number): AsyncGenerator<Ev> {
  let left = maxChars;
  for await (const ev of events) {
    if (ev.type !== 'segment') { yield ev; continue; }
    const { segment } = ev;
    if (left <= 0) {
      yield textLimit(maxChars, segment.location);
      return;
    }
    if (segment.text.length <= left) {
      left -= segment.text.length;
      yield ev;
      continue;
    }
    // Cut at `left`, not between the halves of a surrogate pair.
    let cut = left;
    const code = segment.text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    const cells = segment.cells?.filter((c) => c.start < cut);
    yield { type: 'segment', segment: { ...segment, text: segment.text.slice(0, cut), ...(cells ? { cells } : {}) } };
    yield textLimit(maxChars, segment.location);
    return;
  }
}

function textLimit(maxChars: number, location: FileLocation): Ev {
  return { type: 'problem', problem: { code: 'TEXT_LIMIT', message: `more than ${maxChars} characters of text: the rest was not scanned`, location } };
}
