import { existsSync } from 'node:fs';
import { LeakwatchError } from '../errors.js';
import { openDb, type Db } from '../store/db.js';
import { renderPage } from './page.js';
import { parseReportQuery, type RangeInput } from './range.js';
import { buildSummary, type Summary } from './summary.js';

/** The report page: what `leakwatch serve` shows and `leakwatch report` writes. */
export { startReportServer, loopbackListen, type ReportServer, type ReportServerOptions } from './server.js';
export { resolveReportToken, type ReportToken } from './token.js';
export { buildSummary, type Summary } from './summary.js';
export { parseReportQuery, type RangeInput } from './range.js';

/** The database, read-only: the report never writes, and a missing file is a clear error rather than an empty one. */
export function openReportDb(path: string): Db {
  if (!existsSync(path)) {
    throw new LeakwatchError('DB_MISSING', 'config', `no database at ${path} yet: run leakwatch scan or leakwatch daemon first (or check database.path)`);
  }
  return openDb(path, { readonly: true });
}

/** The static report: the same page with the data, script and styles inline, filters fixed. */
export function staticReport(db: Db, input: RangeInput, now: Date = new Date()): { html: string; summary: Summary } {
  const summary = buildSummary(db, parseReportQuery(input, now), now);
  return { html: renderPage(summary, 'static'), summary };
}
