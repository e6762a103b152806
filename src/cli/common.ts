import { LeakwatchError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import { loadConfigFile, resolveConfigPath } from '../config/load.js';
import type { Config } from '../config/schema.js';

export interface GlobalArgs {
  config?: string;
  'log-level'?: string;
}

export function loadCliConfig(argv: GlobalArgs): { config: Config; file: string; log: Logger } {
  const file = resolveConfigPath(argv.config);
  const { config } = loadConfigFile(file);
  const log = createLogger({ level: argv['log-level'] ?? config.log.level });
  return { config, file, log };
}

/**
 * A point in time from the command line: an ISO 8601 date or date-time, or a relative age such
 * as `30d`, `12h`, `90m` before now.
 */
export function parseTime(value: string, flag: string, now: Date = new Date()): Date {
  const rel = /^(\d+)([dhm])$/.exec(value.trim());
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2] === 'd' ? 86_400_000 : rel[2] === 'h' ? 3_600_000 : 60_000;
    return new Date(now.getTime() - n * unit);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new LeakwatchError('USAGE', 'usage', `${flag} ${JSON.stringify(value)} is not a date: use YYYY-MM-DD, an ISO 8601 time, or an age such as 30d or 12h`);
  }
  return new Date(ms);
}
