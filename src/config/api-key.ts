import { readFileSync, existsSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { LeakwatchError } from '../errors.js';
import type { AdminConfig, WorkspaceConfig } from './schema.js';

/** The credential name systemd's LoadCredential= gives the key when api_key_file is not set. */
export const DEFAULT_CREDENTIAL_NAME = 'leakwatch-api-key';

/**
 * The API key never comes from argv (it would show in `ps` and shell history) and is never
 * logged. Order: the key file, then (top-level key only) $CREDENTIALS_DIRECTORY/leakwatch-api-key,
 * then the environment variable.
 */
export function resolveApiKey(workspace: Pick<WorkspaceConfig, 'key' | 'label'>, env: NodeJS.ProcessEnv = process.env): string {
  const { key } = workspace;
  const credDir = env.CREDENTIALS_DIRECTORY;
  const where = key.origin === 'api' ? '' : ` (workspace ${workspace.label})`;
  if (key.file !== null) {
    const path = isAbsolute(key.file) || credDir === undefined ? key.file : join(credDir, key.file);
    return readKeyFile(path, `${key.origin}.api_key_file`);
  }
  if (key.defaultCredential && credDir !== undefined) {
    const path = join(credDir, DEFAULT_CREDENTIAL_NAME);
    if (existsSync(path)) return readKeyFile(path, `$CREDENTIALS_DIRECTORY/${DEFAULT_CREDENTIAL_NAME}`);
  }
  const value = key.env === null ? undefined : env[key.env];
  if (value !== undefined && value.trim() !== '') return value.trim();
  const ways = [
    key.env === null ? null : `set the environment variable ${key.env}`,
    `${key.origin}.api_key_file`,
    key.defaultCredential ? `a systemd credential named ${DEFAULT_CREDENTIAL_NAME}` : null,
  ].filter((w) => w !== null);
  throw new LeakwatchError('API_KEY_MISSING', 'config', `no Compliance API key${where}: ${ways.join(', or ')}`);
}

/** The credential name systemd's LoadCredential= gives the Admin API key when admin.api_key_file is not set. */
export const DEFAULT_ADMIN_CREDENTIAL_NAME = 'leakwatch-admin-key';

/**
 * The Admin API key (admin block), by the same rules as the Compliance key: admin.api_key_file,
 * then $CREDENTIALS_DIRECTORY/leakwatch-admin-key, then the variable named by admin.api_key_env.
 */
export function resolveAdminKey(admin: Pick<AdminConfig, 'api_key_env' | 'api_key_file'>, env: NodeJS.ProcessEnv = process.env): string {
  const credDir = env.CREDENTIALS_DIRECTORY;
  if (admin.api_key_file !== null) {
    const path = isAbsolute(admin.api_key_file) || credDir === undefined ? admin.api_key_file : join(credDir, admin.api_key_file);
    return readKeyFile(path, 'admin.api_key_file');
  }
  if (credDir !== undefined) {
    const path = join(credDir, DEFAULT_ADMIN_CREDENTIAL_NAME);
    if (existsSync(path)) return readKeyFile(path, `$CREDENTIALS_DIRECTORY/${DEFAULT_ADMIN_CREDENTIAL_NAME}`);
  }
  const value = env[admin.api_key_env];
  if (value !== undefined && value.trim() !== '') return value.trim();
  throw new LeakwatchError('ADMIN_KEY_MISSING', 'config',
    `no Admin API key: set the environment variable ${admin.api_key_env}, or admin.api_key_file, or a systemd credential named ${DEFAULT_ADMIN_CREDENTIAL_NAME} (or set admin.enabled: false)`);
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
