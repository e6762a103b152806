/**
 * Text-like files, streamed: segments of about 64 KiB cut at a blank line where possible (a
 * multi-line secret such as a PEM key usually sits between blank lines), else at a line end
 * outside an open PEM block, and never longer than 1 MiB. Location: the 1-based start line.
 */
import type { Readable } from 'node:stream';
import type { TextEncoding } from './sniff.js';
import type { TextSegment } from './types.js';

const TARGET = 64 * 1024;
const HARD = 1024 * 1024;

/** Decodes a byte stream to text chunks (BOM stripped; bad bytes become U+FFFD). Destroys the stream when stopped early. */
export async function* decodeStream(stream: Readable, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const s = decoder.decode(chunk, { stream: true });
      if (s) yield s;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

export async function* textSegments(stream: Readable, encoding: TextEncoding): AsyncGenerator<TextSegment> {
  let buf = '';
  let line = 1;
  const emit = (end: number): TextSegment => {
    const text = buf.slice(0, end);
    buf = buf.slice(end);
    const segment = { location: { line }, text };
    line += countLines(text);
    return segment;
  };
  for await (const chunk of decodeStream(stream, encoding)) {
    buf += chunk;
    while (buf.length >= TARGET) {
      const cut = cutPoint(buf, buf.length >= HARD);
      if (cut <= 0) break;
      yield emit(cut);
    }
  }
  while (buf.length > HARD) yield emit(cutPoint(buf, true));
  if (buf.length > 0) yield emit(buf.length);
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Where to end the next segment (0: wait for more text). `force`: the buffer is at the hard cap. */
export function cutPoint(buf: string, force: boolean): number {
  const window = buf.slice(0, HARD);
  const blank = lastBlankLine(window);
  if (blank > 0) return blank;
  let cut = window.lastIndexOf('\n') + 1;
  if (cut > 0) {
    // Do not cut inside a PEM block: move the cut back to the line that opens it.
    const begin = window.lastIndexOf('-----BEGIN ', cut);
    const end = begin < 0 ? -1 : window.indexOf('-----END ', begin);
    if (begin >= 0 && (end < 0 || end >= cut)) {
      const lineStart = window.lastIndexOf('\n', begin) + 1;
      if (lineStart > 0) cut = lineStart;
      else if (!force) return 0;
    }
    if (!force && cut < TARGET / 4) return 0;
    return cut;
  }
  if (!force) return 0;
  // One line longer than the cap: cut it, but not between the halves of a surrogate pair.
  const code = window.charCodeAt(HARD - 1);
  return code >= 0xd800 && code <= 0xdbff ? HARD - 1 : HARD;
}

/** The end of the last blank line ("\n\n" or "\n\r\n"), or -1. */
function lastBlankLine(s: string): number {
  const a = s.lastIndexOf('\n\n');
  const b = s.lastIndexOf('\n\r\n');
  if (a < 0 && b < 0) return -1;
  return a > b ? a + 2 : b + 3;
}
