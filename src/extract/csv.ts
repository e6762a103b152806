/**
 * CSV with csv-parse (its one owner module), streamed: one segment per non-empty record, cells
 * joined by tabs with A1 addresses (row 1 is the first record), location {}. The delimiter (',',
 * ';' or tab) is guessed from the first line.
 */
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { rowSegment } from './cells.js';
import type { Ev } from './context.js';
import type { TextEncoding } from './sniff.js';
import { openStream, type Source } from './source.js';
import { decodeStream } from './text.js';

export async function* extractCsv(src: Source, encoding: TextEncoding): AsyncGenerator<Ev> {
  const text = decodeStream(openStream(src), encoding);
  const first = await text.next();
  if (first.done) return;
  const parser = parse({ delimiter: guessDelimiter(first.value), relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: false });
  async function* all(): AsyncGenerator<string> {
    yield first.value as string;
    yield* text;
  }
  const input = Readable.from(all());
  pipeline(input, parser, () => { /* errors surface through the parser's iterator */ });
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      const segment = rowSegment({}, row, record.map((t, col) => ({ col, text: t })));
      if (segment) yield { type: 'segment', segment };
    }
  } finally {
    input.destroy();
    parser.destroy();
    await text.return(undefined);
  }
}

/** The most frequent of , ; and tab in the first line, outside double quotes; ',' by default. */
export function guessDelimiter(head: string): string {
  const end = head.indexOf('\n');
  const line = end < 0 ? head : head.slice(0, end);
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}
