import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { LeakwatchError } from '../errors.js';

export interface ReportToken {
  value: string;
  /** Where it came from: a random token is printed once in the URL, a configured one never is. */
  origin: 'file' | 'env' | 'random';
}

/** Shorter tokens are refused: the token is the only thing between the page and anyone on the host. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The page's access token: report.token_file (a bare name in $CREDENTIALS_DIRECTORY, as systemd
 * LoadCredential= gives it), else the variable named by report.token_env, else 32 random bytes.
 */
export function resolveReportToken(opts: { tokenFile: string | null; tokenEnv: string }, env: NodeJS.ProcessEnv = process.env): ReportToken {
  if (opts.tokenFile !== null) {
    const credDir = env.CREDENTIALS_DIRECTORY;
    const path = isAbsolute(opts.tokenFile) || credDir === undefined ? opts.tokenFile : join(credDir, opts.tokenFile);
    let value: string;
    try {
      value = readFileSync(path, 'utf8').trim();
    } catch (err) {
      throw new LeakwatchError('REPORT_TOKEN_UNREADABLE', 'config', `report.token_file: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    return { value: checked(value, `report.token_file (${path})`), origin: 'file' };
  }
  const fromEnv = env[opts.tokenEnv]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return { value: checked(fromEnv, `$${opts.tokenEnv}`), origin: 'env' };
  return { value: randomBytes(32).toString('base64url'), origin: 'random' };
}

function checked(value: string, origin: string): string {
  if (value.length < MIN_TOKEN_LENGTH) {
    throw new LeakwatchError('REPORT_TOKEN_WEAK', 'config', `${origin}: the report token has ${value.length} characters, at least ${MIN_TOKEN_LENGTH} are needed (e.g. openssl rand -base64 32)`);
  }
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new LeakwatchError('REPORT_TOKEN_INVALID', 'config', `${origin}: the report token must be printable ASCII without spaces (it travels in a URL and a cookie)`);
  }
  return value;
}

/** Compares in constant time: both sides are hashed first, so neither length nor content leaks through timing. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}
