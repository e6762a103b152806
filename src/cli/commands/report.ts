import type { Argv } from 'yargs';
import { resolve } from 'node:path';
import { LeakwatchError } from '../../errors.js';
import { writeFileAtomic } from '../../export/index.js';
import { openReportDb, staticReport } from '../../web/index.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';

export interface ReportArgs extends GlobalArgs {
  out: string;
  since?: string;
  from?: string;
  to?: string;
  workspace?: string;
}

export function reportBuilder(y: Argv): Argv<ReportArgs> {
  return y
    .option('out', { type: 'string', demandOption: true, describe: 'HTML file to write (written to FILE.tmp, then renamed over FILE)' })
    .option('since', { type: 'string', describe: 'an age before now: 7d, 30d, 90d, 12h (default 30d)' })
    .option('from', { type: 'string', describe: 'start of a custom range: YYYY-MM-DD or an ISO time (instead of --since)' })
    .option('to', { type: 'string', describe: 'end of a custom range: YYYY-MM-DD (included) or an ISO time (default now)' })
    .option('workspace', { type: 'string', describe: 'only this workspace id (default: all)' }) as unknown as Argv<ReportArgs>;
}

/** The report page as one self-contained HTML file (data, script, styles inline) for e-mailing. */
export async function reportCommand(argv: ReportArgs): Promise<number> {
  const { config } = loadCliConfig(argv);
  const db = openReportDb(config.database.path);
  try {
    if (argv.since !== undefined && argv.from !== undefined) {
      throw new LeakwatchError('USAGE', 'usage', 'give --since or --from/--to, not both');
    }
    if (argv.to !== undefined && argv.from === undefined) throw new LeakwatchError('USAGE', 'usage', '--to needs --from (a custom range has both ends)');
    const since = argv.since ?? (argv.from !== undefined ? 'custom' : undefined);
    const { html, summary } = staticReport(db, { since, from: argv.from, to: argv.to, workspace: argv.workspace });
    const out = resolve(argv.out);
    writeFileAtomic(out, html);
    process.stdout.write(`wrote the report (${summary.totals.findings} findings from ${summary.range.from} to ${summary.range.to}${summary.workspace === null ? '' : `, workspace ${summary.workspace}`}) to ${out}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}
