import type { ApiConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { HttpOptions } from './client.js';

/**
 * The HTTP client's settings from an api block: one mapping for the daemon, scans, doctor and
 * (with its own base URL, pacing and auth wording) the Administration API client.
 */
export function httpOptions(api: ApiConfig, apiKey: string, log: Logger, signal?: AbortSignal): HttpOptions {
  return {
    baseUrl: api.base_url,
    apiKey,
    connectTimeoutMs: api.connect_timeout_seconds * 1000,
    requestTimeoutMs: api.request_timeout_seconds * 1000,
    maxAttempts: api.max_attempts,
    retryBaseDelayMs: api.retry_base_delay_ms,
    retryMaxDelayMs: api.retry_max_delay_ms,
    rateLimits: { listPerMinute: api.rate_limits.list_per_minute, getPerMinute: api.rate_limits.get_per_minute },
    log,
    signal,
  };
}
