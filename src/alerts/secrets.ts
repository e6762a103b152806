import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { LeakwatchError } from '../errors.js';

export interface SecretSource {
  /** The sink's name, for the error message. */
  sink: string;
  /** The key's base name: `secret`, `webhook_url`, `password`. */
  key: string;
  literal: string | undefined;
  env: string | undefined;
  file: string | undefined;
}

export interface SecretContext {
  env?: NodeJS.ProcessEnv;
  /** Base of a relative `*_file` path: the config file's directory (default: the working directory). */
  configDir?: string;
}

/**
 * Reads a sink secret from its literal, `*_env` or `*_file` form; null when none is given (the
 * schema decides which secrets are required). A named variable or file that is missing or
 * empty is a config error naming the sink and the key, never the value.
 */
export function resolveSecret(src: SecretSource, ctx: SecretContext): string | null {
  if (src.env !== undefined) {
    const value = (ctx.env ?? process.env)[src.env]?.trim();
    if (value === undefined || value === '') {
      throw sinkConfigError(src.sink, `${src.key}_env`, `the environment variable ${src.env} is not set or empty`);
    }
    return value;
  }
  if (src.file !== undefined) {
    const path = isAbsolute(src.file) ? src.file : resolve(ctx.configDir ?? process.cwd(), src.file);
    let value: string;
    try {
      value = readFileSync(path, 'utf8').trim();
    } catch (err) {
      throw sinkConfigError(src.sink, `${src.key}_file`, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (value === '') throw sinkConfigError(src.sink, `${src.key}_file`, `${path} is empty`);
    return value;
  }
  return src.literal ?? null;
}

/** Checks that a webhook URL read from an env var or a file is an http(s) URL, without echoing it. */
export function checkHttpUrl(value: string, sink: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw sinkConfigError(sink, key, 'is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw sinkConfigError(sink, key, 'must be an http(s) URL');
  return value;
}

/** The error of a sink's config found at creation: `sink "<name>": <key>: <problem>`. */
export function sinkConfigError(sink: string, key: string, problem: string): LeakwatchError {
  return new LeakwatchError('CONFIG_INVALID', 'config', `sink "${sink}": ${key}: ${problem}`);
}
