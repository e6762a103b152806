import type { Argv } from 'yargs';
import { openDb } from '../../store/db.js';
import { filePlaces, listErrors, listFindings, type FindingView } from '../../store/queries.js';
import { locationText } from '../../extract/location-text.js';
import type { FileLocation } from '../../extract/types.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, parseTime, type GlobalArgs } from '../common.js';
import { renderRows, type OutputFormat } from '../format.js';

export interface FindingsArgs extends GlobalArgs {
  rule?: string;
  user?: string;
  since?: string;
  severity?: string;
  run?: number;
  limit?: number;
  format?: string;
  errors?: boolean;
  kind?: string;
  code?: string;
}

export function findingsBuilder(y: Argv): Argv<FindingsArgs> {
  return y
    .option('rule', { type: 'string', describe: 'only this rule id' })
    .option('user', { type: 'string', describe: 'only this user (e-mail or user id)' })
    .option('since', { type: 'string', describe: 'only messages at or after this time (YYYY-MM-DD, ISO time, 30d)' })
    .option('severity', { type: 'string', choices: ['low', 'medium', 'high', 'critical'], describe: 'this severity or worse' })
    .option('run', { type: 'number', describe: 'only findings first recorded by this run id' })
    .option('limit', { type: 'number', describe: 'at most this many rows' })
    .option('kind', { type: 'string', choices: ['message', 'file'], describe: 'only findings in messages, or only in uploaded files' })
    .option('errors', { type: 'boolean', default: false, describe: 'list scan errors instead (files not scanned or not fully: encrypted, corrupt, over a limit, ...)' })
    .option('code', { type: 'string', describe: 'with --errors: only this error code (e.g. FILE_ENCRYPTED)' })
    .option('format', { type: 'string', choices: ['table', 'json', 'csv'], default: 'table', describe: 'json is one object per line' }) as Argv<FindingsArgs>;
}

const TABLE_COLUMNS = ['id', 'message_time', 'severity', 'confidence', 'rule_id', 'user_email', 'conversation_id', 'message_id', 'where', 'start_offset', 'end_offset', 'preview'];
const ALL_COLUMNS = [
  'id', 'fingerprint', 'workspace_id', 'source', 'source_kind', 'conversation_id', 'message_id', 'file_id', 'file_name', 'file_sha256', 'location',
  'places', 'user_id', 'user_email', 'author_role', 'message_time', 'start_offset', 'end_offset', 'rule_id', 'category', 'severity', 'confidence',
  'preview', 'first_seen_at', 'run_id',
];
const ERROR_COLUMNS = ['id', 'at', 'run_id', 'source', 'code', 'item_key', 'message'];

export async function findingsCommand(argv: FindingsArgs): Promise<number> {
  const { config } = loadCliConfig(argv);
  const db = openDb(config.database.path, { readonly: true });
  try {
    const format = (argv.format ?? 'table') as OutputFormat;
    if (argv.errors === true) {
      const errors = listErrors(db, { runId: argv.run, code: argv.code, limit: argv.limit });
      process.stdout.write(renderRows(errors as unknown as Record<string, unknown>[], ERROR_COLUMNS, format));
      if (format === 'table') process.stderr.write(`${errors.length} scan error(s)\n`);
      return EXIT.ok;
    }
    const rows = listFindings(db, {
      rule: argv.rule, user: argv.user, severity: argv.severity, runId: argv.run, limit: argv.limit,
      kind: argv.kind as 'message' | 'file' | undefined,
      since: argv.since !== undefined ? parseTime(argv.since, '--since').toISOString() : undefined,
    });
    const out = rows.map((r) => withPlaces(db, r, format));
    process.stdout.write(renderRows(out, format === 'table' ? TABLE_COLUMNS : ALL_COLUMNS, format));
    if (format === 'table') process.stderr.write(`${rows.length} finding(s)\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/**
 * A finding row for output: `where` says where in a file it is ("q2.xlsx: sheet Customers, cell
 * B7"); file findings list every place the content was attached (JSON: an array; table and CSV:
 * a count).
 */
function withPlaces(db: ReturnType<typeof openDb>, r: FindingView, format: OutputFormat): Record<string, unknown> {
  if (r.source_kind !== 'file' || r.file_sha256 === null) return { ...r, where: 'message', places: null };
  const location = r.location === null ? {} : (JSON.parse(r.location) as FileLocation);
  const places = filePlaces(db, r.file_sha256);
  return {
    ...r,
    location: format === 'json' ? location : r.location,
    where: `${r.file_name ?? r.file_id ?? 'file'}: ${locationText(location)}`,
    places: format === 'json' ? places : places.length,
  };
}
