/**
 * XLSX with exceljs's streaming reader (its one owner module): one segment per non-empty row,
 * {sheet}, cells joined by tabs with their A1 addresses. Rows stream from the file, so memory
 * holds the shared strings and one row, not the workbook. The package's declared sizes are
 * checked first (exceljs inflates without limits of its own).
 */
import ExcelJS from 'exceljs';
import { rowSegment } from './cells.js';
import type { Ctx, Ev } from './context.js';
import { checkDeclaredSizes } from './package.js';
import { openStream, type Source } from './source.js';

export async function* extractXlsx(src: Source, ctx: Ctx): AsyncGenerator<Ev> {
  await checkDeclaredSizes(src, ctx, 'xlsx');
  const stream = openStream(src);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
      sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
    });
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? '';
      for await (const row of sheet) {
        const cells: { col: number; text: string }[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => { cells.push({ col: col - 1, text: cellText(cell.value) }); });
        const segment = rowSegment({ sheet: name }, row.number, cells);
        if (segment) yield { type: 'segment', segment };
      }
    }
  } finally {
    stream.destroy();
  }
}

/** The text a cell shows: numbers as stored, dates ISO (date only at midnight UTC), rich text flattened, formulas their cached result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return '';
}
