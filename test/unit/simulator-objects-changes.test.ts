import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { getJson, objApi, walkAfter, type J } from '../helpers/sim-objects.js';

const NOW = new Date('2026-06-01T00:00:00Z');
let sim: Simulator | undefined;

async function start(opts: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ now: NOW, users: 12, conversations: 10, rateLimits: false, ...opts });
  return sim;
}

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('simulator objects: mutations', () => {
  it('adds a new config version newest first with a new planted value, and re-plants nothing old', async () => {
    const s = await start();
    const id = (s.groundTruth().postureCases.find((c) => c.subjectType === 'gpt' && c.checkId === 'owner-left' && c.expect === 'pass') as { subjectId: string }).subjectId;
    const before = await walkAfter(s, `/gpts/${id}/configs`, 20);
    const change = s.updateGpt(id, { visibility: 'anyone-with-link' });
    const after = await walkAfter(s, `/gpts/${id}/configs`, 20);
    expect(after.length).toBe(before.length + 1);
    expect(after[0]?.id).toBe(change.version);
    expect(after.slice(1)).toEqual(before);
    expect(change.planted.length).toBe(1);
    for (const p of change.planted) {
      expect(p).toMatchObject({ sourceKind: 'gpt', objectId: id, version: change.version, location: 'gpt:instructions' });
      expect((after[0]?.instructions as string).slice(p.start, p.end)).toBe(p.value);
    }
    const gpt = await getJson(s, `/gpts/${id}`);
    expect(gpt.sharing.visibility).toBe('anyone-with-link');
    expect(gpt.latest_config.data[0].id).toBe(change.version);
    expect(s.groundTruth().objectPlanted.filter((p) => p.version === change.version)).toEqual(change.planted);

    // Exact instructions replace the old ones; values elsewhere in the config carry over into the new version.
    const projectId = (s.groundTruth().postureCases.find((c) => c.subjectType === 'project' && c.expect === 'fail') as { subjectId: string }).subjectId;
    const exact = s.updateProject(projectId, { instructions: 'Plain text now.', plant: false });
    expect(exact.planted.filter((p) => p.location === 'project:instructions')).toEqual([]);
    const latest = (await getJson(s, `/projects/${projectId}`)).latest_config.data[0] as J;
    expect(latest.instructions).toBe('Plain text now.');
    const texts: Record<string, string> = { 'project:name': latest.name, 'project:description': latest.description, 'project:instructions': latest.instructions };
    (latest.conversation_starters as string[]).forEach((t, i) => (texts[`project:conversation_starters[${i}]`] = t));
    expect(exact.planted.length).toBeGreaterThan(0);
    for (const p of exact.planted) expect(texts[p.location]?.slice(p.start, p.end)).toBe(p.value);
    expect(() => s.updateGpt('g-missing00')).toThrow(/no live gpt/);
  });

  it('changes sharing, user status and membership, and adds memories', async () => {
    const s = await start();
    const gt = s.groundTruth();
    const gptId = (await walkAfter(s, '/gpts', 20))[0]?.id as string;
    const [u1, u2] = (await walkAfter(s, '/users', 200)) as [J, J];
    s.setGptSharing(gptId, { visibility: 'workspace', recipients: [u1.id as string] });
    expect((await getJson(s, `/gpts/${gptId}`)).sharing).toMatchObject({ visibility: 'workspace', recipients: [{ id: u1.id, email: u1.email }] });
    expect(() => s.setGptSharing(gptId, { recipients: ['user-nobody'] })).toThrow(/no user/);

    s.setUserStatus(u1.id as string, 'inactive');
    expect((await walkAfter(s, '/users', 200)).find((u) => u.id === u1.id)?.status).toBe('inactive');
    s.removeUser(u2.id as string);
    expect((await walkAfter(s, '/users', 200)).map((u) => u.id)).not.toContain(u2.id);
    expect(s.groundTruth().inventory.users).toBe(gt.inventory.users - 1);

    const m = s.addMemory(u1.id as string);
    expect(m.planted.length).toBe(1);
    const since = Math.floor(NOW.getTime() / 1000);
    const recent = await getJson(s, `/users/${u1.id as string}/memories?since_timestamp=${since}`);
    const entry = (recent.memory_contexts[0].memory_entries as J[]).find((e) => e.id === m.version) as J;
    expect((entry.content as string).slice(m.planted[0]?.start, m.planted[0]?.end)).toBe(m.planted[0]?.value);
    expect((await walkAfter(s, `/memories?since_timestamp=${since}`, 200)).map((x) => x.id)).toEqual([u1.id]);
  });
});

describe('simulator objects: deletes, scopes, limits and faults', () => {
  it('records GPT and project deletes and stops serving what they removed', async () => {
    const s = await start();
    const k = s.groundTruth().knowledgeFiles.find((f) => f.ownerKind === 'gpt') as { ownerId: string; fileId: string };
    expect((await objApi(s, `/gpts/${k.ownerId}/files/${k.fileId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await objApi(s, `/gpt_files/${k.fileId}`)).status).toBe(404);
    expect((await getJson(s, `/gpts/${k.ownerId}`)).latest_config.data[0].files.data.map((f: J) => f.id)).not.toContain(k.fileId);
    expect((await objApi(s, `/gpts/${k.ownerId}/shared_users`, { method: 'DELETE' })).status).toBe(200);
    expect((await getJson(s, `/gpts/${k.ownerId}`)).sharing).toMatchObject({ visibility: 'invite-only', recipients: [] });
    const project = (await walkAfter(s, '/projects', 20))[0]?.id as string;
    const del = await objApi(s, `/projects/${project}`, { method: 'DELETE' });
    expect(await del.json()).toEqual({ deleted: true, object: 'compliance.workspace.project.deleted', id: project });
    expect((await objApi(s, `/projects/${project}`)).status).toBe(404);
    expect((await objApi(s, `/projects/${project}`, { method: 'DELETE' })).status).toBe(404);
    expect((await walkAfter(s, '/projects', 20)).map((p) => p.id)).not.toContain(project);
    expect(s.objectDeletions()).toEqual([
      { route: 'gpt-file', id: k.ownerId, fileId: k.fileId },
      { route: 'gpt-shared-users', id: k.ownerId, fileId: null },
      { route: 'project', id: project, fileId: null },
    ]);
    expect(s.groundTruth().inventory.projects).toBe(3);
  });

  it('needs the delete scope to delete and the read scope to read', async () => {
    const s = await start({ deleteScope: false });
    const gptId = (await walkAfter(s, '/gpts', 20))[0]?.id as string;
    expect((await objApi(s, `/gpts/${gptId}`, { method: 'DELETE' })).status).toBe(403);
    expect(s.objectDeletions()).toEqual([]);
    await s.close();
    const r = await start({ readScope: false });
    expect((await objApi(r, '/gpts')).status).toBe(403);
    expect((await objApi(r, '/codex_tasks')).status).toBe(403);
  });

  it('applies the per-class rate limits and injected faults to the new routes', async () => {
    const s = await start({ rateLimits: { listPerMinute: 2, getPerMinute: 2 } });
    expect([(await objApi(s, '/gpts')).status, (await objApi(s, '/memories')).status, (await objApi(s, '/codex_environments')).status]).toEqual([200, 200, 429]);
    const user = s.groundTruth().postureCases.find((c) => c.subjectType === 'user')?.subjectId as string;
    const gets = [await objApi(s, '/codex_tasks'), await objApi(s, `/users/${user}/canvases`), await objApi(s, `/users/${user}/recordings`)];
    expect(gets.map((g) => g.status)).toEqual([200, 200, 429]);
    expect(Number(gets[2]?.headers.get('retry-after'))).toBeGreaterThan(0);
    await s.close();
    const f = await start({ faults: { every429: 2, retryAfterSeconds: 3 } });
    const statuses = [(await objApi(f, '/gpts')).status, (await objApi(f, '/projects')).status];
    expect(statuses).toEqual([200, 429]);
    f.setFaults({ every5xx: 1 });
    expect((await objApi(f, '/codex_tasks')).status).toBe(503);
  });
});
