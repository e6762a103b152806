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

const latin1 = (xs: readonly string[]): Buffer[] => xs.map((x) => Buffer.from(x, 'latin1'));
const FIRST = latin1(FIRST_NAMES), LAST = latin1(LAST_NAMES), CITY = latin1(CITIES), SEGMENT = latin1(SEGMENTS), NOTE = latin1(NOTES);

function writeInt(buf: Buffer, at: number, n: number, minDigits = 1): number {
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  digits = Math.max(digits, minDigits);
  for (let k = digits - 1, x = n; k >= 0; k--, x = Math.floor(x / 10)) buf[at + k] = 48 + (x % 10);
  return at + digits;
}

function put(buf: Buffer, at: number, src: Buffer): number {
  return at + src.copy(buf, at);
}

/**
 * Writes data row `i` into `buf` at `at`, byte by byte from pre-encoded words: 2.5 million rows
 * make no garbage, so the process stays small while a 200 MB file goes out.
 */
function writeRow(plan: HugeCsvPlan, i: number, buf: Buffer, at: number): number {
  const start = at;
  const h = mix32(i ^ mix32(plan.seed));
  const h2 = mix32(h + 0x9e3779b9);
  at = writeInt(buf, at, i);
  buf[at++] = 44;
  at = put(buf, at, FIRST[h % FIRST.length] as Buffer);
  buf[at++] = 32;
  at = put(buf, at, LAST[(h >>> 8) % LAST.length] as Buffer);
  buf[at++] = 44;
  at = put(buf, at, CITY[(h >>> 16) % CITY.length] as Buffer);
  buf[at++] = 44;
  at = put(buf, at, SEGMENT[(h >>> 24) % SEGMENT.length] as Buffer);
  buf[at++] = 44;
  const cents = h2 % 900_000;
  at = writeInt(buf, at, Math.floor(cents / 100));
  buf[at++] = 46;
  at = writeInt(buf, at, cents % 100, 2);
  buf[at++] = 44;
  const planted = plan.notes.get(i);
  at = planted === undefined ? put(buf, at, NOTE[(h2 >>> 20) % NOTE.length] as Buffer) : at + buf.write(planted, at, 'latin1');
  buf[at++] = 10;
  if (at - start > MAX_ROW) throw new Error(`huge CSV row ${i} is longer than ${MAX_ROW} bytes`);
  return at;
}

/** Chunk buffers handed back once the socket has written them, so a download allocates a few. */
export class ChunkPool {
  private readonly free: Buffer[] = [];
  constructor(readonly chunkBytes = 64 * 1024) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.chunkBytes + 2 * MAX_ROW);
  }

  /** `view` is a chunk yielded by hugeCsvChunks; its buffer may be reused from now on. */
  release(view: Buffer): void {
    if (this.free.length < 8) this.free.push(Buffer.from(view.buffer, view.byteOffset, this.chunkBytes + 2 * MAX_ROW));
  }
}

/**
 * The file in chunks of about `pool.chunkBytes`, each a view of a pool buffer that must not be
 * released before it has been written out.
 */
export function* hugeCsvChunks(plan: HugeCsvPlan, pool = new ChunkPool()): Generator<Buffer> {
  let sent = 0;
  let chunk = pool.take();
  let used = chunk.write(HEADER, 0, 'latin1');
  const out = (): Buffer => {
    const view = chunk.subarray(0, used);
    sent += used;
    chunk = pool.take();
    used = 0;
    return view;
  };
  let i = 1;
  while (plan.bytes - (sent + used) >= 2 * MAX_ROW) {
    used = writeRow(plan, i++, chunk, used);
    if (used >= pool.chunkBytes) yield out();
  }
  const remaining = plan.bytes - (sent + used);
  const prefix = `${i},end of export,,,,`;
  used += chunk.write(prefix + '.'.repeat(remaining - prefix.length - 1) + '\n', used, 'latin1');
  yield out();
}
