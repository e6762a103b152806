import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { LeakwatchError } from '../errors.js';
import { toCsv } from './csv.js';
import { ALL_COLUMNS, flatRow, jsonLine, type ExportFinding } from './rows.js';
import { toSarif } from './sarif.js';

/** The findings export: one entry for `findings --format json|csv|sarif` and `export`. */
export type ExportFormat = 'json' | 'csv' | 'sarif';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'sarif'];

export { exportFindings, exportFinding, ALL_COLUMNS, TABLE_COLUMNS, flatRow, type ExportFinding } from './rows.js';
export { csvSafe, toCsv } from './csv.js';
export { toSarif, sarifLevel, type SarifLog } from './sarif.js';

export function renderFindings(findings: readonly ExportFinding[], format: ExportFormat, opts: { version?: string; ruleDescriptions?: ReadonlyMap<string, string> } = {}): string {
  if (format === 'json') return findings.map((f) => `${JSON.stringify(jsonLine(f))}\n`).join('');
  if (format === 'csv') return toCsv(findings.map((f) => { const r = flatRow(f); return ALL_COLUMNS.map((c) => cell(r[c])); }), ALL_COLUMNS);
  return `${JSON.stringify(toSarif(findings, { version: opts.version ?? leakwatchVersion(), ruleDescriptions: opts.ruleDescriptions }), null, 2)}\n`;
}

function cell(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

let version: string | undefined;

/** package.json's version: src/export and dist/export are both two levels below it. */
export function leakwatchVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

/**
 * Writes `path` so that a reader never sees half a file: the content goes to `path.tmp`, is
 * flushed to disk, then renamed over `path` (atomic on one filesystem). The temp file is removed
 * if anything fails. Mode 0600: an export names users and conversations.
 */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new LeakwatchError('EXPORT_WRITE', 'usage', `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (check --out)`, { cause: err });
  }
}
