import { compileRegex, type RegexMatcher } from './regex.js';

/** Values compare without spaces and dashes, case-insensitively: `4111 1111 1111 1111` = `4111111111111111`. */
export function normaliseAllowValue(value: string): string {
  return value.replace(/[\s-]+/g, '').toLowerCase();
}

export class Allowlist {
  private readonly values: Set<string>;
  private readonly regexes: RegexMatcher[];

  constructor(spec: { values: readonly string[]; regexes: readonly string[] }) {
    this.values = new Set(spec.values.map(normaliseAllowValue));
    this.regexes = spec.regexes.map((r) => compileRegex(r));
  }

  allows(value: string): boolean {
    if (this.values.size > 0 && this.values.has(normaliseAllowValue(value))) return true;
    return this.regexes.some((r) => r.test(value));
  }
}
