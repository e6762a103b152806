import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createObjectSources, type SweepCheckpoint } from '../../src/compliance/sources/index.js';
import type { MessageSource, ScanItem, TimeRange } from '../../src/compliance/source.js';
import type { ObjectSourceName } from '../../src/config/schema.js';
import { startObjectApi, type FakeApi, type FakeConfig, type FakeObjects } from '../helpers/object-api.js';

const ALL: TimeRange = { since: 0, until: null };

function cfg(id: string, created: number, over: Partial<FakeConfig> = {}): FakeConfig {
  return { id, name: `name ${id}`, description: `desc ${id}`, instructions: `instr ${id}`, starters: [`start ${id} a`, `start ${id} b`], created, files: [], openapi: null, ...over };
}

function objects(): FakeObjects {
  return {
    users: [{ id: 'user-1', email: 'a@x.com' }, { id: 'user-2', email: 'b@x.com' }, { id: 'user-3', email: 'c@x.com' }],
    gpts: [
      { id: 'g-1', owner: 'user-1', configs: [cfg('c3', 1_700_000_300, { openapi: 'paths: {}\nx-api-key: sk-test' }), cfg('c2', 1_700_000_200), cfg('c1', 1_700_000_100, { files: ['file-k1'] })] },
      { id: 'g-2', owner: 'user-2', configs: [cfg('d1', 1_700_000_000, { description: '', starters: [] })] },
    ],
    projects: [{ id: 'g-p-1', owner: 'user-3', configs: [cfg('p1', 1_700_000_000, { files: ['file-p1'] })] }],
    memories: [
      { userId: 'user-1', entries: [{ id: 'mem-1', content: 'my SSN is 123', updated: 1_000 }, { id: 'mem-2', content: 'likes tea', updated: 5_000 }] },
      { userId: 'user-2', entries: [{ id: 'mem-3', content: 'lives in Paris', updated: 1_000 }] },
      { userId: 'user-3', entries: [{ id: 'mem-4', content: 'old', updated: 1_000 }] },
    ],
    canvases: [{
      userId: 'user-1', id: 'td-1', versions: [1, 2, 3].map((v) => ({ version: v, name: `Draft ${v}`, content: `body ${v}`, comments: v === 2 ? [{ id: 'cm-1', content: 'fix' }, { id: 'cm-2', content: 'fix' }] : [] })),
    }],
    automations: [1, 2, 3].map((i) => ({ userId: 'user-2', id: `auto-${i}`, title: `title ${i}`, prompt: `prompt ${i}` })),
    recordings: [1, 2, 3].map((i) => ({ userId: 'user-3', id: `rec-${i}`, transcript: `transcript ${i}`, summary: i === 2 ? '' : `summary ${i}` })),
    codexTasks: [
      { id: 'task-1', title: 'Fix login', meta: { prompt: 'use key sk-1' }, by: 'user-1' },
      { id: 'task-2', title: 'Add tests', meta: '{"prompt":"json prompt"}', by: 'user-2' },
      { id: 'task-3', title: 'Refactor', meta: { input: { content: [{ type: 'text', text: 'part' }] } }, by: 'user-3' },
    ],
    codexEnvs: [
      { id: 'env-1', envVars: { REGION: 'eu-west-1', EMPTY: '' }, secrets: { AWS_SECRET: 'wJalrXUtnFEMI' }, setup: 'npm ci', listedBare: false },
      { id: 'env-2', envVars: {}, secrets: { TOKEN: 'ghp_x' }, setup: '', listedBare: true },
    ],
    codexLogs: [{
      id: 'log-1', endTime: '2026-05-20T13:00:00Z', lines: [
        { event_id: 'evt_1', type: 'CODEX_LOG', event_type: 'PROMPT_SENT', actor: { user_id: 'user-1', user_email: 'a@x.com' }, timestamp: '2026-05-20T12:00:00Z', event_details: { prompt_text: 'deploy with key sk-1' } },
        { event_id: 'evt_2', type: 'CODEX_LOG', event_type: 'TASK_CREATED', actor: { user_id: 'user-1' }, timestamp: '2026-05-20T12:01:00Z', event_details: { task_id: 't' } },
        { event_id: 'evt_3', type: 'CODEX_LOG', event_type: 'PROMPT_SENT', actor: { user_id: 'user-2' }, timestamp: '2026-05-20T12:02:00Z', event_details: { prompt: 'tolerated field' } },
        { event_id: 'evt_1', type: 'CODEX_LOG', event_type: 'PROMPT_SENT', actor: { user_id: 'user-1' }, timestamp: '2026-05-20T12:00:00Z', event_details: { prompt_text: 'deploy with key sk-1' } },
        { type: 'CODEX_LOG', event_type: 'PROMPT_SENT', event_details: { prompt_text: 'no id' } },
      ],
    }],
  };
}

interface Drained {
  items: ScanItem[];
  errors: { code: string; message: string }[];
  skipped: string[];
  units: string[];
  /** The checkpoint of the last unit read to its end (what run-source would have committed). */
  checkpoint: unknown;
}

/** Reads a source the way run-source does; every item read counts as recorded ("committed"). */
async function drain(source: MessageSource, checkpoint: unknown, recorded: Set<string>, opts: { range?: TimeRange; stopAfterUnits?: number } = {}): Promise<Drained> {
  const out: Drained = { items: [], errors: [], skipped: [], units: [], checkpoint };
  const abort = new AbortController();
  for await (const unit of source.units(checkpoint, opts.range ?? ALL, abort.signal)) {
    for await (const ev of unit.events) {
      if (ev.type === 'item') {
        out.items.push(ev.item);
        recorded.add(ev.item.key);
      } else if (ev.type === 'error') out.errors.push({ code: ev.code, message: ev.message });
      else out.skipped.push(ev.reason);
    }
    await unit.dispose?.();
    out.units.push(unit.id);
    out.checkpoint = unit.checkpoint;
    if (out.units.length === opts.stopAfterUnits) abort.abort();
  }
  return out;
}

const where = (items: ScanItem[]): string[] => items.map((i) => `${i.objectId}@${i.version ?? '-'} ${i.location ?? ''}`);

let fake: FakeApi | null = null;
let now = 10_000_000;

async function setup(objs = objects(), over: { sweepIntervalSeconds?: number } = {}): Promise<{ fake: FakeApi; recorded: Set<string>; sources: Record<ObjectSourceName, MessageSource> }> {
  fake = await startObjectApi(objs);
  const recorded = new Set<string>();
  const sources = createObjectSources(fake.api, {
    log: createLogger({ level: 'silent' }), recorded: (k) => recorded.has(k), usersPageSize: 2, logsPageSize: 10,
    overlapSeconds: 60, clock: () => now, ...over,
  });
  return { fake, recorded, sources };
}

afterEach(async () => {
  await fake?.close();
  fake = null;
});

describe('GPT and project sources', () => {
  it('scans every configuration version oldest first, with knowledge files and actions, then records a completed sweep', async () => {
    const { sources, recorded } = await setup();
    const run = await drain(sources.gpts, null, recorded);
    expect(where(run.items)).toEqual([
      'g-1@c1 gpt:name', 'g-1@c1 gpt:description', 'g-1@c1 gpt:instructions', 'g-1@c1 gpt:conversation_starters[0]', 'g-1@c1 gpt:conversation_starters[1]',
      'g-1@c2 gpt:name', 'g-1@c2 gpt:description', 'g-1@c2 gpt:instructions', 'g-1@c2 gpt:conversation_starters[0]', 'g-1@c2 gpt:conversation_starters[1]',
      'g-1@c3 gpt:name', 'g-1@c3 gpt:description', 'g-1@c3 gpt:instructions', 'g-1@c3 gpt:conversation_starters[0]', 'g-1@c3 gpt:conversation_starters[1]', 'g-1@c3 gpt:actions',
      // An empty description and no starters: nothing to scan there.
      'g-2@d1 gpt:name', 'g-2@d1 gpt:instructions',
    ]);
    const instr = run.items.find((i) => i.version === 'c1' && i.location === 'gpt:instructions') as ScanItem;
    expect(instr).toMatchObject({
      key: 'gpt:g-1:c1:gpt:instructions', source: 'gpts', kind: 'gpt', conversationId: null, messageId: null,
      userId: 'user-1', userEmail: 'user-1@x.com', createdAt: 1_700_000_100_000, text: 'instr c1',
    });
    expect(instr.files).toEqual([{ id: 'file-k1', origin: 'gpt', name: 'file-k1.txt', userId: 'user-1', downloadUrl: 'https://files.example/kf/file-k1', expired: false }]);
    expect(run.items.find((i) => i.location === 'gpt:actions')?.text).toBe('api.example.com\npaths: {}\nx-api-key: sk-test');
    expect(run.units).toEqual(['gpts:sweep-start', 'gpts:g-1', 'gpts:g-2', 'gpts:sweep-done']);
    expect(run.checkpoint).toEqual({ sweep: null, completed: { startedAt: now, finishedAt: now } } satisfies SweepCheckpoint);
    // g-1's three configs take two pages; g-2's one.
    expect(fake?.count('/gpts/g-1/configs')).toBe(2);
  });

  it('re-scans a changed GPT only for its new version, and an unchanged one without listing its configs', async () => {
    const { sources, recorded, fake: api } = await setup();
    const first = await drain(sources.gpts, null, recorded);
    const configCalls = api.count('/configs');

    const unchanged = await drain(sources.gpts, first.checkpoint, recorded);
    expect(api.count('/configs')).toBe(configCalls);
    // Only the latest versions are read again (run-source skips them by content hash).
    expect([...new Set(unchanged.items.map((i) => i.version))]).toEqual(['c3', 'd1']);

    (api.objects.gpts[0] as { configs: FakeConfig[] }).configs.unshift(cfg('c4', 1_700_000_400, { instructions: 'new secret here' }));
    const changed = await drain(sources.gpts, unchanged.checkpoint, recorded);
    expect(api.count('/configs')).toBe(configCalls + 1);
    expect([...new Set(changed.items.filter((i) => i.objectId === 'g-1').map((i) => i.version))]).toEqual(['c4']);
  });

  it('resumes an interrupted sweep after the last GPT finished, paging every version of the rest', async () => {
    const { sources, recorded } = await setup();
    // A new sweep is recorded as under way before anything of it commits: a run that dies inside
    // its first GPT resumes it (and pages every version) instead of starting a fresh one.
    const started = await drain(sources.gpts, null, new Set(), { stopAfterUnits: 1 });
    expect(started.checkpoint).toEqual({ sweep: { startedAt: now, after: null, cursor: null }, completed: null });
    const cut = await drain(sources.gpts, null, recorded, { stopAfterUnits: 2 });
    expect(cut.units).toEqual(['gpts:sweep-start', 'gpts:g-1']);
    expect(cut.checkpoint).toEqual({ sweep: { startedAt: now, after: 'g-1', cursor: null }, completed: null });
    const rest = await drain(sources.gpts, cut.checkpoint, recorded);
    expect(rest.units).toEqual(['gpts:g-2', 'gpts:sweep-done']);
    expect((rest.checkpoint as SweepCheckpoint).completed?.startedAt).toBe(now);
  });

  it('scans projects with project locations and project knowledge files', async () => {
    const { sources, recorded } = await setup();
    const run = await drain(sources.projects, null, recorded);
    expect(where(run.items)).toEqual(['g-p-1@p1 project:name', 'g-p-1@p1 project:description', 'g-p-1@p1 project:instructions', 'g-p-1@p1 project:conversation_starters[0]', 'g-p-1@p1 project:conversation_starters[1]']);
    expect(run.items[2]?.files.map((f) => [f.id, f.origin])).toEqual([['file-p1', 'project']]);
    expect(run.items.every((i) => i.source === 'projects' && i.kind === 'project')).toBe(true);
  });
});

describe('per-user and workspace sweeps', () => {
  it('scans memories, then asks only for what changed since the last sweep started (minus the overlap)', async () => {
    const { sources, recorded, fake: api } = await setup();
    now = 2_000_000; // ms: the sweep starts at 2000 s
    const first = await drain(sources.memories, null, recorded);
    expect(where(first.items)).toEqual(['user-1@mem-1 memory:content', 'user-1@mem-2 memory:content', 'user-2@mem-3 memory:content', 'user-3@mem-4 memory:content']);
    expect(first.items[0]).toMatchObject({ key: 'memory:user-1:mem-1:memory:content', userId: 'user-1', createdAt: 1_000_000, text: 'my SSN is 123' });
    expect(api.requests.filter((r) => r.path.endsWith('/memories')).map((r) => r.query.get('since_timestamp'))).toEqual([null, null]);

    now = 9_000_000;
    const second = await drain(sources.memories, first.checkpoint, recorded);
    // since = 2000 s - 60 s overlap: only mem-2 (updated at 5000 s) is listed.
    expect(where(second.items)).toEqual(['user-1@mem-2 memory:content']);
    expect(api.requests.at(-1)?.query.get('since_timestamp')).toBe('1940');
    expect(second.checkpoint).toEqual({ sweep: null, completed: { startedAt: 9_000_000, finishedAt: 9_000_000 } });
  });

  it('reads every canvas version (paged by version number) with each comment as its own text', async () => {
    const { sources, recorded } = await setup();
    const run = await drain(sources.canvases, null, recorded);
    expect(where(run.items)).toEqual([
      'td-1@1 canvas:name', 'td-1@1 canvas:content', 'td-1@2 canvas:name', 'td-1@2 canvas:content', 'td-1@2 canvas:comment', 'td-1@2 canvas:comment',
      'td-1@3 canvas:name', 'td-1@3 canvas:content',
    ]);
    const comments = run.items.filter((i) => i.location === 'canvas:comment');
    expect(comments.map((i) => i.key)).toEqual(['canvas:td-1:2:canvas:comment:cm-1', 'canvas:td-1:2:canvas:comment:cm-2']);
    expect(comments[0]).toMatchObject({ userId: 'user-1', userEmail: 'a@x.com', createdAt: Date.parse('2026-01-02T03:04:05Z') });
    // One unit per user (three users over two pages of GET /users), then the completed sweep.
    expect(run.units).toEqual(['canvases:sweep-start', 'canvases:user-1', 'canvases:user-2', 'canvases:user-3', 'canvases:sweep-done']);
  });

  it('pages automations with after alone, and sends since_timestamp only on the first page after a completed sweep', async () => {
    const { sources, recorded, fake: api } = await setup();
    now = 3_000_000;
    const first = await drain(sources.automations, null, recorded);
    expect(first.errors).toEqual([]);
    expect(where(first.items)).toEqual([1, 2, 3].flatMap((i) => [`auto-${i}@- automation:title`, `auto-${i}@- automation:prompt`]));
    expect(first.items[1]).toMatchObject({ key: 'automation:auto-1:-:automation:prompt', userId: 'user-2', userEmail: 'b@x.com', text: 'prompt 1' });
    now = 4_000_000;
    await drain(sources.automations, first.checkpoint, recorded);
    const user2 = api.requests.filter((r) => r.path.endsWith('/users/user-2/automations')).slice(-2);
    expect(user2.map((r) => [r.query.get('since_timestamp'), r.query.get('after')])).toEqual([['2940', null], [null, 'auto-2']]);
  });

  it('reads recordings by cursor, each transcript and summary', async () => {
    const { sources, recorded, fake: api } = await setup();
    const run = await drain(sources.recordings, null, recorded);
    // rec-2 has an empty summary: nothing to scan there.
    expect(where(run.items)).toEqual(['rec-1@- recording:transcript', 'rec-1@- recording:summary', 'rec-2@- recording:transcript', 'rec-3@- recording:transcript', 'rec-3@- recording:summary']);
    expect(api.requests.filter((r) => r.path.endsWith('/transcript')).every((r) => r.query.get('include_summary') === 'true')).toBe(true);
    expect(api.requests.filter((r) => r.path.endsWith('/users/user-3/recordings')).map((r) => r.query.get('cursor'))).toEqual([null, '2']);
  });

  it('reads Codex task prompts from denormalized_metadata and resumes a cursor-paged sweep after the last task finished', async () => {
    const { sources, recorded } = await setup();
    const run = await drain(sources.codex_tasks, null, recorded);
    expect(run.items.filter((i) => i.location === 'codex_task:prompt').map((i) => [i.objectId, i.text])).toEqual([
      ['task-1', 'use key sk-1'], ['task-2', 'json prompt'], ['task-3', 'part'],
    ]);
    expect(run.items[0]).toMatchObject({ key: 'codex_task:task-1:-:codex_task:title', source: 'codex_tasks', kind: 'codex_task', userId: 'user-1' });

    const cut = await drain(sources.codex_tasks, null, new Set(), { stopAfterUnits: 4 });
    // task-3 is on the second page (cursor "2").
    expect(cut.checkpoint).toEqual({ sweep: { startedAt: now, after: 'task-3', cursor: '2' }, completed: null });
    const mid = await drain(sources.codex_tasks, { sweep: { startedAt: now, after: 'task-1', cursor: null }, completed: null }, new Set());
    expect(mid.units).toEqual(['codex_tasks:task-2', 'codex_tasks:task-3', 'codex_tasks:sweep-done']);
  });

  it('scans each Codex environment variable, secret and setup script as its own location, reading a bare listing whole', async () => {
    const { sources, recorded, fake: api } = await setup();
    const run = await drain(sources.codex_environments, null, recorded);
    expect(where(run.items)).toEqual([
      'env-1@- codex_environment:env_vars.REGION', 'env-1@- codex_environment:secrets.AWS_SECRET', 'env-1@- codex_environment:setup',
      'env-2@- codex_environment:secrets.TOKEN',
    ]);
    expect(api.count('/codex_environments/env-2')).toBe(1);
    expect(api.count('/codex_environments/env-1')).toBe(0);
  });

  it('says that a list is not served, keeps the last completed sweep, and tries again after the interval', async () => {
    const { sources, recorded } = await setup({ ...objects(), off: ['codex_tasks'] }, { sweepIntervalSeconds: 600 });
    now = 70_000_000;
    const prior: SweepCheckpoint = { sweep: null, completed: { startedAt: 1, finishedAt: 2 } };
    const run = await drain(sources.codex_tasks, prior, recorded);
    expect(run.errors).toEqual([expect.objectContaining({ code: 'SOURCE_UNAVAILABLE' })]);
    expect(run.errors[0]?.message).toMatch(/codex_tasks: the API answered 404/);
    expect(run.checkpoint).toEqual({ sweep: null, completed: prior.completed, unavailableAt: now });
    expect((await drain(sources.codex_tasks, run.checkpoint, recorded)).units).toEqual([]);
    now += 600_000;
    expect((await drain(sources.codex_tasks, run.checkpoint, recorded)).errors).toHaveLength(1);
  });

  it('starts a new sweep only once the interval since the last one has passed', async () => {
    const { sources, recorded } = await setup(objects(), { sweepIntervalSeconds: 3600 });
    now = 50_000_000;
    const first = await drain(sources.codex_environments, null, recorded);
    const early = await drain(sources.codex_environments, first.checkpoint, recorded);
    expect(early.units).toEqual([]);
    now += 3600 * 1000;
    const due = await drain(sources.codex_environments, first.checkpoint, recorded);
    expect(due.units.at(-1)).toBe('codex_environments:sweep-done');
  });
});

describe('agent log sources', () => {
  it('turns CODEX_LOG prompt events into texts keyed by event id and skips the rest', async () => {
    const { sources, recorded } = await setup();
    const run = await drain(sources.codex_logs, null, recorded);
    expect(run.items.map((i) => [i.key, i.location, i.text, i.userId])).toEqual([
      ['codex_log:evt_1:-:codex_log:prompt_text', 'codex_log:prompt_text', 'deploy with key sk-1', 'user-1'],
      ['codex_log:evt_3:-:codex_log:prompt_text', 'codex_log:prompt_text', 'tolerated field', 'user-2'],
    ]);
    expect(run.items[0]).toMatchObject({ source: 'codex_logs', kind: 'codex_log', objectId: 'evt_1', version: null, userEmail: 'a@x.com', createdAt: Date.parse('2026-05-20T12:00:00Z') });
    expect(run.skipped.sort()).toEqual(['duplicate', 'not-a-message']);
    expect(run.errors).toEqual([expect.objectContaining({ code: 'LOG_LINE_BAD_SHAPE', message: expect.stringMatching(/event_id/) })]);
    expect(run.checkpoint).toEqual({ after: '2026-05-20T13:00:00Z', doneAtBoundary: ['log-1'] });

    const custom = await drain(sources.custom_agent_logs, null, recorded);
    expect(custom.items).toEqual([]);
  });

  it('keeps to the time range like the message feed', async () => {
    const { sources, recorded } = await setup();
    const run = await drain(sources.codex_logs, null, recorded, { range: { since: Date.parse('2026-05-20T12:01:30Z'), until: null } });
    expect(run.items.map((i) => i.objectId)).toEqual(['evt_3']);
  });
});
