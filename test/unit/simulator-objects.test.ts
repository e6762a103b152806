import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type GroundTruth, type Simulator } from '../../src/simulator/index.js';
import { getJson, objApi, walkAfter, walkCanvas, walkCursor, type J } from '../helpers/sim-objects.js';

const NOW = new Date('2026-06-01T00:00:00Z');

describe('simulator objects: shapes and paging', () => {
  let sim: Simulator;
  let gt: GroundTruth;
  let users: J[];

  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, users: 20, conversations: 20, rateLimits: false });
    gt = sim.groundTruth();
    users = await walkAfter(sim, '/users', 200);
  });
  afterAll(() => sim.close());

  it('lists GPTs and projects by id with sharing, latest config, tools and knowledge files', async () => {
    const gpts = await walkAfter(sim, '/gpts', 3);
    expect(gpts.map((g) => g.id)).toEqual([...gpts.map((g) => g.id as string)].sort());
    for (const g of gpts) {
      expect(g).toMatchObject({ object: 'compliance.workspace.gpt', sharing: { object: 'compliance.workspace.gpt.sharing', permissions: { object: 'compliance.workspace.gpt.permissions' } } });
      expect(g.id).toMatch(/^g-[A-Za-z0-9]{9}$/);
      expect(typeof g.created_at).toBe('number');
      expect(Array.isArray(g.sharing.recipients)).toBe(true);
      const c = g.latest_config.data[0] as J;
      expect(c).toMatchObject({ object: 'compliance.workspace.gpt.configuration', files: { object: 'list' }, tools: { object: 'list' } });
      expect(c.id).toMatch(/^gzm_cnf_/);
      expect(c.version_author).toMatchObject({ object: 'compliance.workspace.gpt.version_author', id: g.owner_id });
      for (const f of c.files.data as J[]) expect(f).toMatchObject({ object: 'compliance.workspace.gpt.file', download_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/download\/knowledge\//) });
      for (const t of (c.tools.data as J[]).filter((x) => x.type === 'custom_action')) {
        expect(t).toEqual(expect.objectContaining({ action_domain: expect.any(String), action_openapi_raw: expect.any(String), action_privacy_policy_url: expect.any(String), auth_type: expect.any(String) }));
      }
    }
    const projects = await walkAfter(sim, '/projects', 2);
    for (const p of projects) {
      expect(p.id).toMatch(/^g-p-[0-9a-f]{32}$/);
      expect(p.object).toBe('compliance.workspace.project');
      expect((p.latest_config.data[0] as J).id).toMatch(/^pr_cnf_/);
      expect(p.latest_config.data[0].version_author).toBeUndefined();
    }
    const withFiles = gpts.find((g) => g.latest_config.data[0].files.data.length > 0) as J;
    const byId = await getJson(sim, `/gpts/${withFiles.id as string}?file_format=id`);
    expect(byId.latest_config.data[0].files.data[0]).toEqual({ object: 'compliance.workspace.gpt.file_info', id: expect.any(String), name: expect.any(String) });
    expect((await objApi(sim, '/gpts/g-unknown0000')).status).toBe(404);
    expect((await objApi(sim, `/projects/${gpts[0]?.id as string}`)).status).toBe(404);
    expect((await objApi(sim, '/gpts?limit=0')).status).toBe(400);
    expect((await objApi(sim, '/gpts?file_format=pdf')).status).toBe(400);
    expect((await getJson(sim, '/gpts')).data.length).toBe(Math.min(20, gt.inventory.gpts));
  });

  it('lists every config version newest first, and shared users', async () => {
    let total = 0;
    for (const g of await walkAfter(sim, '/gpts', 20)) {
      const configs = await walkAfter(sim, `/gpts/${g.id as string}/configs`, 1);
      total += configs.length;
      expect(configs[0]?.id).toBe(g.latest_config.data[0].id);
      const times = configs.map((c) => c.created_at as number);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const shared = await walkAfter(sim, `/gpts/${g.id as string}/shared_users`, 1);
      expect(shared.map((s) => s.id)).toEqual((g.sharing.recipients as J[]).map((r) => r.id).sort());
      for (const s of shared) expect(s.object).toBe('compliance.workspace.gpt.shared_user');
    }
    expect(total).toBe(gt.inventory.gptConfigs);
    expect((await objApi(sim, `/gpts/${gt.postureCases[0]?.subjectId as string}/configs?after=gzm_cnf_nope`)).status).toBe(400);
  });

  it('serves knowledge files through a 307 to a signed URL, and only under their own kind', async () => {
    for (const k of gt.knowledgeFiles) {
      const res = await objApi(sim, `/${k.ownerKind}_files/${k.fileId}`);
      expect(res.status).toBe(307);
      const body = await fetch(res.headers.get('location') as string);
      expect(body.status).toBe(200);
      const bytes = Buffer.from(await body.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(0);
      if (k.type === 'pdf') expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
      else if (['docx', 'xlsx', 'pptx'].includes(k.type)) expect(bytes.subarray(0, 2).toString()).toBe('PK');
      // Text formats hold their values as written (JSON escapes nothing the plants use).
      else for (const p of k.planted) expect(bytes.toString('utf8')).toContain(p.value.split('\n')[0]);
      expect(k.planted.length).toBeGreaterThan(0);
      const other = k.ownerKind === 'gpt' ? 'project' : 'gpt';
      expect((await objApi(sim, `/${other}_files/${k.fileId}`)).status).toBe(404);
    }
    expect(new Set(gt.knowledgeFiles.map((k) => k.ownerKind))).toEqual(new Set(['gpt', 'project']));
    const tampered = (await objApi(sim, `/gpt_files/${gt.knowledgeFiles.find((k) => k.ownerKind === 'gpt')?.fileId as string}`)).headers.get('location') as string;
    // Change the signature's first character to another one ('0' would leave a signature starting with '0' as it was).
    expect((await fetch(tampered.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`))).status).toBe(403);
  });

  it('pages memories by user id with an inclusive since_timestamp', async () => {
    const all = await walkAfter(sim, '/memories', 2);
    expect(all.map((m) => m.id)).toEqual([...all.map((m) => m.id as string)].sort());
    const entries = all.flatMap((m) => (m.memory_contexts as J[]).flatMap((c) => (c.memory_entries as J[]).map((e): J => ({ user: m.id as string, ...e }))));
    const pivot = entries.map((e) => e.updated_at as number).sort((a, b) => a - b)[Math.floor(entries.length / 2)] as number;
    const since = Math.floor(pivot);
    const recent = await walkAfter(sim, `/memories?since_timestamp=${since}`, 200);
    const recentEntries = recent.flatMap((m) => (m.memory_contexts as J[]).flatMap((c) => c.memory_entries as J[]));
    expect(recentEntries.length).toBe(entries.filter((e) => (e.updated_at as number) >= since).length);
    const one = entries[0] as J;
    const mine = await getJson(sim, `/users/${one.user as string}/memories?since_timestamp=${Math.floor(one.updated_at as number)}`);
    expect(mine.id).toBe(one.user);
    expect((mine.memory_contexts[0].memory_entries as J[]).some((e) => e.id === one.id)).toBe(true);
    expect((await objApi(sim, '/memories?limit=201')).status).toBe(400);
    expect((await objApi(sim, '/users/user-nobody/memories')).status).toBe(404);
  });

  it('lists canvases oldest first and pages their versions by version number', async () => {
    let canvases = 0;
    for (const u of users) {
      const list = await walkAfter(sim, `/users/${u.id as string}/canvases`, 1);
      for (const c of list) {
        expect(Object.keys(c)).toEqual(['id']);
        const versions = await walkCanvas(sim, u.id as string, c.id as string);
        expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
        for (const v of versions) {
          expect(v.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
          for (const cm of v.comments as J[]) expect(cm).toMatchObject({ type: 'comment', id: expect.any(String), start: expect.any(Number), end: expect.any(Number) });
        }
        const whole = await getJson(sim, `/users/${u.id as string}/canvas/${c.id as string}`);
        expect(whole.version_contents).toMatchObject({ last_version: versions.length, has_more: false });
        expect(typeof whole.textdoc_type).toBe('string');
      }
      canvases += list.length;
    }
    expect(canvases).toBe(gt.inventory.canvases);
    expect((await objApi(sim, `/users/${users[0]?.id as string}/canvases?limit=31`)).status).toBe(400);
  });

  it('pages automations by id, refusing since_timestamp with after', async () => {
    let n = 0;
    for (const u of users) {
      const list = await walkAfter(sim, `/users/${u.id as string}/automations`, 1, false);
      for (const a of list) expect(Object.keys(a).sort()).toEqual(['id', 'is_enabled', 'prompt', 'schedule', 'title']);
      n += list.length;
      const page = await getJson(sim, `/users/${u.id as string}/automations`);
      expect(page.cursor).toBeUndefined();
      if (list[0]) expect((await objApi(sim, `/users/${u.id as string}/automations?after=${list[0].id as string}&since_timestamp=0`)).status).toBe(400);
    }
    expect(n).toBe(gt.inventory.automations);
    for (const bad of ['limit=0', 'limit=101', 'since_timestamp=soon']) expect((await objApi(sim, `/users/${users[0]?.id as string}/automations?${bad}`)).status).toBe(400);
  });

  it('pages recordings and Codex tasks by cursor, Codex environments by after', async () => {
    let recordings = 0;
    for (const u of users) {
      for (const r of await walkCursor(sim, `/users/${u.id as string}/recordings`, 1)) {
        recordings++;
        const plain = await getJson(sim, `/users/${u.id as string}/recordings/${r.id as string}/transcript`);
        expect(typeof plain.transcript).toBe('string');
        expect(plain.summary).toBeUndefined();
      }
    }
    expect(recordings).toBe(gt.inventory.recordings);
    expect((await objApi(sim, `/users/${users[0]?.id as string}/recordings?limit=21`)).status).toBe(400);
    expect((await objApi(sim, `/users/${users[0]?.id as string}/recordings?cursor=bogus`)).status).toBe(400);

    const tasks = await walkCursor(sim, '/codex_tasks', 2);
    expect(tasks.length).toBe(gt.inventory.codexTasks);
    const updated = tasks.map((t) => t.updated_at as number);
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    for (const t of tasks) expect(Object.keys(t)).toEqual(expect.arrayContaining(['id', 'created_at', 'updated_at', 'created_by_id', 'title', 'denormalized_metadata']));
    expect(await getJson(sim, `/codex_tasks/${tasks[0]?.id as string}`)).toEqual(tasks[0]);

    const envs = await walkAfter(sim, '/codex_environments', 1, false);
    expect(envs.length).toBe(gt.inventory.codexEnvironments);
    const created = envs.map((e) => e.created_at as number);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    for (const e of envs) expect(e).toMatchObject({ object: 'compliance.workspace.codex_environment', env_vars: expect.any(Object), secrets: expect.any(Object), setup: expect.any(String) });
    expect(await getJson(sim, `/codex_environments/${envs[0]?.id as string}`)).toEqual(envs[0]);
    expect((await objApi(sim, '/codex_environments/env_nope')).status).toBe(404);
  });
});
