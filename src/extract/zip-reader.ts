/**
 * Reading zip containers with limits (yauzl's one owner module): plain archives, and the
 * packages OOXML and ODF files are. Sizes and ratios are checked against the declared sizes
 * before inflating and against the bytes actually inflated while streaming, because declared
 * sizes can lie. Nothing is inflated past a limit.
 */
import yauzl from 'yauzl';
import { ExtractError } from './error.js';
import type { Source } from './source.js';

export interface ZipEntry {
  path: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  directory: boolean;
  readonly raw: yauzl.Entry;
}

/** Limits for inflating one entry; `totals.inflated` is shared by every entry of the outermost file. */
export interface InflateGuard {
  /** Largest inflated entry (maxFileBytes). */
  maxBytes: number;
  maxRatio: number;
  maxTotal: number;
  totals: { inflated: number };
}

/** The compression ratio is judged only past this size: small, very regular files compress extremely well. */
const RATIO_FLOOR = 1024 * 1024;

export class ZipReader {
  private constructor(private readonly zip: yauzl.ZipFile) {}

  static async open(src: Source): Promise<ZipReader> {
    const options = { lazyEntries: true, autoClose: false };
    try {
      const zip = 'path' in src ? await yauzl.openPromise(src.path, options) : await yauzl.fromBufferPromise(src.buffer, options);
      return new ZipReader(zip);
    } catch (err) {
      throw new ExtractError('FILE_CORRUPT', `zip: unreadable (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  /** Entries as the central directory lists them, streamed. Closes nothing: call close(). */
  async *entries(): AsyncGenerator<ZipEntry> {
    try {
      for await (const raw of this.zip.eachEntry()) {
        yield {
          path: raw.fileName,
          compressedSize: raw.compressedSize,
          uncompressedSize: raw.uncompressedSize,
          encrypted: raw.isEncrypted(),
          directory: raw.fileName.endsWith('/'),
          raw,
        };
      }
    } catch (err) {
      if (err instanceof ExtractError) throw err;
      throw new ExtractError('FILE_CORRUPT', `zip: bad central directory (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  /** Declared entry count (from the end-of-central-directory record). */
  get entryCount(): number {
    return this.zip.entryCount;
  }

  /** Inflates one entry into memory within the guard's limits, or throws ARCHIVE_LIMIT / FILE_TOO_LARGE / FILE_ENCRYPTED / FILE_CORRUPT. */
  async read(entry: ZipEntry, guard: InflateGuard): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.chunks(entry, guard)) {
      chunks.push(chunk);
      size += chunk.length;
    }
    return Buffer.concat(chunks, size);
  }

  /**
   * Streams one entry's inflated bytes within the guard's limits (`maxBytes` may be Infinity for
   * a part read as a stream). Stopping early destroys the entry's stream.
   */
  async *chunks(entry: ZipEntry, guard: InflateGuard): AsyncGenerator<Buffer> {
    if (entry.encrypted) throw new ExtractError('FILE_ENCRYPTED', 'encrypted entry');
    checkSize(entry.uncompressedSize, entry.compressedSize, guard.totals.inflated + entry.uncompressedSize, guard, 'declared');
    let stream;
    try {
      stream = await this.zip.openReadStreamPromise(entry.raw);
    } catch (err) {
      throw new ExtractError(entry.raw.canDecodeFileData() ? 'FILE_CORRUPT' : 'FILE_UNSUPPORTED',
        `cannot inflate (${err instanceof Error ? err.message : String(err)})`);
    }
    let size = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        guard.totals.inflated += chunk.length;
        checkSize(size, entry.compressedSize, guard.totals.inflated, guard, 'inflated');
        yield chunk;
      }
    } catch (err) {
      if (err instanceof ExtractError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      // yauzl stops an entry that inflates past its declared size: a lying header, as zip bombs have.
      if (/too many bytes/.test(message)) throw new ExtractError('ARCHIVE_LIMIT', `inflates past its declared size ${entry.uncompressedSize} (zip bomb?)`);
      throw new ExtractError('FILE_CORRUPT', `cannot inflate (${message})`);
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }
}

/** `total`: the file's total inflated bytes once this entry is `size` bytes. */
function checkSize(size: number, compressed: number, total: number, guard: InflateGuard, how: string): void {
  if (size > RATIO_FLOOR && size > Math.max(compressed, 1) * guard.maxRatio) {
    throw new ExtractError('ARCHIVE_LIMIT', `${how} size ${size} is over ${guard.maxRatio} times its compressed size ${compressed} (zip bomb?)`);
  }
  if (total > guard.maxTotal) {
    throw new ExtractError('ARCHIVE_LIMIT', `total inflated size would pass the limit of ${guard.maxTotal} bytes`);
  }
  if (size > guard.maxBytes) {
    throw new ExtractError('FILE_TOO_LARGE', `${how} size ${size} is over the limit of ${guard.maxBytes} bytes`);
  }
}
