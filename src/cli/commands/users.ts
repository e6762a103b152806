import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { LeakwatchError } from '../../errors.js';
import { openDb } from '../../store/db.js';
import { userRisk, type UserRisk } from '../../store/user-risk.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';
import { table } from '../format.js';

export interface UsersArgs extends GlobalArgs {
  top: number;
  days: number;
  format?: 'table' | 'json';
  workspace?: string[];
}

export function usersBuilder(y: Argv): Argv<UsersArgs> {
  return y
    .option('top', { type: 'number', default: 10, describe: 'how many users to list' })
    .option('days', { type: 'number', default: 30, describe: 'the period: the last D days, compared with the D days before (the trend)' })
    .option('format', { type: 'string', choices: ['table', 'json'], default: 'table', describe: 'table, or one JSON object per user' })
    .option('workspace', { type: 'string', array: true, describe: 'only findings of this workspace id (repeatable)' }) as unknown as Argv<UsersArgs>;
}

/** Users ranked by severity-weighted findings over the last --days days, with the trend against the period before. */
export async function usersCommand(argv: UsersArgs, now: Date = new Date()): Promise<number> {
  if (!Number.isInteger(argv.top) || argv.top < 1) throw new LeakwatchError('USAGE', 'usage', `--top ${argv.top}: give a whole number of users, at least 1`);
  if (!Number.isFinite(argv.days) || argv.days <= 0) throw new LeakwatchError('USAGE', 'usage', `--days ${argv.days}: give a number of days greater than 0`);
  const { config } = loadCliConfig(argv);
  if (!existsSync(config.database.path)) {
    throw new LeakwatchError('DB_MISSING', 'config', `no database at ${config.database.path} yet: run leakwatch scan or leakwatch daemon first`);
  }
  const db = openDb(config.database.path, { readonly: true });
  try {
    const from = new Date(now.getTime() - argv.days * 86_400_000);
    const rows = userRisk(db, { from: from.toISOString(), to: now.toISOString(), workspaces: argv.workspace, limit: argv.top });
    if (argv.format === 'json') {
      process.stdout.write(rows.map((r) => JSON.stringify({ ...r, period: { from: from.toISOString(), to: now.toISOString(), days: argv.days } })).join('\n') + (rows.length > 0 ? '\n' : ''));
      return EXIT.ok;
    }
    process.stdout.write(`users by risk, last ${argv.days} days (${from.toISOString().slice(0, 10)} .. ${now.toISOString().slice(0, 10)}), against the ${argv.days} days before; risk = findings weighted critical 10, high 6, medium 3, low 1\n`);
    process.stdout.write(rows.length === 0 ? 'no findings with a user in this period\n' : table(rows.map(riskCells), ['#', 'user', 'risk', 'findings', 'crit', 'high', 'med', 'low', 'open', 'trend', 'top categories']));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** "up +12 (from 30)", "new", "down -4 (from 10)", "same". */
export function trendText(r: Pick<UserRisk, 'trend' | 'change' | 'previousRisk'>): string {
  if (r.trend === 'new' || r.trend === 'same') return r.trend;
  return `${r.trend} ${r.change > 0 ? '+' : ''}${r.change} (from ${r.previousRisk})`;
}

function riskCells(r: UserRisk): string[] {
  return [
    String(r.rank), r.user, String(r.risk), String(r.findings), String(r.critical), String(r.high), String(r.medium), String(r.low), String(r.open),
    trendText(r), r.topCategories.map((c) => `${c.category} ${c.findings}`).join(', '),
  ];
}
