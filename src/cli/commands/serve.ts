import type { Argv } from 'yargs';
import { openReportDb, resolveReportToken, startReportServer } from '../../web/index.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';
import { onShutdownSignal } from '../signals.js';

export interface ServeArgs extends GlobalArgs {
  listen?: string;
}

export function serveBuilder(y: Argv): Argv<ServeArgs> {
  return y.option('listen', { type: 'string', describe: 'loopback host:port to listen on (default: report.listen, 127.0.0.1:8731; port 0 picks a free one)' }) as unknown as Argv<ServeArgs>;
}

/** The read-only report page on a loopback port until SIGINT/SIGTERM. */
export async function serveCommand(argv: ServeArgs): Promise<number> {
  const { config, log } = loadCliConfig(argv);
  const token = resolveReportToken({ tokenFile: config.report.token_file, tokenEnv: config.report.token_env });
  const db = openReportDb(config.database.path);
  try {
    const server = await startReportServer({ db, listen: argv.listen ?? config.report.listen, token: token.value, log });
    const stopped = new Promise<void>((resolve) => {
      const release = onShutdownSignal(log, 10, () => {
        release();
        resolve();
      });
    });
    // A random token is shown once, here; a configured one is never printed.
    const open = token.origin === 'random'
      ? `${server.url}?token=${encodeURIComponent(token.value)}`
      : `${server.url}?token=<the token from ${token.origin === 'file' ? 'report.token_file' : `$${config.report.token_env}`}>`;
    process.stdout.write(`leakwatch report page (read-only, database ${config.database.path}):\n  ${open}\nCtrl-C stops it.\n`);
    log.info({ url: server.url, token: token.origin }, 'report page listening');
    await stopped;
    await server.close();
    log.info('report page stopped');
    return EXIT.ok;
  } finally {
    db.close();
  }
}
