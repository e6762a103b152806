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
