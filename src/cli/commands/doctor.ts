import { runDoctor, type Check } from '../../app/doctor.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';

export async function doctorCommand(argv: GlobalArgs): Promise<number> {
  const { config, file, log } = loadCliConfig(argv);
  return printChecks(await runDoctor(config, file, log));
}

/** One line per check on stdout; the exit code: API problems 3, others 2, none 0. */
export function printChecks(checks: readonly Check[]): number {
  const mark = { ok: 'ok  ', fail: 'FAIL', warn: 'warn', info: 'info' } as const;
  for (const c of checks) process.stdout.write(`${mark[c.status]}  ${c.name.padEnd(22)} ${c.detail}\n`);
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length === 0) return EXIT.ok;
  return failed.some((c) => /^(users|source logs|source conversations|admin api)\b/.test(c.name)) ? EXIT.api : EXIT.usage;
}
