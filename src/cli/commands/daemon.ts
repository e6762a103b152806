import { dirname } from 'node:path';
import { createRuntime } from '../../app/runtime.js';
import { runDaemon } from '../../app/daemon.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';
import { onShutdownSignal } from '../signals.js';
import { createNotifier } from '../../service/notify.js';

/** Incremental mode under systemd: polls the logs feed until SIGTERM, then exits 0. */
export async function daemonCommand(argv: GlobalArgs): Promise<number> {
  const { config, log, file } = loadCliConfig(argv);
  const rt = createRuntime(config, log, { configDir: dirname(file), metrics: config.metrics.enabled });
  // NOTIFY_SOCKET & co. are read, then removed from the environment so that extraction processes
  // (started lazily, later) do not inherit them.
  const notifier = createNotifier({ log, unsetEnvironment: true });
  const release = onShutdownSignal(log, config.daemon.shutdown_timeout_seconds, () => rt.abort.abort());
  log.info({ config: file, workspace: config.workspace_id, rules: rt.rules.compiled.rules.length, threads: rt.pool.threads }, 'daemon started');
  try {
    await runDaemon(rt, { notifier });
    log.info('daemon stopped cleanly');
    return EXIT.ok;
  } finally {
    release();
    await rt.close();
    notifier.close();
  }
}
