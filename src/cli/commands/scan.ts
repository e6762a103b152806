import { dirname } from 'node:path';
import type { Argv } from 'yargs';
import { LeakwatchError } from '../../errors.js';
import { createRuntime } from '../../app/runtime.js';
import { runScan, type ScanReport, type SourceChoice } from '../../app/scan.js';
import type { WorkspaceRuntime } from '../../app/runtime.js';
import { errorMessage } from '../../errors.js';
import { findingsByRule } from '../../store/queries.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, parseTime, type GlobalArgs } from '../common.js';
import { createProgress } from '../progress.js';
import { ignoreReloadSignal, onShutdownSignal } from '../signals.js';
import { table } from '../format.js';
import { OBJECT_SOURCE_NAMES, type ObjectSourceName } from '../../config/schema.js';
import { FEED_SOURCES } from '../../app/sweeps.js';

/** --objects: names (repeated or comma-separated), or `none`. */
export function objectSources(values: readonly string[]): ObjectSourceName[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (names.length === 1 && names[0] === 'none') return [];
  const known = new Set<string>(OBJECT_SOURCE_NAMES);
  const bad = names.filter((n) => !known.has(n));
  if (bad.length > 0) {
    throw new LeakwatchError('USAGE', 'usage', `--objects: unknown source ${bad.join(', ')} (known: ${OBJECT_SOURCE_NAMES.join(', ')}, or none)`);
  }
  return [...new Set(names as ObjectSourceName[])];
}

export interface ScanArgs extends GlobalArgs {
  since?: string;
  until?: string;
  source?: string;
  fresh?: boolean;
  workspace?: string[];
  objects?: string[];
}

export function scanBuilder(y: Argv): Argv<ScanArgs> {
  return y
    .option('since', { type: 'string', describe: 'oldest message time to scan (YYYY-MM-DD, ISO time, or 30d/12h); default: the logs retention window' })
    .option('until', { type: 'string', describe: 'scan messages before this time; default: now' })
    .option('source', { type: 'string', choices: ['logs', 'conversations', 'auto'], describe: 'where to read messages; default: sources.default' })
    .option('fresh', { type: 'boolean', default: false, describe: 'start a new run instead of resuming an unfinished one with the same options' })
    .option('workspace', { type: 'string', array: true, describe: 'scan only this workspace id (repeatable); default: every configured workspace' })
    .option('objects', {
      type: 'string', array: true,
      describe: `sources beyond chats to read after the messages (${OBJECT_SOURCE_NAMES.join(', ')}; or none); default: sources.objects.enabled`,
    }) as Argv<ScanArgs>;
}

/**
 * Retroactive scan of every configured workspace (or those named by --workspace), one after the
 * other, each its own resumable run: exit 0 when the range holds no findings, 1 when it does,
 * 130 when interrupted. A workspace whose scan fails (its key refused) does not stop the others;
 * the command then ends with that error's exit code after scanning them.
 */
export async function scanCommand(argv: ScanArgs): Promise<number> {
  const { config, log, file } = loadCliConfig(argv);
  const now = new Date();
  const since = argv.since !== undefined ? parseTime(argv.since, '--since', now) : new Date(now.getTime() - config.sources.logs.retention_days * 86_400_000);
  const until = argv.until !== undefined ? parseTime(argv.until, '--until', now) : null;
  if (until !== null && until <= since) throw new LeakwatchError('USAGE', 'usage', '--until must be later than --since');
  const source = (argv.source as SourceChoice | undefined) ?? config.sources.default;
  const objects = argv.objects === undefined ? config.sources.objects.enabled : objectSources(argv.objects);
  const rt = createRuntime(config, log, { configDir: dirname(file) });
  const targets: WorkspaceRuntime[] = argv.workspace === undefined || argv.workspace.length === 0
    ? [...rt.workspaces]
    : [...new Set(argv.workspace)].map((id) => rt.workspace(id));
  const several = rt.workspaces.length > 1;
  const progress = createProgress(log);
  const release = onShutdownSignal(log, config.daemon.shutdown_timeout_seconds, () => rt.abort.abort());
  const releaseHup = ignoreReloadSignal(log);
  let found = false;
  let failure: unknown = null;
  try {
    for (const ws of targets) {
      if (rt.abort.signal.aborted) break;
      let report: ScanReport;
      try {
        report = await runScan(rt, {
          workspace: ws.id, since, until, source, objects, fresh: argv.fresh ?? false, now,
          resumeIdentity: { since: argv.since ?? null, until: argv.until ?? null, source, objects },
          onProgress: (s) => progress.update(several ? { ...s, source: `${ws.label} ${s.source}` } : s),
        });
      } catch (err) {
        progress.stop();
        if (targets.length === 1) throw err;
        failure ??= err;
        log.error({ workspace: ws.id, err: errorMessage(err) }, `scan of workspace ${ws.label} failed; going on with the others`);
        process.stdout.write(`workspace ${ws.label}: FAILED: ${errorMessage(err)}\n`);
        continue;
      }
      progress.stop();
      process.stdout.write(describeReport(report, rt.db, several));
      if (report.interrupted) {
        process.stderr.write('scan interrupted: run the same command again to resume from its checkpoint\n');
        return EXIT.interrupted;
      }
      found ||= report.findingsInRange > 0;
    }
    if (failure !== null) throw failure;
    return found ? EXIT.findings : EXIT.ok;
  } finally {
    progress.stop();
    releaseHup();
    release();
    await rt.close();
  }
}

/** Sources read as they are now, whatever the range (the object listings). */
const SWEPT: ReadonlySet<string> = new Set(OBJECT_SOURCE_NAMES.filter((n) => !FEED_SOURCES.includes(n)));

export function describeReport(report: ScanReport, db: Parameters<typeof findingsByRule>[0], nameWorkspace = false): string {
  const lines: string[] = [];
  const ws = nameWorkspace ? `workspace ${report.workspace.label}${report.workspace.label === report.workspace.id ? '' : ` (${report.workspace.id})`}: ` : '';
  lines.push(`${ws}scan run ${report.runId}${report.resumed ? ' (resumed)' : ''}${report.interrupted ? ' INTERRUPTED' : ''}`);
  const rows = report.sources.map((s) => [
    s.source, s.status, SWEPT.has(s.source) ? 'the objects as they are now' : `${s.since.slice(0, 19)}Z .. ${s.until ? `${s.until.slice(0, 19)}Z` : 'now'}`,
    String(s.stats?.itemsScanned ?? 0), String(s.stats?.alreadyScanned ?? 0), String(s.stats?.findingsNew ?? 0), String(s.stats?.errors ?? 0),
  ]);
  lines.push(table(rows, ['source', 'status', 'covers', 'scanned', 'already', 'new findings', 'errors']).trimEnd());
  for (const s of report.sources) if (s.note) lines.push(`note (${s.source}): ${s.note}`);
  for (const s of report.sources) {
    const f = s.stats?.files;
    if (f === undefined || f.refs === 0) continue;
    const states = Object.entries(f.states).map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(`files (${s.source}): ${f.refs} attached (${states}); ${f.extracted} extracted, ${(f.bytes / 1e6).toFixed(1)} MB; ${f.findingsNew} new findings`);
  }
  lines.push(`findings in range: ${report.findingsInRange} (new in this run: ${report.findingsNew})`);
  const byRule = findingsByRule(db, report.runId);
  if (byRule.length > 0) lines.push(table(byRule.map((r) => [r.key, String(r.n)]), ['rule', 'new findings']).trimEnd());
  return lines.join('\n') + '\n';
}
