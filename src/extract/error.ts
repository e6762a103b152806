import type { ExtractErrorCode } from './types.js';

/**
 * A file (or, inside an archive, an entry) that could not be read. The message names what is
 * wrong and never quotes the file's text; the code is stable (see ExtractErrorCode).
 */
export class ExtractError extends Error {
  constructor(readonly code: ExtractErrorCode, message: string) {
    super(message);
    this.name = 'ExtractError';
  }
}

/**
 * Any other error a parser threw, as FILE_CORRUPT. Parser messages can quote the input (JSON,
 * XML and CSV parsers do), so only the error's class name is kept.
 */
export function asExtractError(err: unknown, what: string): ExtractError {
  if (err instanceof ExtractError) return err;
  const name = err instanceof Error ? err.name : typeof err;
  return new ExtractError('FILE_CORRUPT', `${what}: the parser rejected it (${name})`);
}
