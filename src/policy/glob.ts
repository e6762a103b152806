import picomatch from 'picomatch';

/** The only module that imports picomatch: compiles a list of globs into one predicate. */
export function globMatcher(patterns: readonly string[], opts: { caseInsensitive?: boolean } = {}): (value: string) => boolean {
  const isMatch = picomatch([...patterns], { nocase: opts.caseInsensitive ?? false, dot: true });
  return (value) => isMatch(value);
}
