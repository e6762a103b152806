import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkspace, PLANTED_KINDS, startSimulator, type GroundTruth, type PlantedValue, type Simulator } from '../../src/simulator/index.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const NOW_S = NOW.getTime() / 1000;

interface ApiMessage {
  id: string;
  created_at: number | null;
  author: { object: string; role: string; tool_name: string | null };
  content: { type: string; value: string; annotations: unknown[] } | null;
  files: { object: string; data: { object: string; id: string; created_at?: number | null; download_url?: string | null; user_id?: string }[]; has_more: boolean };
}
interface ApiConversation {
  object: string; id: string; workspace_id: string; user_id: string; user_email: string; title: string;
  created_at: number; last_active_at: number; messages: { object: string; data: ApiMessage[]; has_more: boolean };
}
interface Page { object: string; data: ApiConversation[]; first_id: string | null; last_id: string | null; has_more: boolean }
interface LogItem { id: string; event_type: string; end_time: string; file_name: string; file_size: number; file_sha256: string }
interface LogPage { object: string; data: LogItem[]; has_more: boolean; last_end_time: string | null }
interface LogEvent {
  event_id: string; type: string; principal: { id: string; type: string }; actor: { type: string; user_id: string; user_email: string }; timestamp: string;
  message: { id: string; parent_id: string | null; created_at: string | null; author: { type: string; client_type: string }; content: { type: string; value: string } | null; files: unknown[]; annotations: unknown[] };
  conversation: { id: string; title: string; created_at: string; is_pinned: boolean; is_temporary_chat: boolean };
}

function api(sim: Simulator, path: string): Promise<Response> {
  return fetch(`${sim.url}/compliance/workspaces/${sim.workspaceId}${path}`, { headers: { Authorization: `Bearer ${sim.apiKey}` }, redirect: 'manual' });
}

async function walkConversations(sim: Simulator, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let path = `/conversations?since_timestamp=0&limit=${limit}`;
  for (;;) {
    const res = await api(sim, path);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    pages.push(page);
    if (!page.has_more) return pages;
    path = `/conversations?after=${page.last_id as string}&limit=${limit}`;
  }
}

async function walkLogs(sim: Simulator, limit: number): Promise<LogPage[]> {
  const pages: LogPage[] = [];
  let after = '1970-01-01T00:00:00Z';
  for (;;) {
    const res = await api(sim, `/logs?event_type=CONVERSATION_MESSAGE&after=${encodeURIComponent(after)}&limit=${limit}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as LogPage;
    pages.push(page);
    if (!page.has_more || page.last_end_time === null) return pages;
    after = page.last_end_time;
  }
}

async function download(sim: Simulator, id: string): Promise<{ bytes: Buffer; events: LogEvent[]; contentType: string | null }> {
  const redirect = await api(sim, `/logs/${id}`);
  expect(redirect.status).toBe(307);
  const res = await fetch(redirect.headers.get('location') as string, { redirect: 'manual' });
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const events = bytes.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LogEvent);
  return { bytes, events, contentType: res.headers.get('content-type') };
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let d = Number(digits[i]);
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function ibanOk(iban: string): boolean {
  const c = iban.replace(/ /g, '');
  const n = (c.slice(4) + c.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return BigInt(n) % 97n === 1n;
}

describe('generateWorkspace', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateWorkspace({ seed: 7, users: 10, conversations: 60, now: NOW }).groundTruth();
    const b = generateWorkspace({ seed: 7, users: 10, conversations: 60, now: NOW }).groundTruth();
    const c = generateWorkspace({ seed: 8, users: 10, conversations: 60, now: NOW }).groundTruth();
    expect(b).toEqual(a);
    expect(c.planted).not.toEqual(a.planted);
    expect(c.workspaceId).not.toBe(a.workspaceId);
  });

  it('plants every kind about equally with valid values, and decoys with reasons', () => {
    const gt = generateWorkspace({ now: NOW }).groundTruth();
    const byKind = new Map<string, PlantedValue[]>();
    for (const p of gt.planted) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);
    for (const kind of PLANTED_KINDS) expect(byKind.get(kind)?.length ?? 0, kind).toBeGreaterThanOrEqual(10);
    for (const p of byKind.get('payment-card') ?? []) expect(luhn(p.value.replace(/[ -]/g, '')), p.value).toBe(true);
    for (const p of byKind.get('iban') ?? []) expect(ibanOk(p.value), p.value).toBe(true);
    for (const p of byKind.get('us-ssn') ?? []) expect(p.value).toMatch(/^(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/);
    expect(gt.decoys.length).toBeGreaterThan(gt.messages * 0.02);
    for (const d of gt.decoys) {
      expect(d.reason.length).toBeGreaterThan(0);
      if (d.reason.startsWith('IBAN')) expect(ibanOk(d.value)).toBe(false);
      if (d.reason.startsWith('Luhn')) expect(luhn(d.value.replace(/[ -]/g, ''))).toBe(false);
    }
    expect(gt.nullContentMessages).toBeGreaterThan(0);
  });

  it('keeps filler text free of anything a rule could match', () => {
    const ws = generateWorkspace({ seed: 3, conversations: 1500, now: NOW });
    const gt = ws.groundTruth();
    const guarded = new Map<string, [number, number][]>();
    for (const p of [...gt.planted, ...gt.decoys]) guarded.set(p.messageId, [...(guarded.get(p.messageId) ?? []), [p.start, p.end]]);
    const dirty = [/\d{5,}/g, /@/g, /\+\s?\d/g, /\d-\d/g, /(AKIA|ASIA)[A-Z2-7]{8}/g, /gh[pous]_|github_pat_/g, /\b[sr]k[-_]/g, /AIza/g, /xox[a-z]-/g, /eyJ/g, /-----BEGIN/g, /\b[A-Z]{2}\d{2}[A-Z0-9]{4}/g];
    const found: string[] = [];
    for (const c of ws.conversations) {
      for (const m of c.messages) {
        const t = m.content ?? '';
        // A planted value's whole token (e.g. the URL around a password) counts as guarded.
        const zones = (guarded.get(m.id) ?? []).map(([s, e]) => {
          while (s > 0 && !/\s/.test(t[s - 1] as string)) s--;
          while (e < t.length && !/\s/.test(t[e] as string)) e++;
          return [s, e] as const;
        });
        for (const re of dirty) {
          for (const x of t.matchAll(re)) {
            const s = x.index, e = s + x[0].length;
            if (!zones.some(([a, b]) => s < b && e > a)) found.push(`${re.source}: ${t.slice(Math.max(0, s - 30), e + 30)}`);
          }
        }
      }
    }
    expect(found.slice(0, 10)).toEqual([]);
  });
});

describe('the simulator serving one workspace through both sources', () => {
  let sim: Simulator;
  let gt: GroundTruth;
  const model = generateWorkspace({ now: NOW });

  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rateLimits: false });
    gt = sim.groundTruth();
  });
  afterAll(() => sim.close());

  it('lists every conversation with its messages, in pages of varying size', async () => {
    const pages = await walkConversations(sim, 100);
    const convs = pages.flatMap((p) => p.data);
    expect(convs).toHaveLength(gt.conversations);
    expect(new Set(convs.map((c) => c.id)).size).toBe(gt.conversations);
    expect(convs.reduce((n, c) => n + c.messages.data.length, 0)).toBe(gt.messages);
    for (const p of pages.slice(0, -1)) {
      expect(p.has_more).toBe(true);
      expect(p.data.length).toBeGreaterThanOrEqual(70);
      expect(p.data.length).toBeLessThanOrEqual(100);
    }
    expect(pages.slice(0, -1).some((p) => p.data.length < 100)).toBe(true);
    const c = convs[0] as ApiConversation;
    expect(c).toMatchObject({ object: 'compliance.workspace.conversation', workspace_id: sim.workspaceId, messages: { object: 'list', has_more: false } });
    expect(c.user_id).toMatch(/^user-/);
    expect(typeof c.created_at).toBe('number');
    const roles = new Set(convs.flatMap((x) => x.messages.data.map((m) => m.author.role)));
    expect([...roles].sort()).toEqual(['assistant', 'system', 'tool', 'user']);
    const all = convs.flatMap((x) => x.messages.data);
    expect(all.filter((m) => m.content === null)).toHaveLength(gt.nullContentMessages);
    expect(all.some((m) => m.created_at === null)).toBe(true);
    expect(all.every((m) => m.content === null || (m.content.type === 'text' && Array.isArray(m.content.annotations)))).toBe(true);

    const text = new Map(all.map((m) => [m.id, m.content?.value]));
    for (const p of [...gt.planted, ...gt.decoys]) expect(text.get(p.messageId)?.slice(p.start, p.end), p.kind).toBe(p.value);
  });

  it('orders by the hidden update time and treats since_timestamp as inclusive', async () => {
    const order = model.listingOrder;
    const target = order[Math.floor(order.length / 2)];
    if (!target) throw new Error('empty workspace');
    const since = Math.floor(target.updateUs / 1e6);
    const page = (await (await api(sim, `/conversations?since_timestamp=${since}&limit=500`)).json()) as Page;
    expect(page.data.map((c) => c.id)).toContain(target.id);
    expect(page.data.map((c) => c.id)).toEqual(order.filter((c) => c.updateUs >= since * 1e6).slice(0, page.data.length).map((c) => c.id));
    const later = (await (await api(sim, `/conversations?since_timestamp=${since + 1}&limit=500`)).json()) as Page;
    expect(later.data.map((c) => c.id)).not.toContain(target.id);
  });

  it('rejects since_timestamp together with after, and neither', async () => {
    const both = await api(sim, `/conversations?since_timestamp=0&after=${model.listingOrder[0]?.id ?? ''}`);
    expect(both.status).toBe(400);
    expect(await both.json()).toEqual({ error: { message: 'since_timestamp cannot be used with after', type: 'invalid_request_error' } });
    const neither = await api(sim, '/conversations');
    expect(neither.status).toBe(400);
    expect(((await neither.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('serves file references by url and by id, and their content', async () => {
    const conv = model.conversations.find((c) => c.messages.some((m) => m.files.some((f) => !f.expired)));
    const expiredFile = model.conversations.flatMap((c) => c.messages.flatMap((m) => m.files)).find((f) => f.expired);
    if (!conv || !expiredFile) throw new Error('no files generated');
    const since = Math.floor(conv.updateUs / 1e6);
    const byUrl = (await (await api(sim, `/conversations?since_timestamp=${since}&limit=5&users=${conv.userId}`)).json()) as Page;
    const msg = byUrl.data.find((c) => c.id === conv.id)?.messages.data.find((m) => m.files.data.some((f) => f.download_url));
    const file = msg?.files.data.find((f) => f.download_url);
    expect(file?.object).toBe('compliance.workspace.conversation.message.file');
    const content = await fetch(file?.download_url as string, { redirect: 'manual' });
    expect(content.status).toBe(200);
    expect((await content.text()).length).toBeGreaterThan(20);
    const byId = (await (await api(sim, `/conversations?since_timestamp=${since}&limit=5&users=${conv.userId}&file_format=id`)).json()) as Page;
    const info = byId.data.find((c) => c.id === conv.id)?.messages.data.flatMap((m) => m.files.data).find((f) => f.id === file?.id);
    expect(info).toMatchObject({ object: 'compliance.workspace.conversation.message.file_info', user_id: conv.userId });
    const redirect = await api(sim, `/users/${conv.userId}/files/${file?.id ?? ''}`);
    expect(redirect.status).toBe(307);
    expect((await fetch(redirect.headers.get('location') as string)).status).toBe(200);
    expect((await api(sim, `/users/${expiredFile.userId}/files/${expiredFile.id}`)).status).toBe(410);
  });

  it('serves the same messages as verifiable log files, inside retention only', async () => {
    const pages = await walkLogs(sim, 7);
    expect(pages.length).toBeGreaterThan(2);
    // The inclusive `after` hands the boundary file back at the top of the next page.
    for (let i = 1; i < pages.length; i++) expect(pages[i]?.data[0]?.id).toBe(pages[i - 1]?.data.at(-1)?.id);
    const files = [...new Map(pages.flatMap((p) => p.data).map((f) => [f.id, f])).values()];
    const ends = files.map((f) => f.end_time);
    expect(new Set(ends).size).toBe(files.length);
    expect([...ends].sort()).toEqual(ends);
    const cutoff = NOW_S - 30 * 86_400;
    for (const f of files) expect(Date.parse(f.end_time) / 1000).toBeGreaterThanOrEqual(cutoff - 1);
    expect(files.length).toBe(model.logFiles.filter((f) => f.endUs / 1e6 >= cutoff).length);

    const text = new Map<string, string | null>();
    for (const f of files) {
      const d = await download(sim, f.id);
      expect(d.contentType).toBe('application/jsonl');
      expect(d.bytes.length).toBe(f.file_size);
      expect(sha256(d.bytes)).toBe(f.file_sha256);
      for (const e of d.events) {
        expect(e).toMatchObject({ type: 'CONVERSATION_MESSAGE', principal: { id: sim.workspaceId, type: 'CHATGPT_WORKSPACE' }, actor: { type: 'ACCOUNT_USER' } });
        expect(e.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        text.set(e.message.id, e.message.content?.value ?? null);
      }
    }
    const inLogs = [...gt.planted, ...gt.decoys].filter((p) => text.has(p.messageId));
    expect(inLogs.length).toBeGreaterThan(20);
    for (const p of inLogs) expect(text.get(p.messageId)?.slice(p.start, p.end), p.kind).toBe(p.value);
    // Listing text equals log text, and the listing reaches history the logs no longer hold.
    const listed = new Map(model.conversations.flatMap((c) => c.messages.map((m) => [m.id, m.content] as const)));
    for (const [id, value] of text) expect(value).toBe(listed.get(id));
    expect(text.size).toBeLessThan(gt.messages);
    const oldest = model.conversations.reduce((a, c) => Math.min(a, c.createdUs), Infinity);
    expect(oldest / 1e6).toBeLessThan(cutoff - 30 * 86_400);
  });

  it('answers the log-listing edge cases', async () => {
    expect((await api(sim, '/logs?event_type=CONVERSATION_MESSAGE')).status).toBe(400);
    expect((await api(sim, '/logs?event_type=CONVERSATION_MESSAGE&after=yesterday')).status).toBe(400);
    expect((await api(sim, '/logs?event_type=CONVERSATION_MESSAGE&after=2026-01-01T00:00:00')).status).toBe(400);
    // Zone offsets work, and an unencoded '+' (read as a space) is taken for one.
    const offset = (await (await api(sim, `/logs?event_type=CONVERSATION_MESSAGE&after=${encodeURIComponent('2026-05-30T02:00:00+02:00')}`)).json()) as LogPage;
    const raw = (await (await api(sim, '/logs?event_type=CONVERSATION_MESSAGE&after=2026-05-30T02:00:00+02:00')).json()) as LogPage;
    const utc = (await (await api(sim, '/logs?event_type=CONVERSATION_MESSAGE&after=2026-05-30T00:00:00Z')).json()) as LogPage;
    expect(offset.data.length).toBeGreaterThan(0);
    expect(offset).toEqual(utc);
    expect(raw).toEqual(utc);
    const other = await api(sim, '/logs?event_type=AUTH_LOG&after=2026-01-01T00:00:00Z');
    expect(await other.json()).toEqual({ object: 'list', data: [], has_more: false, last_end_time: null });
    const first = ((await (await api(sim, '/logs?event_type=CONVERSATION_MESSAGE&after=1970-01-01T00:00:00Z&limit=1')).json()) as LogPage).data[0];
    const redirect = await api(sim, `/logs/${first?.id ?? ''}`);
    const forged = (redirect.headers.get('location') as string).replace(/sig=[0-9a-f]/, 'sig=x');
    expect((await fetch(forged)).status).toBe(403);
    expect((await api(sim, '/logs/no-such-file')).status).toBe(404);
  });
});
