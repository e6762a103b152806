import type { Argv } from 'yargs';
import { ITEM_KINDS } from '../../compliance/source.js';
import { openDb, type Db } from '../../store/db.js';
import { listErrors, FINDING_STATUSES, type FindingFilter, type FindingStatus } from '../../store/queries.js';
import { triageHistory } from '../../store/triage.js';
import { exportFindings, flatRow, renderFindings, TABLE_COLUMNS } from '../../export/index.js';
import type { Config } from '../../config/schema.js';
import { loadRules } from '../../rules/load.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, parseTime, type GlobalArgs } from '../common.js';
import { renderRows, table, type OutputFormat } from '../format.js';

/** The filters `findings` and `export` share. */
export interface FindingFilterArgs extends GlobalArgs {
  rule?: string;
  user?: string;
  since?: string;
  severity?: string;
  run?: number;
  limit?: number;
  kind?: string;
  status?: string;
  id?: number;
  workspace?: string[];
}

export interface FindingsArgs extends FindingFilterArgs {
  format?: string;
  errors?: boolean;
  code?: string;
}

export function findingFilterOptions<T>(y: Argv<T>): Argv<T & FindingFilterArgs> {
  return y
    .option('rule', { type: 'string', describe: 'only this rule id' })
    .option('user', { type: 'string', describe: 'only this user (e-mail or user id)' })
    .option('since', { type: 'string', describe: 'only messages at or after this time (YYYY-MM-DD, ISO time, 30d)' })
    .option('severity', { type: 'string', choices: ['low', 'medium', 'high', 'critical'], describe: 'this severity or worse' })
    .option('run', { type: 'number', describe: 'only findings first recorded by this run id' })
    .option('limit', { type: 'number', describe: 'at most this many rows' })
    .option('kind', { type: 'string', choices: [...ITEM_KINDS, 'file', 'posture'], describe: 'only findings of this source kind: message, file (uploaded and knowledge files), gpt, project, memory, canvas, automation, recording, codex_task, codex_environment, codex_log, custom_agent_log, posture' })
    .option('status', { type: 'string', choices: [...FINDING_STATUSES], describe: 'only findings with this triage status (default: every status)' })
    .option('id', { type: 'number', describe: 'only this finding (the table then shows its triage history too)' })
    .option('workspace', { type: 'string', array: true, describe: 'only findings of this workspace id (repeatable)' }) as Argv<T & FindingFilterArgs>;
}

export function findingFilter(argv: FindingFilterArgs): FindingFilter {
  return {
    rule: argv.rule, user: argv.user, severity: argv.severity, runId: argv.run, limit: argv.limit,
    kind: argv.kind,
    status: argv.status as FindingStatus | undefined,
    id: argv.id,
    workspaces: argv.workspace,
    since: argv.since !== undefined ? parseTime(argv.since, '--since').toISOString() : undefined,
  };
}

export function findingsBuilder(y: Argv): Argv<FindingsArgs> {
  return findingFilterOptions(y)
    .option('errors', { type: 'boolean', default: false, describe: 'list scan errors instead (files not scanned or not fully: encrypted, corrupt, over a limit, ...)' })
    .option('code', { type: 'string', describe: 'with --errors: only this error code (e.g. FILE_ENCRYPTED)' })
    .option('format', { type: 'string', choices: ['table', 'json', 'csv', 'sarif'], default: 'table', describe: 'json is one object per line; csv is formula-safe; sarif is a SARIF 2.1.0 log' }) as Argv<FindingsArgs>;
}

const ERROR_COLUMNS = ['id', 'at', 'run_id', 'source', 'code', 'item_key', 'message'];
const HISTORY_COLUMNS = ['at', 'status', 'by', 'note'];

export async function findingsCommand(argv: FindingsArgs): Promise<number> {
  const { config } = loadCliConfig(argv);
  const db = openDb(config.database.path, { readonly: true });
  try {
    const format = argv.format ?? 'table';
    if (argv.errors === true) {
      const errors = listErrors(db, { runId: argv.run, code: argv.code, limit: argv.limit });
      const f = (format === 'sarif' ? 'json' : format) as OutputFormat;
      process.stdout.write(renderRows(errors as unknown as Record<string, unknown>[], ERROR_COLUMNS, f));
      if (f === 'table') process.stderr.write(`${errors.length} scan error(s)\n`);
      return EXIT.ok;
    }
    const findings = exportFindings(db, findingFilter(argv));
    if (format === 'table') {
      // With several workspaces the table says whose each finding is (exports always carry workspace_id).
      const columns = config.workspaces.length > 1 ? ['id', 'workspace_id', ...TABLE_COLUMNS.slice(1)] : TABLE_COLUMNS;
      process.stdout.write(renderRows(findings.map(flatRow), columns, 'table'));
      if (argv.id !== undefined && findings.length === 1) printHistory(db, argv.id);
      process.stderr.write(`${findings.length} finding(s)\n`);
    } else {
      process.stdout.write(renderFindings(findings, format as 'json' | 'csv' | 'sarif', { ruleDescriptions: format === 'sarif' ? ruleDescriptions(config) : undefined }));
    }
    return EXIT.ok;
  } finally {
    db.close();
  }
}

function printHistory(db: Db, id: number): void {
  const history = triageHistory(db, id);
  if (history.length === 0) return;
  process.stdout.write(`\ntriage history of finding ${id}:\n`);
  process.stdout.write(table(history.map((h) => [h.at, h.status, h.by, h.note ?? '']), HISTORY_COLUMNS));
}

/**
 * Rule descriptions for SARIF, from the configured packs. Best effort: an export must not fail
 * because a pack changed since the scan; SARIF then describes a rule by its id and category.
 */
export function ruleDescriptions(config: Config): Map<string, string> | undefined {
  try {
    const loaded = loadRules(config.rules);
    return new Map(loaded.rules.map(({ rule }) => [rule.id, rule.description]));
  } catch {
    return undefined;
  }
}
