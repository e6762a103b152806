/**
 * Query parameters and paging for the object routes: the three cursor styles of the API
 * (`after=<last_id>`, `after=<version number>`, `cursor=`), limits, and 400 on bad input.
 */
import type { ServerResponse } from 'node:http';
import { sendError } from '../http-body.js';
import { US_PER_S } from '../times.js';

export class BadRequest extends Error {}

export function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new BadRequest(`${name} must be an integer between ${min} and ${max}`);
  return Number(raw);
}

/** `since_timestamp` (integer seconds, inclusive) as µs, or -Infinity when absent. */
export function sinceParam(q: URLSearchParams): number {
  const raw = q.get('since_timestamp');
  if (raw === null || raw === '') return -Infinity;
  if (!/^\d{1,12}$/.test(raw)) throw new BadRequest('since_timestamp must be a non-negative integer number of seconds');
  return Number(raw) * US_PER_S;
}

export function fileFormat(q: URLSearchParams): 'url' | 'id' {
  const f = q.get('file_format') ?? 'url';
  if (f !== 'url' && f !== 'id') throw new BadRequest('file_format must be url or id');
  return f;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/** Items after the one whose id is `after` (in the list's own order); an unknown id is a 400. */
export function pageAfterId<T extends { id: string }>(items: readonly T[], after: string | null, limit: number, what: string): Page<T> {
  let start = 0;
  if (after !== null && after !== '') {
    const i = items.findIndex((x) => x.id === after);
    if (i < 0) throw new BadRequest(`after: no ${what} with id ${after}`);
    start = i + 1;
  }
  return { items: items.slice(start, start + limit), hasMore: start + limit < items.length };
}

/** Items with an id above `after` (lists in ascending id order, like /users). */
export function pageAboveId<T extends { id: string }>(items: readonly T[], after: string | null, limit: number): Page<T> {
  let start = 0;
  if (after) while (start < items.length && (items[start] as T).id <= after) start++;
  return { items: items.slice(start, start + limit), hasMore: start + limit < items.length };
}

/** The opaque `cursor` style: the cursor names the last item sent; null when nothing follows. */
export function pageByCursor<T extends { id: string }>(items: readonly T[], cursor: string | null, limit: number): Page<T> & { next: string | null } {
  let after: string | null = null;
  if (cursor !== null && cursor !== '') {
    after = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!after.startsWith('c1:')) throw new BadRequest('cursor is not one this API returned');
    after = after.slice(3);
  }
  const page = pageAfterId(items, after, limit, 'item at cursor');
  const last = page.items[page.items.length - 1];
  return { ...page, next: page.hasMore && last ? Buffer.from(`c1:${last.id}`, 'utf8').toString('base64url') : null };
}

export function badRequest(res: ServerResponse, e: unknown): Promise<void> {
  if (e instanceof BadRequest) return sendError(res, 400, e.message, 'invalid_request_error');
  throw e;
}

export function notFound(res: ServerResponse, message: string): Promise<void> {
  return sendError(res, 404, message, 'not_found');
}
