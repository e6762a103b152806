import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { LeakwatchError } from '../../errors.js';
import { openDb } from '../../store/db.js';
import { purge, retentionEnabled, type PurgeReport } from '../../store/retention.js';
import { backupDatabase } from '../../store/backup.js';
import { checkDatabase, readSchemaVersion, type DbHealth } from '../../store/check.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';
import { table } from '../format.js';

export interface DbArgs extends GlobalArgs {
  action: 'purge' | 'backup' | 'check' | 'version';
  file?: string;
  'dry-run'?: boolean;
  force?: boolean;
  quick?: boolean;
}

export function dbBuilder(y: Argv): Argv<DbArgs> {
  return y
    .positional('action', {
      choices: ['purge', 'backup', 'check', 'version'] as const,
      describe: 'purge: delete rows past retention; backup FILE: online copy, checked; check: integrity, foreign keys, schema, row counts; version: schema version',
    })
    .positional('file', { type: 'string', describe: 'backup: the file to write (FILE.partial first, then renamed)' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'purge: count what would be deleted, delete nothing' })
    .option('force', { type: 'boolean', default: false, describe: 'backup: replace FILE if it exists' })
    .option('quick', { type: 'boolean', default: false, describe: 'check: PRAGMA quick_check (faster, skips index contents) instead of integrity_check' }) as unknown as Argv<DbArgs>;
}

export async function dbCommand(argv: DbArgs): Promise<number> {
  if (argv.action !== 'backup' && argv.file !== undefined) {
    throw new LeakwatchError('USAGE', 'usage', `db ${argv.action} takes no file argument (got ${JSON.stringify(argv.file)}); only db backup FILE does`);
  }
  const { config } = loadCliConfig(argv);
  const path = config.database.path;
  switch (argv.action) {
    case 'purge': return purgeCommand(path, config.retention, argv['dry-run'] ?? false);
    case 'backup': return backupCommand(path, argv.file, argv.force ?? false);
    case 'check': return checkCommand(path, argv.quick ?? false);
    case 'version': return versionCommand(path);
  }
}

async function purgeCommand(path: string, retention: Parameters<typeof purge>[1], dryRun: boolean): Promise<number> {
  if (!existsSync(path)) {
    throw new LeakwatchError('DB_MISSING', 'config', `no database at ${path} yet: nothing to purge (check database.path)`);
  }
  if (!retentionEnabled(retention)) {
    process.stdout.write('retention: every limit is 0 (keep forever), so nothing is purged; set retention.* in the config (README "Retention and backup")\n');
    return EXIT.ok;
  }
  // Read-write: an older database is upgraded first, like any command that writes.
  const db = openDb(path);
  try {
    const report = await purge(db, retention, { dryRun });
    process.stdout.write(formatPurge(report));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

export function formatPurge(r: PurgeReport): string {
  const verb = r.dryRun ? 'would delete' : 'deleted';
  const rows = r.tables.map((t) => [
    t.table, t.days === 0 ? 'forever' : `${t.days} days`, t.cutoff ?? '', String(t.deleted), t.kept > 0 ? `${t.kept} (${t.keptReason ?? ''})` : '',
  ]);
  const out = [r.dryRun ? 'retention purge, dry run: nothing is deleted' : 'retention purge', table(rows, ['table', 'kept for', 'older than', verb, 'older but kept'])];
  if (r.checkpoints > 0) out.push(`checkpoints of purged scan runs ${verb}: ${r.checkpoints}`);
  out.push('never purged: remediation_audit (append-only), finding_triage (triage history), suppressions');
  if (!r.dryRun) {
    const mb = (pages: number): string => `${((pages * r.pageSize) / 1e6).toFixed(1)} MB`;
    if (r.pagesReleased > 0) out.push(`space given back to the filesystem: ${mb(r.pagesReleased)}`);
    if (r.freePages > 0) out.push(`free inside the file, reused by new rows: ${mb(r.freePages)} (leakwatch db check; README "Retention and backup" on VACUUM)`);
  }
  if (r.stopped) out.push('stopped before the end (what was deleted stays deleted; run it again to finish)');
  return `${out.join('\n')}\n`;
}

async function backupCommand(path: string, file: string | undefined, force: boolean): Promise<number> {
  if (file === undefined || file === '') {
    throw new LeakwatchError('USAGE', 'usage', 'name the backup file: leakwatch db backup /var/backups/leakwatch-$(date +%F).db');
  }
  const r = await backupDatabase(path, file, { force });
  const lines = [
    `${r.ok ? 'backup written' : 'backup FAILED its integrity check, kept for inspection'}: ${r.path}`,
    `integrity_check: ${r.integrity.join('; ')}`,
    `schema version ${r.schemaVersion}, ${r.pageCount} pages of ${r.pageSize} bytes, ${r.bytes} bytes on disk`,
  ];
  if (!r.ok) lines.push('the database itself is likely damaged: run leakwatch db check');
  process.stdout.write(`${lines.join('\n')}\n`);
  return r.ok ? EXIT.ok : EXIT.damaged;
}

async function checkCommand(path: string, quick: boolean): Promise<number> {
  const h = checkDatabase(path, { quick });
  process.stdout.write(formatHealth(h));
  if (h.problems.length > 0) return EXIT.damaged;
  if (h.schema?.state === 'newer') {
    throw new LeakwatchError('DB_TOO_NEW', 'config', h.schema.note);
  }
  return EXIT.ok;
}

export function formatHealth(h: DbHealth): string {
  const out = [`database: ${h.path}`];
  out.push(`schema: ${h.schema?.note ?? 'unreadable'}`);
  out.push(`size: ${h.bytes} bytes; ${h.pageCount ?? '?'} pages of ${h.pageSize ?? '?'} bytes, ${h.freePages ?? '?'} free`);
  out.push(`integrity: ${h.integrity.length === 1 && h.integrity[0] === 'ok' ? 'ok' : h.integrity.length === 0 ? 'not checked (see problems)' : `${h.integrity.length} problem(s)`}`);
  out.push(`foreign keys: ${h.foreignKeys.length === 0 ? 'ok' : `${h.foreignKeys.length} problem(s)`}`);
  out.push('', table(h.counts.map((c) => [c.table, c.rows === null ? 'unreadable' : String(c.rows)]), ['table', 'rows']).trimEnd());
  if (h.problems.length > 0) {
    out.push('', `DAMAGED: ${h.problems.length} problem(s):`, ...h.problems.slice(0, 50).map((p) => `  - ${p}`));
    if (h.problems.length > 50) out.push(`  ... and ${h.problems.length - 50} more`);
    out.push('restore the newest good backup (leakwatch db backup makes and checks one), or copy what is readable with the sqlite3 .recover command');
  } else {
    out.push('', 'healthy');
  }
  return `${out.join('\n')}\n`;
}

async function versionCommand(path: string): Promise<number> {
  const v = readSchemaVersion(path);
  process.stdout.write(`${path}: ${v.note}\n`);
  if (v.state === 'newer') throw new LeakwatchError('DB_TOO_NEW', 'config', v.note);
  return EXIT.ok;
}
