import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { Logger } from '../log.js';
import type { SinkConfig } from './sink-config.js';
import type { Sink } from './types.js';
import { checkHttpUrl, resolveSecret, sinkConfigError, type SecretContext } from './secrets.js';
import { productVersion } from './product-version.js';
import { createLogSink } from './sinks/log.js';
import { createWebhookSink } from './sinks/webhook.js';
import { createSlackSink } from './sinks/slack.js';
import { createTeamsSink } from './sinks/teams.js';
import { createEmailSink } from './sinks/email.js';
import { createSyslogSink } from './sinks/syslog.js';

export interface SinkDeps {
  log: Logger;
  /** Where `*_env` secrets are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Base of relative `*_file` and `tls_ca_file` paths: the config file's directory (default: the working directory). */
  configDir?: string;
}

/**
 * Builds a sink from its validated config. Secrets and files are read here, once: a missing
 * environment variable or file is a CONFIG_INVALID LeakwatchError naming the sink and the key,
 * so the daemon fails at start-up rather than at the first alert. Nothing connects yet.
 */
export function createSink(name: string, config: SinkConfig, deps: SinkDeps): Sink {
  const ctx: SecretContext = { ...(deps.env === undefined ? {} : { env: deps.env }), ...(deps.configDir === undefined ? {} : { configDir: deps.configDir }) };
  switch (config.type) {
    case 'log':
      return createLogSink(name, config, deps.log);
    case 'webhook': {
      const secret = resolveSecret({ sink: name, key: 'secret', literal: config.secret, env: config.secret_env, file: config.secret_file }, ctx);
      if (secret === null) throw sinkConfigError(name, 'secret_env', 'a signing secret is required (secret_env or secret_file)');
      return createWebhookSink(name, config, secret);
    }
    case 'slack':
    case 'teams': {
      const url = resolveSecret({ sink: name, key: 'webhook_url', literal: config.webhook_url, env: config.webhook_url_env, file: config.webhook_url_file }, ctx);
      if (url === null) throw sinkConfigError(name, 'webhook_url_env', 'the webhook URL is required (webhook_url_env or webhook_url_file)');
      const key = config.webhook_url_env !== undefined ? 'webhook_url_env' : config.webhook_url_file !== undefined ? 'webhook_url_file' : 'webhook_url';
      checkHttpUrl(url, name, key);
      return config.type === 'slack' ? createSlackSink(name, config, url) : createTeamsSink(name, config, url);
    }
    case 'email': {
      const password = resolveSecret({ sink: name, key: 'password', literal: config.password, env: config.password_env, file: config.password_file }, ctx);
      return createEmailSink(name, config, password, deps.log);
    }
    case 'syslog': {
      let ca: string | undefined;
      if (config.tls_ca_file !== null) {
        const path = isAbsolute(config.tls_ca_file) ? config.tls_ca_file : resolve(deps.configDir ?? process.cwd(), config.tls_ca_file);
        try {
          ca = readFileSync(path, 'utf8');
        } catch (err) {
          throw sinkConfigError(name, 'tls_ca_file', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
        }
      }
      return createSyslogSink(name, config, { hostname: hostname(), productVersion: productVersion(), ...(ca === undefined ? {} : { ca }) });
    }
  }
}
