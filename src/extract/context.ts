/** The state one file's extraction shares down its nested entries. */
import type { Source } from './source.js';
import type { ExtractEvent, ExtractLimits, FileLocation } from './types.js';

/** The events an extractor yields (the kind is yielded once, by extractFile). */
export type Ev = Exclude<ExtractEvent, { type: 'kind' }>;

export interface Ctx {
  readonly limits: ExtractLimits;
  /** 0 for the file given to extractFile, +1 per archive or e-mail level. */
  readonly depth: number;
  /** Counted over the whole file, all nesting levels together. */
  readonly totals: { entries: number; inflated: number };
  /** Extracts a nested file (sniffed by its bytes) one level deeper. Failures are thrown. */
  nested(src: Source, name: string): AsyncGenerator<Ev>;
}

/** Puts `entry` in front of the entry chain of every event's location. */
export async function* underEntry(events: AsyncIterable<Ev>, entry: string): AsyncGenerator<Ev> {
  for await (const ev of events) {
    if (ev.type === 'segment') yield { type: 'segment', segment: { ...ev.segment, location: prefix(ev.segment.location, entry) } };
    else yield { type: 'problem', problem: { ...ev.problem, location: prefix(ev.problem.location, entry) } };
  }
}

function prefix(loc: FileLocation, entry: string): FileLocation {
  return { ...loc, entry: [entry, ...(loc.entry ?? [])] };
}
