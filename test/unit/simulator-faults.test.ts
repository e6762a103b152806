import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const SMALL: SimulatorOptions = { now: NOW, users: 5, conversations: 40, rateLimits: false };

interface LogItem { id: string; end_time: string; file_sha256: string; file_size: number }
interface LogPage { data: LogItem[]; has_more: boolean; last_end_time: string | null }

let open: Simulator[] = [];
async function start(opts: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ ...SMALL, ...opts });
  open.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

function api(sim: Simulator, path: string, key = sim.apiKey): Promise<Response> {
  const headers: Record<string, string> = key === '' ? {} : { Authorization: `Bearer ${key}` };
  return fetch(`${sim.url}/compliance/workspaces/${sim.workspaceId}${path}`, { headers, redirect: 'manual' });
}

async function logPage(sim: Simulator, after: string, limit = 100): Promise<LogPage> {
  const res = await api(sim, `/logs?event_type=CONVERSATION_MESSAGE&after=${encodeURIComponent(after)}&limit=${limit}`);
  expect(res.status).toBe(200);
  return (await res.json()) as LogPage;
}

async function downloadBytes(sim: Simulator, id: string): Promise<Buffer> {
  const redirect = await api(sim, `/logs/${id}`);
  expect(redirect.status).toBe(307);
  return Buffer.from(await (await fetch(redirect.headers.get('location') as string)).arrayBuffer());
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('simulator access control and switches', () => {
  it('answers 401 to a wrong or missing key and 404 to an unknown workspace or route', async () => {
    const sim = await start();
    const wrong = await api(sim, '/users', 'nope');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    expect((await api(sim, '/users', '')).status).toBe(401);
    const other = await fetch(`${sim.url}/compliance/workspaces/00000000-0000-4000-8000-000000000000/users`, { headers: { Authorization: `Bearer ${sim.apiKey}` } });
    expect(other.status).toBe(404);
    expect((await api(sim, '/widgets')).status).toBe(404);
  });

  it('answers 403 without the read scope', async () => {
    const sim = await start({ readScope: false });
    const res = await api(sim, '/users');
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('permission_error');
    expect(body.error.message).toContain('missing scope read');
  });

  it('closes and reopens /conversations', async () => {
    const sim = await start({ conversationsClosed: true });
    const closed = await api(sim, '/conversations?since_timestamp=0');
    expect(closed.status).toBe(404);
    const body = (await closed.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('not_found');
    expect(body.error.message).toContain('use /logs');
    expect((await api(sim, '/conversations/abc/messages')).status).toBe(404);
    expect((await logPage(sim, '1970-01-01T00:00:00Z')).data.length).toBeGreaterThan(0);
    sim.setConversationsClosed(false);
    expect((await api(sim, '/conversations?since_timestamp=0')).status).toBe(200);
  });

  it('refuses to listen on a non-loopback address', async () => {
    await expect(startSimulator({ ...SMALL, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});

describe('simulator faults and limits', () => {
  it('injects 429 with Retry-After and 5xx on every Nth API request', async () => {
    const sim = await start({ faults: { every429: 3, retryAfterSeconds: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api(sim, '/users');
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('2');
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
    sim.setFaults({ every5xx: 2 });
    const more: number[] = [];
    for (let i = 0; i < 6; i++) more.push((await api(sim, '/users')).status);
    expect(more).toEqual([200, 503, 200, 500, 200, 502]);
    expect(sim.stats().byStatus['429']).toBe(2);
  });

  it('enforces per-class rate limits with Retry-After', async () => {
    const sim = await start({ rateLimits: { listPerMinute: 3, getPerMinute: 2 } });
    const file = (await logPage(sim, '1970-01-01T00:00:00Z', 1)).data[0] as LogItem;
    const gets: Response[] = [];
    for (let i = 0; i < 3; i++) gets.push(await api(sim, `/logs/${file.id}`));
    expect(gets.map((r) => r.status)).toEqual([307, 307, 429]);
    expect(Number(gets[2]?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Signed download URLs carry no key and no limit.
    const location = gets[0]?.headers.get('location') as string;
    for (let i = 0; i < 3; i++) expect((await fetch(location)).status).toBe(200);
    const lists: number[] = [];
    for (let i = 0; i < 3; i++) lists.push((await api(sim, '/users')).status);
    expect(lists).toEqual([200, 200, 429]);
    const limited = await api(sim, '/conversations?since_timestamp=0');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
  });

  it('holds every request unanswered while hang is on, until the client gives up', async () => {
    const sim = await start();
    sim.setFaults({ hang: true });
    const ac = new AbortController();
    let settled = false;
    const pending = fetch(`${sim.url}/compliance/workspaces/${sim.workspaceId}/users?limit=1`, {
      headers: { Authorization: `Bearer ${sim.apiKey}` }, signal: ac.signal,
    }).finally(() => (settled = true));
    pending.catch(() => undefined);
    for (let i = 0; i < 600 && sim.stats().requests === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(sim.stats().requests).toBe(1);
    // The server has the request and sends nothing back, not even headers.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    ac.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    sim.setFaults({});
    expect((await api(sim, '/users?limit=1')).status).toBe(200);
  });

  it('cuts a body in half when told to', async () => {
    const sim = await start({ faults: { truncateEvery: 2 } });
    const first = await api(sim, '/users');
    await expect(first.json()).resolves.toBeTruthy();
    const second = await api(sim, '/users');
    expect(second.status).toBe(200);
    await expect(second.arrayBuffer()).rejects.toThrow();
  });

  it('serves corrupt bytes for the first N log downloads only', async () => {
    const sim = await start({ faults: { corruptLogDownloads: 1 } });
    const file = (await logPage(sim, '1970-01-01T00:00:00Z', 1)).data[0] as LogItem;
    const bad = await downloadBytes(sim, file.id);
    expect(sha256(bad)).not.toBe(file.file_sha256);
    bad.toString('utf8').split('\n').filter((l) => l !== '').forEach((l) => JSON.parse(l));
    const good = await downloadBytes(sim, file.id);
    expect(sha256(good)).toBe(file.file_sha256);
    expect(sim.stats().logDownloads).toBe(2);
  });
});

describe('simulator append', () => {
  it('adds activity in new log files that hold exactly the new messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    try {
      const truthPath = join(dir, 'truth.json');
      const sim = await start({ groundTruthPath: truthPath, messagesPerLogFile: 3 });
      let page = await logPage(sim, '1970-01-01T00:00:00Z');
      while (page.has_more) page = await logPage(sim, page.last_end_time as string);
      const boundary = page.last_end_time as string;
      const before = sim.groundTruth();

      const at = new Date(NOW.getTime() + 60_000);
      const added = sim.append({ newConversations: 3, newMessagesInExisting: 5, at });
      expect(added.conversationIds.length).toBeGreaterThanOrEqual(3);
      const after = sim.groundTruth();
      expect(after.messages - before.messages).toBe(added.messageIds.length);
      expect(after.planted).toEqual([...before.planted, ...added.planted]);
      expect(JSON.parse(readFileSync(truthPath, 'utf8'))).toEqual(after);

      const next = await logPage(sim, boundary);
      expect(next.data[0]?.end_time).toBe(boundary);
      const fresh = next.data.slice(1);
      expect(fresh.length).toBeGreaterThanOrEqual(2);
      const ids: string[] = [];
      for (const f of fresh) {
        const bytes = await downloadBytes(sim, f.id);
        expect(sha256(bytes)).toBe(f.file_sha256);
        const events = bytes.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { message: { id: string } });
        ids.push(...events.map((e) => e.message.id));
      }
      expect(ids.sort()).toEqual([...added.messageIds].sort());

      const since = Math.floor(at.getTime() / 1000);
      const listed = (await (await api(sim, `/conversations?since_timestamp=${since}&limit=500`)).json()) as { data: { id: string }[] };
      expect(listed.data.map((c) => c.id).sort()).toEqual([...added.conversationIds].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
