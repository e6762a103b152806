import { Detector } from '../detect/engine.js';
import { extractFile, ExtractError } from '../extract/index.js';
import type { TextSegment } from '../extract/types.js';
import type { CompiledRuleSet } from '../rules/compiled.js';
import type { FileTask, FileTaskResult } from './file-task.js';
import type { HostRequest, HostReply } from './file-host-protocol.js';
import { locate } from './file-locate.js';

/**
 * Extraction process entry: extracts a downloaded file's text and runs the rules over it, in a
 * child process of its own (see file-pool.ts), so that a hostile file can exhaust only this
 * process's heap, never the daemon's. Rules compile once per process from the `init` message.
 */

/** Segments are scanned in batches of about this many characters. */
const BATCH_CHARS = 256 * 1024;

async function scanFile(detector: Detector, task: FileTask): Promise<FileTaskResult> {
  const out: FileTaskResult = { kind: null, detections: [], problems: [], fatal: null, segments: 0, textChars: 0 };
  let batch: TextSegment[] = [];
  let batchChars = 0;
  let capped = false;
  const flush = (): void => {
    if (batch.length === 0) return;
    const found = detector.scanMany(batch.map((s) => s.text));
    found.forEach((list, k) => {
      for (const d of list) {
        if (out.detections.length >= task.maxDetections) {
          capped = true;
          return;
        }
        out.detections.push(locate(batch[k] as TextSegment, d));
      }
    });
    batch = [];
    batchChars = 0;
  };
  try {
    for await (const ev of extractFile(task.path, task.name, task.limits)) {
      if (ev.type === 'kind') out.kind = ev.kind;
      else if (ev.type === 'problem') out.problems.push(ev.problem);
      else {
        out.segments++;
        out.textChars += ev.segment.text.length;
        batch.push(ev.segment);
        batchChars += ev.segment.text.length;
        if (batchChars >= BATCH_CHARS) flush();
      }
    }
  } catch (err) {
    out.fatal = err instanceof ExtractError
      ? { code: err.code, message: err.message, location: {} }
      : { code: 'FILE_CORRUPT', message: `the extractor failed: ${err instanceof Error ? err.message : String(err)}`, location: {} };
  }
  // What was extracted before a failure is still scanned.
  flush();
  if (capped) {
    out.problems.push({ code: 'FINDINGS_LIMIT', message: `more than ${task.maxDetections} findings in this file: the rest were not recorded`, location: {} });
  }
  return out;
}

// Ctrl-C, a hang-up or `systemctl stop` signal the whole process group or cgroup. This process
// must not die of it mid-file (the parent would record the file as EXTRACT_CRASHED): it ends when
// the parent closes the pool (disconnect) or kills it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);

let detector: Detector | null = null;
const reply = (msg: HostReply): void => {
  process.send?.(msg);
};

process.on('message', (msg: HostRequest) => {
  if (msg.type === 'init') {
    detector = new Detector(msg.ruleSet as CompiledRuleSet, msg.valueSalt);
    reply({ type: 'ready' });
    return;
  }
  const run = detector;
  if (run === null) {
    reply({ type: 'failed', id: msg.id, message: 'the extraction process got a file before its rules' });
    return;
  }
  scanFile(run, msg.task).then(
    (result) => reply({ type: 'result', id: msg.id, result }),
    (err: unknown) => reply({ type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) }),
  );
});
// No exit call: once the parent disconnects (it closed the pool, or died), the IPC channel no
// longer holds the event loop, so the process ends after the file in hand, if any.
