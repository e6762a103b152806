/**
 * Walks every object route of the simulator over HTTP, the way a client would (each list's own
 * cursor style, small pages), and collects the texts it serves by source kind, object, version
 * and location: the keys of GroundTruth.objectPlanted.
 */
import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';

export type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function objApi(sim: Simulator, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sim.url}/compliance/workspaces/${sim.workspaceId}${path}`, { ...init, headers: { Authorization: `Bearer ${sim.apiKey}` }, redirect: 'manual' });
}

export async function getJson(sim: Simulator, path: string): Promise<J> {
  const res = await objApi(sim, path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as J;
}

/** Walks an `after=<last_id>` list (the envelope's last_id, or the last item's id where the list has none). */
export async function walkAfter(sim: Simulator, path: string, limit: number, cursorFromEnvelope = true): Promise<J[]> {
  const out: J[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await getJson(sim, `${path}${sep}limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    expect(page.object).toBe('list');
    expect(page.data.length).toBeLessThanOrEqual(limit);
    out.push(...(page.data as J[]));
    if (!page.has_more) return out;
    after = cursorFromEnvelope ? (page.last_id as string) : ((page.data as J[])[page.data.length - 1] as J).id as string;
  }
  throw new Error(`no end to ${path}`);
}

/** Walks a `cursor=` list. */
export async function walkCursor(sim: Simulator, path: string, limit: number): Promise<J[]> {
  const out: J[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await getJson(sim, `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...(page.data as J[]));
    expect(page.has_more).toBe(page.cursor !== null);
    if (!page.has_more) return out;
    cursor = page.cursor as string;
  }
  throw new Error(`no end to ${path}`);
}

/** All versions of a canvas, one per page (`after` = the last version number). */
export async function walkCanvas(sim: Simulator, userId: string, id: string): Promise<J[]> {
  const out: J[] = [];
  let after = 0;
  for (;;) {
    const doc = await getJson(sim, `/users/${userId}/canvas/${id}?limit=1${after ? `&after=${after}` : ''}`);
    expect(doc.textdoc_id).toBe(id);
    out.push(...(doc.version_contents.data as J[]));
    if (!doc.version_contents.has_more) return out;
    after = doc.version_contents.last_version as number;
  }
}

/** Every event of the log files of one type, each file downloaded and checked against its sha256. */
export async function logEvents(sim: Simulator, type: string): Promise<J[]> {
  const { createHash } = await import('node:crypto');
  const events: J[] = [];
  const seen = new Set<string>();
  let after = '1970-01-01T00:00:00Z';
  for (;;) {
    // limit 2: the same `after` returns the boundary file again, so a page of one would not move on.
    const page = await getJson(sim, `/logs?event_type=${type}&after=${encodeURIComponent(after)}&limit=2`);
    for (const f of page.data as J[]) {
      expect(f.event_type).toBe(type);
      if (seen.has(f.id as string)) continue;
      seen.add(f.id as string);
      const redirect = await objApi(sim, `/logs/${f.id as string}`);
      expect(redirect.status).toBe(307);
      const bytes = Buffer.from(await (await fetch(redirect.headers.get('location') as string)).arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.file_sha256);
      events.push(...bytes.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as J));
    }
    if (!page.has_more) return events;
    after = page.last_end_time as string;
  }
}

export const key = (sourceKind: string, objectId: string, version: string | null, location: string): string => [sourceKind, objectId, version ?? '', location].join('|');

/** Texts served at every truth key (several for canvas comments, which share one location). */
export async function servedTexts(sim: Simulator): Promise<Map<string, string[]>> {
  const texts = new Map<string, string[]>();
  const put = (k: string, t: string): void => void texts.set(k, [...(texts.get(k) ?? []), t]);
  for (const kind of ['gpt', 'project'] as const) {
    for (const g of await walkAfter(sim, `/${kind}s`, 3)) {
      for (const c of await walkAfter(sim, `/${kind}s/${g.id as string}/configs`, 1)) {
        const at = (loc: string, t: string): void => put(key(kind, g.id as string, c.id as string, `${kind}:${loc}`), t);
        at('name', c.name as string);
        at('description', c.description as string);
        at('instructions', c.instructions as string);
        (c.conversation_starters as string[]).forEach((s, i) => at(`conversation_starters[${i}]`, s));
      }
    }
  }
  for (const m of await walkAfter(sim, '/memories', 3)) {
    for (const ctx of m.memory_contexts as J[]) for (const e of ctx.memory_entries as J[]) put(key('memory', m.id as string, e.id as string, 'memory:content'), e.content as string);
  }
  const users = await walkAfter(sim, '/users', 200);
  for (const u of users) {
    const uid = u.id as string;
    for (const c of await walkAfter(sim, `/users/${uid}/canvases`, 2)) {
      for (const v of await walkCanvas(sim, uid, c.id as string)) {
        const at = (loc: string, t: string): void => put(key('canvas', c.id as string, String(v.version), `canvas:${loc}`), t);
        at('name', v.name as string);
        at('content', v.content as string);
        for (const cm of v.comments as J[]) at('comment', cm.content as string);
      }
    }
    for (const a of await walkAfter(sim, `/users/${uid}/automations`, 1, false)) {
      put(key('automation', a.id as string, null, 'automation:title'), a.title as string);
      put(key('automation', a.id as string, null, 'automation:prompt'), a.prompt as string);
    }
    for (const r of await walkCursor(sim, `/users/${uid}/recordings`, 1)) {
      const t = await getJson(sim, `/users/${uid}/recordings/${r.id as string}/transcript?include_summary=true`);
      put(key('recording', r.id as string, null, 'recording:transcript'), t.transcript as string);
      put(key('recording', r.id as string, null, 'recording:summary'), t.summary as string);
    }
  }
  for (const t of await walkCursor(sim, '/codex_tasks', 2)) {
    put(key('codex_task', t.id as string, null, 'codex_task:title'), t.title as string);
    put(key('codex_task', t.id as string, null, 'codex_task:prompt'), t.denormalized_metadata.prompt as string);
  }
  for (const e of await walkAfter(sim, '/codex_environments', 1, false)) {
    for (const [k, v] of Object.entries(e.env_vars as Record<string, string>)) put(key('codex_environment', e.id as string, null, `codex_environment:env_vars.${k}`), v);
    for (const [k, v] of Object.entries(e.secrets as Record<string, string>)) put(key('codex_environment', e.id as string, null, `codex_environment:secrets.${k}`), v);
    put(key('codex_environment', e.id as string, null, 'codex_environment:setup'), e.setup as string);
  }
  for (const [type, kind] of [['CODEX_LOG', 'codex_log'], ['CUSTOM_AGENTS_LOG', 'custom_agent_log']] as const) {
    for (const ev of await logEvents(sim, type)) {
      if (typeof ev.event_details.prompt_text === 'string') put(key(kind, ev.event_id as string, null, `${kind}:prompt_text`), ev.event_details.prompt_text as string);
    }
  }
  return texts;
}
