/**
 * The signed download URLs the API redirects to. Like pre-signed storage URLs they take no API
 * key and no rate limit; a bad or expired signature answers 403.
 */
import type { ServerResponse } from 'node:http';
import { corruptLogBytes } from './log-files.js';
import { sendChunks, sendError, sendStream } from './http-body.js';
import { ChunkPool, hugeCsvChunks } from './files/huge-csv.js';
import { contentType, fileBytes } from './files/serve.js';
import type { SimState } from './state.js';

export async function downloadLog(state: SimState, id: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const check = state.signer.verify(`/download/logs/${id}`, q, state.nowS());
  if (check !== 'ok') return sendError(res, 403, check === 'expired' ? 'Download URL has expired' : 'Download URL signature is invalid', 'permission_error');
  const f = state.logFile(id);
  if (!f) return sendError(res, 404, `No log file with id ${id}`, 'not_found');
  let bytes = state.renderLog(f);
  state.stats.logDownloads++;
  if (state.faults.corruptLogDownload()) bytes = corruptLogBytes(bytes);
  await sendChunks(res, 200, 'application/jsonl', [bytes], { truncate: state.faults.truncateBody() });
}

/**
 * File content: built lazily from its spec and cached by content key (re-uploads share bytes);
 * the huge CSV is generated while it is sent; broken files are served broken on purpose.
 */
export async function downloadFile(state: SimState, id: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const check = state.signer.verify(`/download/files/${id}`, q, state.nowS());
  if (check !== 'ok') return sendError(res, 403, check === 'expired' ? 'Download URL has expired' : 'Download URL signature is invalid', 'permission_error');
  const f = state.ws.filesById.get(id);
  if (!f) return sendError(res, 404, `No file with id ${id}`, 'not_found');
  if (f.expired) return sendError(res, 410, `File ${id} has expired`, 'gone');
  state.stats.fileDownloads++;
  const headers = { 'Content-Disposition': `attachment; filename="${f.name.replace(/["\\\r\n]/g, '_')}"` };
  const plan = state.ws.hugePlans.get(f.content.key);
  if (plan) {
    const pool = new ChunkPool();
    return sendStream(res, 200, contentType(f.content), plan.bytes, hugeCsvChunks(plan, pool), { headers, written: (c) => pool.release(c) });
  }
  const bytes = await state.fileCache.get(f.content.key, () => fileBytes(f.content));
  await sendChunks(res, 200, contentType(f.content), [bytes], { headers });
}

/** A GPT's or project's knowledge file: built from its spec like an upload, cached by content key. */
export async function downloadKnowledgeFile(state: SimState, id: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const check = state.signer.verify(`/download/knowledge/${id}`, q, state.nowS());
  if (check !== 'ok') return sendError(res, 403, check === 'expired' ? 'Download URL has expired' : 'Download URL signature is invalid', 'permission_error');
  const f = state.ws.objects.knowledgeById.get(id);
  if (!f || state.ws.objects.deletedIds.has(id) || state.ws.objects.deletedIds.has(f.ownerId)) return sendError(res, 404, `No file with id ${id}`, 'not_found');
  state.stats.fileDownloads++;
  const headers = { 'Content-Disposition': `attachment; filename="${f.name.replace(/["\\\r\n]/g, '_')}"` };
  const bytes = await state.fileCache.get(f.content.key, () => fileBytes(f.content));
  await sendChunks(res, 200, contentType(f.content), [bytes], { headers });
}
