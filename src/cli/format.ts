import { toCsv } from '../export/csv.js';

export type OutputFormat = 'table' | 'json' | 'csv';

/** Renders rows: an aligned text table, JSON Lines (one object per line), or RFC 4180 CSV (formula-safe). */
export function renderRows(rows: readonly Record<string, unknown>[], columns: readonly string[], format: OutputFormat): string {
  if (format === 'json') return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
  if (format === 'csv') return toCsv(rows.map((r) => columns.map((c) => cell(r[c]))), columns);
  return table(rows.map((r) => columns.map((c) => cell(r[c]))), columns);
}

export function table(rows: readonly string[][], header: readonly string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}
