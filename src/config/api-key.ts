import { readFileSync, existsSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { LeakwatchError } from '../errors.js';
import type { Config } from './schema.js';

/** The credential name systemd's LoadCredential= gives the key when api_key_file is not set. */
export const DEFAULT_CREDENTIAL_NAME = 'leakwatch-api-key';

/**
 * The API key never comes from argv (it would show in `ps` and shell history) and is never
 * logged. Order: api_key_file, then $CREDENTIALS_DIRECTORY/leakwatch-api-key, then the env var.
 */
export function resolveApiKey(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  const credDir = env.CREDENTIALS_DIRECTORY;
  const file = config.api.api_key_file;
  if (file !== null) {
    const path = isAbsolute(file) || credDir === undefined ? file : join(credDir, file);
    return readKeyFile(path, 'api.api_key_file');
  }
  if (credDir !== undefined) {
    const path = join(credDir, DEFAULT_CREDENTIAL_NAME);
    if (existsSync(path)) return readKeyFile(path, `$CREDENTIALS_DIRECTORY/${DEFAULT_CREDENTIAL_NAME}`);
  }
  const value = env[config.api.api_key_env];
  if (value !== undefined && value.trim() !== '') return value.trim();
  throw new LeakwatchError(
    'API_KEY_MISSING',
    'config',
    `no Compliance API key: set the environment variable ${config.api.api_key_env}, or api.api_key_file, or a systemd credential named ${DEFAULT_CREDENTIAL_NAME}`,
  );
}

function readKeyFile(path: string, origin: string): string {
  let key: string;
  try {
    key = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new LeakwatchError('API_KEY_UNREADABLE', 'config', `${origin}: cannot read key file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (key === '') throw new LeakwatchError('API_KEY_MISSING', 'config', `${origin}: key file ${path} is empty`);
  return key;
}
