import RE2 from 're2';

/**
 * The only module that touches re2. Patterns run over UTF-8 Buffers (perf-notes: handing JS
 * strings to re2 re-encodes them on every call) and report byte offsets; callers convert to
 * string offsets only for the few matches there are.
 */

export interface ByteMatch {
  /** Byte offsets of the sensitive part (the chosen capture group, or the whole match). */
  start: number;
  end: number;
}

export interface RegexMatcher {
  /** Every non-overlapping match over `buf`. A group that did not participate is skipped. */
  matchAll(buf: Buffer): ByteMatch[];
}

export interface SetMatcher {
  /** Indexes of the patterns that match somewhere in `buf`. */
  match(buf: Buffer): number[];
  /** Whether any pattern matches somewhere in `buf`. */
  test(buf: Buffer): boolean;
}

export function compileRegex(source: string, group = 0): RegexMatcher {
  // 'd' gives group indices; 'g' walks all matches.
  const re = new RE2(source, 'gd');
  return {
    matchAll(buf: Buffer): ByteMatch[] {
      const out: ByteMatch[] = [];
      re.lastIndex = 0;
      for (;;) {
        const m = re.exec(buf);
        if (m === null) break;
        const whole = m[0];
        if (whole.length === 0) {
          // An empty match would never advance; step past it.
          re.lastIndex = m.index + 1;
          if (re.lastIndex > buf.length) break;
          continue;
        }
        const span = m.indices?.[group];
        if (span !== undefined) out.push({ start: span[0], end: span[1] });
      }
      return out;
    },
  };
}

export function compileSet(sources: readonly string[]): SetMatcher {
  const set = new RE2.Set(sources, 'u');
  return { match: (buf) => set.match(buf), test: (buf) => set.test(buf) };
}

/** Null when `source` is valid RE2 syntax, otherwise the reason (for rule-pack errors). */
export function regexSyntaxError(source: string): string | null {
  try {
    new RE2(source, 'u');
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** UTF-16 length of the first `byteOffset` bytes of `buf`: a byte offset as a string offset. */
export function stringOffset(buf: Buffer, byteOffset: number): number {
  return RE2.getUtf16Length(buf.subarray(0, byteOffset));
}
