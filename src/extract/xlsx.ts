/**
 * XLSX: one segment per non-empty row ({sheet}), cells joined by tabs with their A1 addresses.
 * Values as a spreadsheet shows them: numbers as stored in the file, dates (by their number
 * format) as ISO dates, booleans TRUE/FALSE, formulas their cached result, rich text flattened.
 *
 * Read with the limited zip reader and a SAX parser rather than exceljs's stream reader: that
 * one spills every worksheet stored before sharedStrings.xml (the usual order in files Excel
 * writes) to a temp file whose descriptor it releases only once the whole workbook is read, so
 * each early stop (TEXT_LIMIT, a consumer that breaks, an error) leaked a descriptor and a temp
 * file; and it inflates without limits. Here sheets stream from the zip: memory holds the
 * shared strings and one row.
 */
import { rowSegment } from './cells.js';
import type { Ctx, Ev } from './context.js';
import { relsOf } from './ooxml-rels.js';
import { withPackage, type Package } from './package.js';
import type { Source } from './source.js';
import type { TextSegment } from './types.js';
import { walkXml, xmlParser } from './xml.js';

export function extractXlsx(src: Source, ctx: Ctx): AsyncGenerator<Ev> {
  return withPackage(src, ctx, 'xlsx', sheets);
}

async function* sheets(pkg: Package): AsyncGenerator<Ev> {
  const wb = await workbook(pkg);
  const strings = await sharedStrings(pkg);
  const dates = await dateStyles(pkg);
  for (const sheet of wb.sheets) {
    for await (const segment of sheetRows(pkg.chunks(sheet.part), sheet.name, { strings, dates, date1904: wb.date1904 })) {
      yield { type: 'segment', segment };
    }
  }
}

async function workbook(pkg: Package): Promise<{ sheets: { name: string; part: string }[]; date1904: boolean }> {
  const xml = (await pkg.text('xl/workbook.xml')) ?? '';
  const listed: { name: string; rid: string }[] = [];
  let date1904 = false;
  walkXml(xml, {
    open(name, a) {
      if (name === 'sheet' && a['r:id']) listed.push({ name: a.name ?? '', rid: a['r:id'] });
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    },
  });
  const rels = new Map((await relsOf(pkg, 'xl/workbook.xml')).map((r) => [r.id, r.target]));
  const sheets = listed.map((s) => ({ name: s.name, part: rels.get(s.rid) ?? '' })).filter((s) => pkg.names.includes(s.part));
  return { sheets, date1904 };
}

async function sharedStrings(pkg: Package): Promise<string[]> {
  const xml = await pkg.text('xl/sharedStrings.xml');
  const out: string[] = [];
  if (xml === undefined) return out;
  let cur = '';
  let inT = false;
  let phonetic = 0;
  walkXml(xml, {
    open(name) {
      if (name === 'si') cur = '';
      else if (name === 't') inT = true;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 'si') out.push(cur);
      else if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
    },
    text(t) {
      if (inT && !phonetic) cur += t;
    },
  });
  return out;
}

/** Built-in number formats that show a date or time (ECMA-376 18.8.30, with the CJK date ids). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** For each cell style index (`s`), whether its number format is a date. */
async function dateStyles(pkg: Package): Promise<boolean[]> {
  const xml = await pkg.text('xl/styles.xml');
  if (xml === undefined) return [];
  const custom = new Map<number, boolean>();
  const xfs: boolean[] = [];
  let inCellXfs = false;
  walkXml(xml, {
    open(name, a) {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        xfs.push(custom.get(id) ?? DATE_FORMAT_IDS.has(id));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfs;
}

function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

interface Lookups { strings: string[]; dates: boolean[]; date1904: boolean }

/** Streams a worksheet part into row segments. */
async function* sheetRows(chunks: AsyncGenerator<Buffer>, sheet: string, lk: Lookups): AsyncGenerator<TextSegment> {
  const ready: TextSegment[] = [];
  let row = 0;
  let cells: { col: number; text: string }[] = [];
  let col = -1;
  let cell = { t: '', s: 0, v: '', inline: '' };
  let reading: 'v' | 'is' | undefined;
  let inIsT = false;
  const parser = xmlParser({
    open(name, a) {
      if (name === 'row') { row = a.r ? Number(a.r) : row + 1; cells = []; col = -1; }
      else if (name === 'c') {
        col = a.r ? columnIndex(a.r) : col + 1;
        cell = { t: a.t ?? 'n', s: Number(a.s ?? 0), v: '', inline: '' };
      } else if (name === 'v') reading = 'v';
      else if (name === 'is') reading = 'is';
      else if (name === 't' && reading === 'is') inIsT = true;
    },
    close(name) {
      if (name === 'v') reading = undefined;
      else if (name === 'is') reading = undefined;
      else if (name === 't') inIsT = false;
      else if (name === 'c') cells.push({ col, text: cellText(cell, lk) });
      else if (name === 'row') {
        const seg = rowSegment({ sheet }, row, cells);
        if (seg) ready.push(seg);
      }
    },
    text(t) {
      if (reading === 'v') cell.v += t;
      else if (reading === 'is' && inIsT) cell.inline += t;
    },
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    parser.write(decoder.decode(chunk, { stream: true }));
    yield* ready.splice(0);
  }
  parser.write(decoder.decode());
  parser.close();
  yield* ready.splice(0);
}

/** 'B7' -> 1 (zero-based column). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function cellText(c: { t: string; s: number; v: string; inline: string }, lk: Lookups): string {
  switch (c.t) {
    case 's': return lk.strings[Number(c.v)] ?? '';
    case 'inlineStr': return c.inline;
    case 'str': case 'e': return c.v;
    case 'b': return c.v === '1' ? 'TRUE' : c.v === '0' ? 'FALSE' : c.v;
    case 'd': return c.v;
    default: return c.v !== '' && lk.dates[c.s] ? serialDate(Number(c.v), lk.date1904) : c.v;
  }
}

/** An Excel date serial as ISO 8601: the date alone when there is no time of day. */
export function serialDate(serial: number, date1904: boolean): string {
  if (!Number.isFinite(serial)) return '';
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + Math.round(serial * 86_400_000));
  if (Number.isNaN(d.getTime())) return String(serial);
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}
