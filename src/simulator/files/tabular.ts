/**
 * Spreadsheets and CSV: customer exports, payroll records and service configs, with values at
 * known cells. The extractor joins a row's cells with tabs and reports a finding at its cell, so
 * a value's context is either in its own cell ("Phone: +44 ...") or in a cell of the same row
 * (Field "SSN" | Value "536-22-8141").
 */
import type { Rng } from '../random.js';
import type { Fragment } from '../plants.js';
import { SLOTS } from '../text.js';
import { FIRST_NAMES, LAST_NAMES } from '../values.js';
import { Draft, type FileDraft } from './draft.js';
import { type PlantContext, PII_KINDS, SECRET_KINDS, bare, decoyLine, drawValue, labelFor, plantLine } from './plant-text.js';

type Cell = string | Fragment;
type Table = Cell[][];

const SEGMENTS = ['Enterprise', 'Mid-market', 'SMB', 'Public sector', 'Partner'];
const CONTACT_FILLER = ['via account manager', 'prefers the portal', 'no direct contact', 'see CRM record', 'quarterly review only'];
const NOTES_FILLER = ['renewal in progress', 'upsell candidate', 'paused until budget approval', 'migrated from the old CRM', '', '', 'churn risk flagged'];
const DEPARTMENTS = ['Finance', 'Legal', 'Support', 'Platform', 'Sales', 'Procurement', 'Security', 'Data'];
const RECORD_FILLER: readonly [string, string[]][] = [
  ['Cost center', ['CC Finance', 'CC Platform', 'CC Sales']], ['Contract type', ['Permanent', 'Fixed term', 'Contractor']],
  ['Location', SLOTS.city as string[]], ['Manager', FIRST_NAMES], ['Laptop', ['issued', 'pending', 'returned']],
];
const SERVICES = ['billing', 'search', 'notifications', 'reporting', 'checkout', 'data-sync'];
const CONFIG_FILLER: readonly [string, string[]][] = [
  ['LOG_LEVEL', ['info', 'debug', 'warn']], ['REGION', ['eu-west-1', 'us-east-1', 'ap-southeast-1']], ['FEATURE_FLAGS', ['new-checkout', 'beta-search', 'none']],
  ['TIMEOUT_SECONDS', ['30', '45', '60']], ['RETRY_POLICY', ['exponential', 'linear', 'off']],
];

const person = (rng: Rng): string => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;

/** Rows whose indexes get a value, 1 to `max` of them, never the header. */
function plantRows(rng: Rng, rows: number, max: number): Set<number> {
  const out = new Set<number>();
  const n = rng.int(1, max);
  while (out.size < Math.min(n, rows)) out.add(rng.int(1, rows));
  return out;
}

function customers(rng: Rng, ctx: PlantContext): Table {
  const rows = rng.int(8, 24);
  const planted = plantRows(rng, rows, 3);
  const decoyRow = rng.chance(0.4) ? rng.int(1, rows) : -1;
  const t: Table = [['Customer ID', 'Name', 'Company', 'City', 'Segment', 'Contact', 'Notes']];
  for (let r = 1; r <= rows; r++) {
    const contact: Cell = planted.has(r) ? plantLine(rng, 'line', ctx, { kinds: PII_KINDS }) : rng.pick(CONTACT_FILLER);
    const notes: Cell = (r === decoyRow ? decoyLine(rng, 'line') : null) ?? rng.pick(NOTES_FILLER);
    t.push([`CU${rng.int(1000, 9999)}`, person(rng), rng.pick(SLOTS.company as string[]), rng.pick(SLOTS.city as string[]), rng.pick(SEGMENTS), contact, notes]);
  }
  return t;
}

function records(rng: Rng, ctx: PlantContext): Table {
  const rows = rng.int(6, 16);
  const planted = plantRows(rng, rows, 3);
  const t: Table = [['Employee', 'Department', 'Field', 'Value', 'Updated']];
  for (let r = 1; r <= rows; r++) {
    const updated = `${rng.int(1, 28)} ${rng.pick(SLOTS.month as string[])}`;
    if (planted.has(r)) {
      const piece = drawValue(rng, 'line', ctx, PII_KINDS);
      t.push([person(rng), rng.pick(DEPARTMENTS), labelFor(rng, piece.kind).label, bare(piece), updated]);
    } else {
      const [field, values] = rng.pick(RECORD_FILLER);
      t.push([person(rng), rng.pick(DEPARTMENTS), field, rng.pick(values), updated]);
    }
  }
  return t;
}

function config(rng: Rng, ctx: PlantContext): Table {
  const rows = rng.int(6, 14);
  const planted = plantRows(rng, rows, 2);
  const t: Table = [['Service', 'Variable', 'Value', 'Owner']];
  for (let r = 1; r <= rows; r++) {
    if (planted.has(r)) {
      const piece = drawValue(rng, 'line', ctx, SECRET_KINDS);
      t.push([rng.pick(SERVICES), labelFor(rng, piece.kind).label, bare(piece), rng.pick(FIRST_NAMES)]);
    } else {
      const [variable, values] = rng.pick(CONFIG_FILLER);
      t.push([rng.pick(SERVICES), variable, rng.pick(values), rng.pick(FIRST_NAMES)]);
    }
  }
  return t;
}

export function columnName(index: number): string {
  let n = index + 1, out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Writes a table into the draft; `sheet` undefined for CSV. Empty cells are left out. */
function writeTable(d: Draft, table: Table, sheet?: string): void {
  table.forEach((row, r) => row.forEach((cell, c) => {
    const text = typeof cell === 'string' ? cell : cell.text;
    if (text === '') return;
    const location = sheet === undefined ? { cell: `${columnName(c)}${r + 1}` } : { sheet, cell: `${columnName(c)}${r + 1}` };
    d.text(location, text, typeof cell === 'string' ? [] : cell.spans);
  }));
}

type Maker = (rng: Rng, ctx: PlantContext) => Table;
const TABLES: readonly (readonly [string, Maker, string])[] = [
  ['Customers', customers, 'customers-export'], ['Payroll', records, 'payroll-records'], ['Config', config, 'service-config'],
];

export function spreadsheet(rng: Rng, type: 'xlsx' | 'ods', ctx: PlantContext): FileDraft {
  const first = rng.int(0, TABLES.length - 1);
  const sheets = rng.chance(0.7) ? [first, (first + rng.int(1, TABLES.length - 1)) % TABLES.length] : [first];
  const base = (TABLES[sheets[0] as number] as (typeof TABLES)[number])[2];
  const d = new Draft(type, `${base}-${rng.pick(SLOTS.quarter as string[]).toLowerCase()}.${type}`);
  for (const i of sheets) {
    const [sheet, make] = TABLES[i] as (typeof TABLES)[number];
    writeTable(d, make(rng, ctx), sheet);
  }
  return d.done();
}

export function csv(rng: Rng, ctx: PlantContext, name?: string): FileDraft {
  const [, make, base] = rng.pick(TABLES);
  const d = new Draft('csv', name ?? `${base}.csv`);
  writeTable(d, make(rng, ctx));
  return d.done();
}
