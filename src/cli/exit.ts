import { isLeakwatchError, type ErrorKind } from '../errors.js';

/** The exit codes, documented in README "Exit codes". */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  api: 3,
  /** `db check`, `db backup`: the database (or the copy) failed its integrity or foreign-key check. */
  damaged: 4,
  internal: 70,
  interrupted: 130,
} as const;

const BY_KIND: Record<ErrorKind, number> = { usage: EXIT.usage, config: EXIT.usage, api: EXIT.api, internal: EXIT.internal };

export function exitCodeFor(err: unknown): number {
  return isLeakwatchError(err) ? BY_KIND[err.kind] : EXIT.internal;
}

/** One error report on stderr: the message, each detail on its own line, and the code. */
export function formatError(err: unknown): string {
  if (isLeakwatchError(err)) {
    const lines = [`leakwatch: ${err.message} [${err.code}]`, ...err.details.map((d) => `  - ${d}`)];
    return lines.join('\n');
  }
  const e = err as Error;
  return `leakwatch: internal error: ${e?.stack ?? String(err)}\nPlease report this with the command you ran.`;
}
