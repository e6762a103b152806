import cliProgress from 'cli-progress';
import type { SourceStats } from '../pipeline/run-source.js';
import type { Logger } from '../log.js';

export interface Progress {
  update(stats: SourceStats): void;
  stop(): void;
}

/** A live line on a TTY; on anything else (journald, CI, a pipe) a log line every 10 s. */
export function createProgress(log: Logger, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {source} | units {units} | messages {items} ({rate}/s) | files {files} | findings {findings} | errors {errors}',
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let running = false;
    return {
      update(s) {
        const payload = {
          source: s.source.padEnd(13), units: s.units, items: s.itemsScanned, files: s.files.refs, findings: s.findingsNew, errors: s.errors,
          rate: Math.round(s.itemsScanned / Math.max(0.001, (Date.now() - started) / 1000)),
        };
        if (!running) {
          bar.start(0, 0, payload);
          running = true;
        } else bar.update(0, payload);
      },
      stop() {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  let last = 0;
  return {
    update(s) {
      const t = Date.now();
      if (t - last < 10_000) return;
      last = t;
      log.info({ source: s.source, units: s.units, scanned: s.itemsScanned, files: s.files.refs, findingsNew: s.findingsNew, errors: s.errors }, 'scan progress');
    },
    stop() {},
  };
}
