import type { Argv } from 'yargs';
import { openDb } from '../../store/db.js';
import { listFindings } from '../../store/queries.js';
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
}

export function findingsBuilder(y: Argv): Argv<FindingsArgs> {
  return y
    .option('rule', { type: 'string', describe: 'only this rule id' })
    .option('user', { type: 'string', describe: 'only this user (e-mail or user id)' })
    .option('since', { type: 'string', describe: 'only messages at or after this time (YYYY-MM-DD, ISO time, 30d)' })
    .option('severity', { type: 'string', choices: ['low', 'medium', 'high', 'critical'], describe: 'this severity or worse' })
    .option('run', { type: 'number', describe: 'only findings first recorded by this run id' })
    .option('limit', { type: 'number', describe: 'at most this many rows' })
    .option('format', { type: 'string', choices: ['table', 'json', 'csv'], default: 'table', describe: 'json is one object per line' }) as Argv<FindingsArgs>;
}

const TABLE_COLUMNS = ['id', 'message_time', 'severity', 'confidence', 'rule_id', 'user_email', 'conversation_id', 'message_id', 'start_offset', 'end_offset', 'preview'];
const ALL_COLUMNS = [
  'id', 'fingerprint', 'workspace_id', 'source', 'source_kind', 'conversation_id', 'message_id', 'file_id', 'user_id', 'user_email',
  'author_role', 'message_time', 'start_offset', 'end_offset', 'rule_id', 'category', 'severity', 'confidence', 'preview', 'first_seen_at', 'run_id',
];

export async function findingsCommand(argv: FindingsArgs): Promise<number> {
  const { config } = loadCliConfig(argv);
  const db = openDb(config.database.path, { readonly: true });
  try {
    const rows = listFindings(db, {
      rule: argv.rule, user: argv.user, severity: argv.severity, runId: argv.run, limit: argv.limit,
      since: argv.since !== undefined ? parseTime(argv.since, '--since').toISOString() : undefined,
    });
    const format = (argv.format ?? 'table') as OutputFormat;
    process.stdout.write(renderRows(rows as unknown as Record<string, unknown>[], format === 'table' ? TABLE_COLUMNS : ALL_COLUMNS, format));
    if (format === 'table') process.stderr.write(`${rows.length} finding(s)\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}
