import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV leakwatch writes goes through here. RFC 4180 quoting, and safe to open in a
 * spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be
 * read as a formula (OWASP "CSV Injection"), so it gets a leading single quote. Previews, file
 * names and user names come from the workspace, i.e. from anyone who can type into ChatGPT.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

export function csvSafe(cell: string): string {
  return cell.length > 0 && FORMULA_START.has(cell[0] as string) ? `'${cell}` : cell;
}

/** A header row and one row per record; every cell is made formula-safe, then quoted as RFC 4180 needs. */
export function toCsv(rows: readonly (readonly string[])[], columns: readonly string[]): string {
  return stringify(rows.map((r) => r.map(csvSafe)), { header: true, columns: columns.map(csvSafe) });
}
