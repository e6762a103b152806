/**
 * Whether one of `words` (lowercase) occurs as a whole word within `window` characters before
 * or after [start, end) of `text`. Word edges are ASCII letters, digits and '_', like RE2's `\b`,
 * and are judged in the whole text: a window that cuts "smartphone" to "phone" does not make
 * "phone" a word (the engine's prefilter relies on this: see gatePattern in engine.ts).
 */
export function hasContextWord(text: string, start: number, end: number, words: readonly string[], window: number): boolean {
  const from = Math.max(0, start - window);
  const before = lowerSlice(text, from, start);
  const after = lowerSlice(text, end, Math.min(text.length, end + window));
  return words.some((w) => containsWord(text, before, w) || containsWord(text, after, w));
}

interface Slice {
  lower: string;
  /** Offset of the slice in the text, or -1 when lowercasing changed its length (then the slice's own edges are used). */
  offset: number;
}

function lowerSlice(text: string, from: number, to: number): Slice {
  const lower = text.slice(from, to).toLowerCase();
  return { lower, offset: lower.length === to - from ? from : -1 };
}

function containsWord(text: string, slice: Slice, word: string): boolean {
  const { lower, offset } = slice;
  let from = 0;
  for (;;) {
    const i = lower.indexOf(word, from);
    if (i < 0) return false;
    const prev = offset < 0 ? lower.charCodeAt(i - 1) : text.charCodeAt(offset + i - 1);
    const next = offset < 0 ? lower.charCodeAt(i + word.length) : text.charCodeAt(offset + i + word.length);
    if (!isWordChar(prev) && !isWordChar(next)) return true;
    from = i + 1;
  }
}

/** Whether `code` is an ASCII word character (NaN, outside the text, is not). */
export function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}
