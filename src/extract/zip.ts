/**
 * Zip archives: every entry, sniffed by its bytes and extracted as a nested file (entry:
 * [path]). Per-entry failures (encrypted, over a limit, corrupt, unsupported) are problems; the
 * next entry is read. Entry count and total inflated bytes are counted over the whole file; once
 * either limit is reached, one ARCHIVE_LIMIT problem is yielded and no further entry is read.
 */
import { childProblem, extractChild } from './child.js';
import type { Ctx, Ev } from './context.js';
import { ExtractError } from './error.js';
import type { Source } from './source.js';
import { ZipReader } from './zip-reader.js';

export async function* extractZip(src: Source, ctx: Ctx): AsyncGenerator<Ev> {
  const zip = await ZipReader.open(src);
  const { limits } = ctx;
  const guard = { maxBytes: limits.maxFileBytes, maxRatio: limits.maxCompressionRatio, maxTotal: limits.maxUncompressedBytes, totals: ctx.totals };
  try {
    for await (const entry of zip.entries()) {
      if (entry.directory) continue;
      if (++ctx.totals.entries > limits.maxEntries) {
        yield childProblem(entry.path, new ExtractError('ARCHIVE_LIMIT', `more than ${limits.maxEntries} entries: the rest was not read`));
        return;
      }
      let limited = false;
      for await (const ev of extractChild(ctx, entry.path, () => zip.read(entry, guard))) {
        if (ev.type === 'problem' && ev.problem.code === 'ARCHIVE_LIMIT') limited = true;
        yield ev;
      }
      if (limited && ctx.totals.inflated >= limits.maxUncompressedBytes) return;
    }
  } finally {
    zip.close();
  }
}
