/**
 * Writing response bodies: JSON errors, and large bodies sent chunk by chunk with backpressure
 * and a declared Content-Length, which is what lets a fault cut a body in half and have the
 * client see a premature close instead of a short but "complete" response.
 */
import type { ServerResponse } from 'node:http';

export interface ErrorBody {
  error: { message: string; type: string };
}

export function errorBody(message: string, type: string): ErrorBody {
  return { error: { message, type } };
}

/** Resolves when the socket can take more, or when it went away (no point in waiting then). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export interface SendOptions {
  headers?: Record<string, string>;
  /** Send half of the declared bytes, then destroy the socket. */
  truncate?: boolean;
  /** Called with each chunk once the socket has written it (its memory may then be reused). */
  written?: (chunk: Buffer) => void;
}

/**
 * Sends `chunks` as one body. Content-Length is always declared; with `truncate` only the first
 * half of the bytes is written before the connection is destroyed.
 */
export function sendChunks(res: ServerResponse, status: number, contentType: string, chunks: readonly Buffer[], opts: SendOptions = {}): Promise<void> {
  let total = 0;
  for (const c of chunks) total += c.length;
  return sendStream(res, status, contentType, total, chunks, opts);
}

/**
 * Sends `total` bytes pulled from `chunks` one at a time, waiting for the socket to drain before
 * pulling the next: a generator behind it never runs ahead of the client. Stops pulling when the
 * client goes away.
 */
export async function sendStream(res: ServerResponse, status: number, contentType: string, total: number, chunks: Iterable<Buffer>, opts: SendOptions = {}): Promise<void> {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(total), ...opts.headers });
  let budget = opts.truncate ? Math.floor(total / 2) : total;
  const written = opts.written;
  for (const c of chunks) {
    if (res.destroyed) return;
    const piece = budget >= c.length ? c : c.subarray(0, budget);
    budget -= piece.length;
    const more = written ? res.write(piece, () => written(c)) : res.write(piece);
    if (piece.length > 0 && !more) await drained(res);
    if (budget <= 0 && opts.truncate) break;
  }
  if (res.destroyed) return;
  if (opts.truncate) {
    // Let the half body reach the client before the reset, so it reads a cut body, not nothing.
    await new Promise<void>((resolve) => res.write('', () => resolve()));
    res.destroy();
    return;
  }
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, opts: SendOptions = {}): Promise<void> {
  return sendChunks(res, status, 'application/json', [Buffer.from(JSON.stringify(body), 'utf8')], opts);
}

export function sendError(res: ServerResponse, status: number, message: string, type: string, headers?: Record<string, string>): Promise<void> {
  return sendJson(res, status, errorBody(message, type), headers ? { headers } : {});
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(307, { Location: location, 'Content-Length': '0' });
  res.end();
}
