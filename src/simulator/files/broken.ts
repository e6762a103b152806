/** Files that must fail extraction in a controlled way: a zip bomb and a truncated file. */
import { Readable } from 'node:stream';
import { addStream, collectZip, newZip } from './build-zip.js';

const BOMB_BYTES = 1024 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024);
let bomb: Promise<Buffer> | undefined;

/** A zip whose single entry inflates to 1 GiB of zeros from about 1 MB (built once per process). */
export function zipBomb(): Promise<Buffer> {
  bomb ??= buildBomb();
  return bomb;
}

function buildBomb(): Promise<Buffer> {
  const zip = newZip();
  const out = collectZip(zip);
  let sent = 0;
  const zeros = new Readable({
    read(): void {
      if (sent >= BOMB_BYTES) { this.push(null); return; }
      sent += CHUNK.length;
      this.push(CHUNK);
    },
  });
  addStream(zip, zeros, 'backup/disk.img', BOMB_BYTES);
  zip.end();
  return out;
}

/** The first `keep` fraction of a file, e.g. a PDF cut off mid-download. */
export function truncate(buf: Buffer, keep = 0.5): Buffer {
  return Buffer.from(buf.subarray(0, Math.floor(buf.length * keep)));
}
