import { readFileSync } from 'node:fs';

/**
 * leakwatch's version for CEF headers, from package.json: src/alerts and dist/alerts are both
 * two levels below the package root. Unreadable (a bundled copy) = 0.0.0, never a failure.
 */
export function productVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
