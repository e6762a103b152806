/**
 * The huge CSV: a customer export of exactly `bytes` bytes, generated row by row while it is
 * sent and never held in memory, with a few planted values in the notes column of rows fixed up
 * front. Filler rows are a pure function of (seed, row), so the stream is the same every time.
 */
import { Rng, mix32 } from '../random.js';
import { SLOTS } from '../text.js';
import { FIRST_NAMES, LAST_NAMES } from '../values.js';
import type { FilePlanted } from '../types.js';
import { PII_KINDS, plantLine } from './plant-text.js';

const HEADER = 'row_id,customer,city,segment,amount_eur,notes\n';
const CITIES = SLOTS.city as readonly string[];
const SEGMENTS = ['Enterprise', 'Mid-market', 'SMB', 'Public sector', 'Partner'];
const NOTES = ['renewal in progress', 'upsell candidate', 'paused', 'migrated from the old CRM', '', 'churn risk flagged', 'key account'];
/** No row is longer (checked as rows are made); the last row pads the file to its exact size. */
const MAX_ROW = 220;
const PLANTS = 5;
/** The smallest size served: the header, and room for the padded last row. */
export const MIN_HUGE_BYTES = HEADER.length + MAX_ROW;

export interface HugeCsvPlan {
  seed: number;
  bytes: number;
  /** Data row number (1-based; the header is line 1, so row r is CSV row r + 1) -> notes cell text. */
  notes: Map<number, string>;
  planted: FilePlanted[];
}

export function planHugeCsv(seed: number, bytes: number, nowS: number): HugeCsvPlan {
  const size = Math.max(MIN_HUGE_BYTES, Math.floor(bytes));
  const rng = new Rng(seed, 'huge-csv');
  const notes = new Map<number, string>();
  const planted: FilePlanted[] = [];
  // Rows certainly written whatever the filler lengths: every row is at most MAX_ROW bytes.
  const safeRows = Math.floor((size - HEADER.length - 2 * MAX_ROW) / MAX_ROW);
  for (let k = 1; k <= PLANTS && safeRows >= PLANTS; k++) {
    const row = Math.floor((k * safeRows) / (PLANTS + 1)) + 1;
    const f = plantLine(rng, 'markup', { nowS }, { kinds: PII_KINDS });
    const span = f.spans[0];
    if (!span || /[,\n"]/.test(f.text)) continue;
    notes.set(row, f.text);
    planted.push({ kind: span.kind, category: span.category, value: span.value, location: { cell: `F${row + 1}` } });
  }
  return { seed, bytes: size, notes, planted };
}

function row(plan: HugeCsvPlan, i: number): string {
  const h = mix32(i ^ mix32(plan.seed));
  const h2 = mix32(h + 0x9e3779b9);
  const name = `${FIRST_NAMES[h % FIRST_NAMES.length] as string} ${LAST_NAMES[(h >>> 8) % LAST_NAMES.length] as string}`;
  const amount = `${(h2 % 900_000) / 100}`;
  const note = plan.notes.get(i) ?? (NOTES[(h2 >>> 20) % NOTES.length] as string);
  const line = `${i},${name},${CITIES[(h >>> 16) % CITIES.length] as string},${SEGMENTS[(h >>> 24) % SEGMENTS.length] as string},${amount},${note}\n`;
  if (line.length > MAX_ROW) throw new Error(`huge CSV row ${i} is longer than ${MAX_ROW} bytes`);
  return line;
}

/** The file in chunks of about `chunkBytes` (ASCII only, so string length is byte length). */
export function* hugeCsvChunks(plan: HugeCsvPlan, chunkBytes = 64 * 1024): Generator<Buffer> {
  let written = 0;
  let parts: string[] = [HEADER];
  let pending = HEADER.length;
  let i = 1;
  const flush = (): Buffer => {
    const buf = Buffer.from(parts.join(''), 'latin1');
    written += buf.length;
    parts = [];
    pending = 0;
    return buf;
  };
  while (plan.bytes - (written + pending) >= 2 * MAX_ROW) {
    const line = row(plan, i++);
    parts.push(line);
    pending += line.length;
    if (pending >= chunkBytes) yield flush();
  }
  const remaining = plan.bytes - (written + pending);
  const prefix = `${i},end of export,,,,`;
  parts.push(prefix + '.'.repeat(remaining - prefix.length - 1) + '\n');
  yield flush();
}
