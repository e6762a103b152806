import type { Logger } from '../log.js';

/**
 * First SIGINT/SIGTERM: stop fetching (onStop), let in-flight work commit. If that takes longer
 * than the bound, or a second signal comes, exit at once: the checkpoint never passed
 * uncommitted work, so the next start re-scans it.
 */
export function onShutdownSignal(log: Logger, timeoutSeconds: number, onStop: () => void): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal, timeoutSeconds }, 'shutting down: finishing in-flight work');
    onStop();
    setTimeout(() => {
      log.error({ timeoutSeconds }, 'shutdown took too long: exiting without waiting further');
      process.exit(70);
    }, timeoutSeconds * 1000).unref();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * SIGHUP (and `systemctl reload`, which sends it) asks the daemon to re-read its configuration.
 * Reloads run one after another; the handler returns at once.
 */
export function onReloadSignal(onReload: () => void): () => void {
  const handler = (): void => onReload();
  process.on('SIGHUP', handler);
  return () => {
    process.off('SIGHUP', handler);
  };
}

/**
 * Only the daemon reloads. Other commands log a SIGHUP and go on (without a handler Node would
 * end the process, losing a scan's progress since its last commit).
 */
export function ignoreReloadSignal(log: Logger): () => void {
  const handler = (): void => log.warn('SIGHUP ignored: only leakwatch daemon reloads its configuration');
  process.on('SIGHUP', handler);
  return () => {
    process.off('SIGHUP', handler);
  };
}
