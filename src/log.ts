import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * pino's owner. Redaction is a second line of defence: nothing should log raw message text or
 * keys in the first place, but a careless `log.info({ item })` must still not leak them.
 */
export const REDACT_PATHS = [
  'apiKey', '*.apiKey', 'api_key', '*.api_key', 'authorization', '*.authorization',
  'headers.authorization', '*.headers.authorization', 'text', '*.text', 'value', '*.value',
  'content', '*.content', 'password', '*.password', 'secret', '*.secret',
];

export interface LogOptions {
  level: string;
  /** Where lines go; stderr by default so stdout stays for command output. */
  destination?: DestinationStream;
}

export function createLogger(opts: LogOptions): Logger {
  return pino(
    {
      level: opts.level,
      base: { app: 'leakwatch' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    opts.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything, for library callers and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
