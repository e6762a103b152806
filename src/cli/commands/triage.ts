import type { Argv } from 'yargs';
import { userInfo } from 'node:os';
import { LeakwatchError } from '../../errors.js';
import { openDb } from '../../store/db.js';
import { FINDING_STATUSES, type FindingStatus } from '../../store/queries.js';
import { setStatus } from '../../store/triage.js';
import { suppressFinding, type SuppressScope } from '../../store/suppressions.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';

export interface TriageArgs extends GlobalArgs {
  ids: number[];
  status: FindingStatus;
  note?: string;
  by?: string;
  suppress?: SuppressScope;
}

export function triageBuilder(y: Argv): Argv<TriageArgs> {
  return y
    .positional('ids', { type: 'number', array: true, describe: 'finding ids (leakwatch findings lists them)' })
    .option('status', { type: 'string', choices: [...FINDING_STATUSES], demandOption: true, describe: 'the new status' })
    .option('note', { type: 'string', describe: 'why (kept in the triage history; not exported)' })
    .option('by', { type: 'string', describe: 'who decided (default: the OS user name)' })
    .option('suppress', {
      type: 'string', choices: ['rule', 'all'],
      describe: 'with --status false_positive: stop reporting this value again, for this rule (rule) or any rule (all)',
    }) as unknown as Argv<TriageArgs>;
}

export function defaultActor(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment is the next best witness.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Sets the status of every named finding, all or none (one transaction), and records suppressions. */
export async function triageCommand(argv: TriageArgs): Promise<number> {
  const ids = (argv.ids ?? []).map(Number);
  const bad = ids.filter((id) => !Number.isSafeInteger(id) || id <= 0);
  if (ids.length === 0 || bad.length > 0) {
    throw new LeakwatchError('USAGE', 'usage', 'name one or more finding ids (positive integers): leakwatch triage 12 13 --status acknowledged');
  }
  if (argv.suppress !== undefined && argv.status !== 'false_positive') {
    throw new LeakwatchError('USAGE', 'usage', `--suppress goes with --status false_positive (got --status ${argv.status})`);
  }
  const by = argv.by ?? defaultActor();
  const { config } = loadCliConfig(argv);
  // Read-write: the first triage of an older database migrates it.
  const db = openDb(config.database.path);
  try {
    const lines = db.transaction(() => ids.map((id) => {
      const r = setStatus(db, id, { status: argv.status, by, note: argv.note ?? null });
      let line = `finding ${id}: ${r.from} -> ${r.to}`;
      if (argv.suppress !== undefined) {
        const s = suppressFinding(db, id, { scope: argv.suppress, by, note: argv.note ?? null });
        const scope = s.entry.ruleId === null ? 'every rule' : `rule ${s.entry.ruleId}`;
        line += s.created ? `; value suppressed for ${scope}` : `; value already suppressed for ${scope}`;
      }
      return line;
    }))();
    process.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}
