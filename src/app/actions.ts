import { Delivery } from '../alerts/delivery.js';
import { createSink } from '../alerts/registry.js';
import type { SinkConfig } from '../alerts/sink-config.js';
import type { Sink } from '../alerts/types.js';
import { Remediator } from '../remediate/remediator.js';
import type { ComplianceApi } from '../compliance/api.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { LeakwatchError, errorMessage } from '../errors.js';
import type { Metrics } from '../ops/metrics/types.js';

/**
 * Acting on findings after they commit: alert delivery and remediation, both reading the
 * outbox. Started by the daemon and by scans; a scan delivers what is due before it exits.
 */
export interface Actions {
  start(): void;
  /** Whether start() was called (a reload starts the new actions only if the old ones ran). */
  started(): boolean;
  /** Delivers every alert and deletion due now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** The configured sinks by name, plus `log` unless configured otherwise. Missing secrets fail here, listed with the sink. */
export function createSinks(rt: { config: Pick<Config, 'alerts'>; log: Logger }, configDir?: string): Map<string, Sink> {
  const sinks = new Map<string, Sink>();
  const problems: string[] = [];
  const entries: [string, SinkConfig][] = [['log', { type: 'log', level: 'warn' }], ...Object.entries(rt.config.alerts.sinks)];
  for (const [name, config] of entries) {
    try {
      sinks.set(name, createSink(name, config, { log: rt.log, configDir }));
    } catch (err) {
      if (err instanceof LeakwatchError && err.details.length > 0) problems.push(...err.details);
      else problems.push(`alerts.sinks.${name}: ${errorMessage(err)}`);
    }
  }
  if (problems.length > 0) throw new LeakwatchError('CONFIG_INVALID', 'config', `alert sink configuration has ${problems.length} problem(s)`, { details: problems });
  return sinks;
}

export interface ActionsDeps {
  config: Config;
  log: Logger;
  store: Store;
  /** Each configured workspace's API, by id: deletions go to the finding's own workspace. */
  apis: ReadonlyMap<string, ComplianceApi>;
  metrics?: Metrics;
}

export function createActions(rt: ActionsDeps, configDir?: string): Actions {
  const { config } = rt;
  const sinks = createSinks(rt, configDir);
  const delivery = new Delivery({
    store: rt.store, sinks, log: rt.log, maxAttempts: config.alerts.max_attempts, retryBaseMs: config.alerts.retry_base_seconds * 1000,
    retryMaxMs: config.alerts.retry_max_seconds * 1000, perSinkPerMinute: config.alerts.per_sink_per_minute, pollMs: config.alerts.poll_seconds * 1000,
    metrics: rt.metrics,
  });
  const remediator = new Remediator({
    apis: rt.apis, store: rt.store, log: rt.log, enabled: config.remediation.enabled,
    perMinute: config.remediation.per_minute, maxAttempts: config.alerts.max_attempts, retryBaseMs: config.alerts.retry_base_seconds * 1000,
    retryMaxMs: config.alerts.retry_max_seconds * 1000, pollMs: config.alerts.poll_seconds * 1000,
  });
  let stopped: Promise<void> | null = null;
  let started = false;
  return {
    start() {
      // Idempotent: a second daemon run on the same runtime (tests) must not start a second timer.
      if (started) return;
      started = true;
      delivery.start();
      remediator.start();
    },
    started: () => started,
    async flush() {
      await delivery.flush();
      await remediator.flush();
    },
    stop() {
      stopped ??= (async () => {
        await delivery.stop();
        await remediator.stop();
        await Promise.allSettled([...sinks.values()].map((s) => s.close()));
      })();
      return stopped;
    },
  };
}
