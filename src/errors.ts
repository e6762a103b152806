/**
 * Every failure leakwatch reports on purpose is a LeakwatchError with a stable `code`.
 * The CLI maps the `kind` to an exit code in one place (cli/exit.ts); nothing else exits.
 */
export type ErrorKind = 'usage' | 'config' | 'api' | 'internal';

export class LeakwatchError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  /** Extra lines (one problem each) printed under the message, e.g. every config problem. */
  readonly details: readonly string[];

  constructor(code: string, kind: ErrorKind, message: string, opts: { details?: readonly string[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'LeakwatchError';
    this.code = code;
    this.kind = kind;
    this.details = opts.details ?? [];
  }
}

export function isLeakwatchError(err: unknown): err is LeakwatchError {
  return err instanceof LeakwatchError;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
