/**
 * Where a file's bytes are: a path on disk (the file given to extractFile) or a buffer (an
 * archive entry or attachment, already inflated within the limits).
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ExtractError } from './error.js';

export type Source = { path: string; size: number } | { buffer: Buffer };

export function sourceSize(src: Source): number {
  return 'path' in src ? src.size : src.buffer.length;
}

/** A stream of the bytes; the caller destroys it when done early. */
export function openStream(src: Source, highWaterMark = 64 * 1024): Readable {
  return 'path' in src ? createReadStream(src.path, { highWaterMark }) : Readable.from([src.buffer]);
}

/** All the bytes, refusing a file over `maxBytes` before reading it. */
export async function readAll(src: Source, maxBytes: number, what: string): Promise<Buffer> {
  if (sourceSize(src) > maxBytes) {
    throw new ExtractError('FILE_TOO_LARGE', `${what}: ${sourceSize(src)} bytes, over the limit of ${maxBytes}`);
  }
  return 'path' in src ? readFile(src.path) : src.buffer;
}

/** The first `n` bytes (fewer if the file is shorter). */
export async function readHead(src: Source, n: number): Promise<Buffer> {
  if ('buffer' in src) return src.buffer.subarray(0, n);
  const fh = await open(src.path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(n, src.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
