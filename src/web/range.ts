import { LeakwatchError } from '../errors.js';
import type { ReportQuery } from './summary.js';

/** The range choices the page offers; any age such as `14d` or `12h` works too. */
export const RANGE_PRESETS = ['7d', '30d', '90d'] as const;
export const DEFAULT_SINCE = '30d';

export interface RangeInput {
  /** An age before now: `30d`, `12h`; `custom` (or absent with `from`) uses from/to. */
  since?: string;
  /** Start: YYYY-MM-DD (00:00 UTC) or an ISO 8601 time. */
  from?: string;
  /** End: YYYY-MM-DD (the whole day is included) or an ISO 8601 time (excluded); default now. */
  to?: string;
  workspace?: string;
}

const DAY = 86_400_000;
/** Bounds the day buckets of the chart (one per day). */
const MAX_SPAN = 3660 * DAY;

/**
 * Validates the filters of the page, the JSON API and `leakwatch report` (the boundary), and
 * says what is wrong and how to write it instead.
 */
export function parseReportQuery(input: RangeInput, now: Date = new Date()): ReportQuery {
  const workspace = input.workspace === undefined || input.workspace === '' ? null : input.workspace;
  if (workspace !== null && workspace.length > 200) throw usage('workspace is longer than any workspace id');
  const from = input.from?.trim() ?? '';
  const to = input.to?.trim() ?? '';
  const asked = input.since?.trim() ?? '';
  const custom = asked === 'custom' || (asked === '' && from !== '');
  if (!custom) {
    const since = asked === '' ? DEFAULT_SINCE : asked;
    const m = /^(\d{1,5})([dh])$/.exec(since);
    if (!m) throw usage(`since ${JSON.stringify(since.slice(0, 40))} is not an age: use a number of days or hours such as 30d or 12h`);
    const ms = Number(m[1]) * (m[2] === 'd' ? DAY : 3_600_000);
    if (ms <= 0) throw usage('since must be more than zero');
    if (ms > MAX_SPAN) throw usage('since reaches back more than 10 years: use a shorter age');
    return { range: { from: new Date(now.getTime() - ms), to: now, preset: since }, workspace };
  }
  if (from === '') throw usage('a custom range needs a from date (YYYY-MM-DD)');
  const start = parseDate(from, 'from', false);
  const end = to === '' ? now : parseDate(to, 'to', true);
  if (start.getTime() >= end.getTime()) throw usage(`from (${start.toISOString()}) must be before to (${end.toISOString()})`);
  if (end.getTime() - start.getTime() > MAX_SPAN) throw usage('the range is longer than 10 years: pick a later from date');
  return { range: { from: start, to: end, preset: 'custom' }, workspace };
}

function parseDate(value: string, name: string, endOfDay: boolean): Date {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) {
    throw usage(`${name} ${JSON.stringify(value.slice(0, 40))} is not a date: use YYYY-MM-DD or an ISO 8601 time`);
  }
  // A bare date is a whole UTC day: to=2026-03-31 includes the 31st.
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return new Date(dateOnly && endOfDay ? ms + DAY : ms);
}

function usage(message: string): LeakwatchError {
  return new LeakwatchError('REPORT_RANGE', 'usage', message);
}
