import { compileSet, type SetMatcher } from './regex.js';

/** Values compare without spaces and dashes, case-insensitively: `4111 1111 1111 1111` = `4111111111111111`. */
export function normaliseAllowValue(value: string): string {
  return value.replace(/[\s-]+/g, '').toLowerCase();
}

export class Allowlist {
  private readonly values: Set<string>;
  /** All the allowlist regexes in one RE2.Set: one pass per value, however many there are. */
  private readonly regexes: SetMatcher | null;

  constructor(spec: { values: readonly string[]; regexes: readonly string[] }) {
    this.values = new Set(spec.values.map(normaliseAllowValue));
    this.regexes = spec.regexes.length > 0 ? compileSet(spec.regexes) : null;
  }

  allows(value: string): boolean {
    if (this.values.size > 0 && this.values.has(normaliseAllowValue(value))) return true;
    return this.regexes !== null && this.regexes.test(Buffer.from(value, 'utf8'));
  }
}
