import type { Config } from '../config/schema.js';
import { resolveAdminKey } from '../config/api-key.js';
import type { Logger } from '../log.js';
import { ComplianceHttp, type HttpOptions } from '../compliance/client.js';
import { AdminApi, adminHttpOptions } from './api.js';

export interface AdminConnection {
  api: AdminApi;
  /** The key's last four characters, for messages (never the key). */
  keyHint: string;
  close(): Promise<void>;
}

/**
 * The Administration API client of a configuration: the admin key (admin.api_key_file, the
 * systemd credential, or admin.api_key_env), the admin block's base URL and pacing, the api
 * block's timeouts and retries. `tweak` overrides HTTP options (doctor answers quickly).
 */
export function openAdminApi(
  config: Pick<Config, 'admin' | 'api'>, log: Logger, env: NodeJS.ProcessEnv = process.env, tweak: Partial<HttpOptions> = {}, signal?: AbortSignal,
): AdminConnection {
  const key = resolveAdminKey(config.admin, env);
  const http = new ComplianceHttp({ ...adminHttpOptions(config.admin, config.api, key, log, signal), ...tweak });
  return { api: new AdminApi(http), keyHint: key.slice(-4), close: () => http.close() };
}
