/** The simulator's zip writer (yazl's one owner module): archives, ODF packages, the zip bomb. */
import type { Readable } from 'node:stream';
import yazl from 'yazl';

/** Every built file carries this date, so a spec builds to the same bytes where the library allows. */
export const FIXED_DATE = new Date('2024-03-01T09:00:00Z');

export type ZipWriter = yazl.ZipFile;

export function newZip(): ZipWriter {
  return new yazl.ZipFile();
}

/** Starts collecting the zip's bytes; call before adding entries, resolve after `end()`. */
export function collectZip(zip: ZipWriter): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export function addStream(zip: ZipWriter, stream: Readable, path: string, size?: number): void {
  zip.addReadStream(stream, path, { mtime: FIXED_DATE, compressionLevel: 9, ...(size === undefined ? {} : { size }) });
}
