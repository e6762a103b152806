/** Spreadsheet-like rows as segments: cells joined by tabs, with each cell's start and A1 address. */
import type { FileLocation, TextSegment } from './types.js';

/** 0 -> 'A', 25 -> 'Z', 26 -> 'AA'. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A row's non-empty cells (`col` zero-based) as one segment; undefined when every cell is empty. */
export function rowSegment(location: FileLocation, row: number, cells: { col: number; text: string }[]): TextSegment | undefined {
  let text = '';
  const starts: { start: number; cell: string }[] = [];
  for (const c of cells) {
    if (c.text === '') continue;
    if (starts.length) text += '\t';
    starts.push({ start: text.length, cell: `${columnName(c.col)}${row}` });
    text += c.text;
  }
  return starts.length ? { location, text, cells: starts } : undefined;
}
