import { dirname } from 'node:path';
import { createRuntime } from '../../app/runtime.js';
import { startDaemon } from '../../app/daemon.js';
import { loadConfigFile } from '../../config/load.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';
import { onReloadSignal, onShutdownSignal } from '../signals.js';
import { createNotifier } from '../../ops/systemd/notify.js';

/**
 * Incremental mode under systemd: polls every workspace's logs feed until SIGTERM, then exits 0.
 * SIGHUP re-reads the config file, rule packs, policies and sinks (README "Reload"), with
 * RELOADING=1 and READY=1 around it.
 */
export async function daemonCommand(argv: GlobalArgs): Promise<number> {
  const { config, log, file } = loadCliConfig(argv);
  const rt = createRuntime(config, log, { configDir: dirname(file), metrics: config.metrics.enabled });
  // NOTIFY_SOCKET & co. are read, then removed from the environment so that extraction processes
  // (started lazily, later) do not inherit them.
  const notifier = createNotifier({ log, unsetEnvironment: true });
  const release = onShutdownSignal(log, config.daemon.shutdown_timeout_seconds, () => rt.abort.abort());
  log.info({
    config: file, workspaces: rt.workspaces.map((w) => w.label), rules: rt.engine.rules.compiled.rules.length, threads: rt.engine.pool.threads,
  }, 'daemon started');
  const daemon = startDaemon(rt, {
    notifier,
    loadConfig: () => {
      const next = loadConfigFile(file).config;
      // --log-level outlives a reload, as it outlives the file's log.level at start.
      if (argv['log-level'] !== undefined) next.log.level = argv['log-level'] as typeof next.log.level;
      return next;
    },
  });
  const releaseReload = onReloadSignal(() => void daemon.reload());
  try {
    await daemon.done;
    log.info('daemon stopped cleanly');
    return EXIT.ok;
  } finally {
    releaseReload();
    release();
    await rt.close();
    notifier.close();
  }
}
