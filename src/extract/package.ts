/**
 * The XML parts of an OOXML or ODF package, read through the zip reader so a package is held to
 * the same inflate limits as an archive (a "docx bomb" is refused, not inflated). Chosen over
 * jszip, which inflates without limits.
 */
import type { Ctx } from './context.js';
import { ExtractError } from './error.js';
import type { Source } from './source.js';
import { ZipReader, type ZipEntry } from './zip-reader.js';

/** More parts than any real document has: past it the package is refused rather than listed. */
const MAX_PARTS = 20_000;

export interface Package {
  /** Every part name, in the zip's order. */
  names: string[];
  /** A part's text (UTF-8), or undefined if absent. Parts are inflated on demand, within the limits. */
  text(name: string): Promise<string | undefined>;
  /** A part's inflated bytes as a stream, for parts too big to hold: no per-part size limit, the ratio and total still apply. */
  chunks(name: string): AsyncGenerator<Buffer>;
  close(): void;
}

export async function openPackage(src: Source, ctx: Ctx, what: string): Promise<Package> {
  const zip = await ZipReader.open(src);
  try {
    if (zip.entryCount > MAX_PARTS) throw new ExtractError('ARCHIVE_LIMIT', `${what}: ${zip.entryCount} package parts, over ${MAX_PARTS}`);
    const byName = new Map<string, ZipEntry>();
    for await (const e of zip.entries()) if (!e.directory) byName.set(e.path, e);
    const { limits } = ctx;
    const guard = { maxBytes: limits.maxFileBytes, maxRatio: limits.maxCompressionRatio, maxTotal: limits.maxUncompressedBytes, totals: ctx.totals };
    return {
      names: [...byName.keys()],
      async text(name) {
        const e = byName.get(name);
        if (!e) return undefined;
        try {
          return (await zip.read(e, guard)).toString('utf8');
        } catch (err) {
          if (err instanceof ExtractError) throw new ExtractError(err.code, `${what} part ${name}: ${err.message}`);
          throw err;
        }
      },
      async *chunks(name) {
        const e = byName.get(name);
        if (!e) return;
        try {
          yield* zip.chunks(e, { ...guard, maxBytes: Infinity });
        } catch (err) {
          if (err instanceof ExtractError) throw new ExtractError(err.code, `${what} part ${name}: ${err.message}`);
          throw err;
        }
      },
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

/** Runs `fn` with the package open, and always closes it. */
export async function* withPackage<T>(src: Source, ctx: Ctx, what: string, fn: (pkg: Package) => AsyncGenerator<T>): AsyncGenerator<T> {
  const pkg = await openPackage(src, ctx, what);
  try {
    yield* fn(pkg);
  } finally {
    pkg.close();
  }
}

