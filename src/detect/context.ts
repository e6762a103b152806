/**
 * Whether one of `words` (lowercase) occurs as a whole word within `window` characters before
 * or after [start, end) of `text`. Word edges are ASCII letters and digits, like RE2's `\b`.
 */
export function hasContextWord(text: string, start: number, end: number, words: readonly string[], window: number): boolean {
  const before = text.slice(Math.max(0, start - window), start).toLowerCase();
  const after = text.slice(end, end + window).toLowerCase();
  return words.some((w) => containsWord(before, w) || containsWord(after, w));
}

function containsWord(haystack: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const i = haystack.indexOf(word, from);
    if (i < 0) return false;
    if (!isWordChar(haystack.charCodeAt(i - 1)) && !isWordChar(haystack.charCodeAt(i + word.length))) return true;
    from = i + 1;
  }
}

function isWordChar(code: number): boolean {
  // NaN (outside the string) is not a word character.
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}
