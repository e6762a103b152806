import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkspace, SIM_ALLOWED_ACTION_DOMAINS, SIM_COMPANY_DOMAINS, startSimulator, type GroundTruth, type Simulator } from '../../src/simulator/index.js';
import { getJson, key, logEvents, servedTexts, walkAfter, type J } from '../helpers/sim-objects.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const SOURCE_KINDS = ['gpt', 'project', 'memory', 'canvas', 'automation', 'recording', 'codex_task', 'codex_environment', 'codex_log', 'custom_agent_log'];
const CHECKS = ['shared-publicly', 'action-domain-not-allowed', 'instructions-or-files-contain-findings', 'automation-prompt-contains-findings', 'user-external-domain', 'inactive-user-owns-shared-gpt', 'owner-left', 'codex-environment-stores-secrets'];

describe('simulator objects: ground truth against what the API serves', () => {
  let sim: Simulator;
  let gt: GroundTruth;

  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, users: 24, conversations: 30, rateLimits: false, logsRetentionDays: 365 });
    gt = sim.groundTruth();
  });
  afterAll(() => sim.close());

  it('plants values and decoys in every source kind, at offsets into the exact served text', async () => {
    const texts = await servedTexts(sim);
    expect(new Set(gt.objectPlanted.map((p) => p.sourceKind))).toEqual(new Set(SOURCE_KINDS));
    expect(gt.objectDecoys.length).toBeGreaterThan(0);
    for (const p of [...gt.objectPlanted, ...gt.objectDecoys]) {
      const served = texts.get(key(p.sourceKind, p.objectId, p.version, p.location));
      expect(served, `${p.sourceKind} ${p.objectId} ${p.location}`).toBeDefined();
      expect(served?.some((t) => t.slice(p.start, p.end) === p.value), `${p.location} ${p.kind}`).toBe(true);
    }
    // Several GPTs have several versions, with different values in each.
    const versions = new Map<string, Set<string>>();
    for (const p of gt.objectPlanted.filter((x) => x.sourceKind === 'gpt' && x.location === 'gpt:instructions')) {
      versions.set(p.objectId, new Set([...(versions.get(p.objectId) ?? []), p.value]));
    }
    expect([...versions.values()].some((v) => v.size >= 2)).toBe(true);
  }, 120_000);

  it('counts in the inventory what the API lists', async () => {
    const inv = gt.inventory;
    expect((await walkAfter(sim, '/users', 200)).length).toBe(inv.users);
    expect((await walkAfter(sim, '/gpts', 5)).length).toBe(inv.gpts);
    expect((await walkAfter(sim, '/projects', 5)).length).toBe(inv.projects);
    expect((await walkAfter(sim, '/memories', 200)).length).toBe(inv.memoryUsers);
    expect((await walkAfter(sim, '/codex_environments', 50, false)).length).toBe(inv.codexEnvironments);
    expect((await logEvents(sim, 'CODEX_LOG')).length).toBe(inv.codexLogEvents);
    expect((await logEvents(sim, 'CUSTOM_AGENTS_LOG')).length).toBe(inv.customAgentLogEvents);
    expect(inv).toMatchObject({ gpts: 8, projects: 4, canvases: 6, automations: 6, recordings: 4, codexTasks: 6, codexEnvironments: 4 });
  }, 60_000);

  it('logs PROMPT_SENT events with the prompt, agent ids on custom agents, and other events without text', async () => {
    const codex = await logEvents(sim, 'CODEX_LOG');
    const agents = await logEvents(sim, 'CUSTOM_AGENTS_LOG');
    for (const e of [...codex, ...agents]) {
      expect(e).toMatchObject({ principal: { id: sim.workspaceId }, actor: { type: 'ACCOUNT_USER' } });
      expect(e.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
      expect(typeof e.event_details.prompt_text === 'string').toBe(e.event_type === 'PROMPT_SENT');
    }
    expect(codex.every((e) => e.type === 'CODEX_LOG') && agents.every((e) => e.type === 'CUSTOM_AGENTS_LOG')).toBe(true);
    expect(agents.every((e) => typeof e.event_details.agent_id === 'string')).toBe(true);
    expect(codex.some((e) => e.event_type !== 'PROMPT_SENT')).toBe(true);
  }, 60_000);

  it('builds each posture case so that the served data fails or passes it as listed', async () => {
    const cases = gt.postureCases;
    for (const id of CHECKS) {
      expect(cases.some((c) => c.checkId === id && c.expect === 'fail'), `${id} fail`).toBe(true);
      expect(cases.some((c) => c.checkId === id && c.expect === 'pass'), `${id} pass`).toBe(true);
    }
    const users = new Map((await walkAfter(sim, '/users', 200)).map((u) => [u.id as string, u]));
    const gpts = [...(await walkAfter(sim, '/gpts', 20)), ...(await walkAfter(sim, '/projects', 20))];
    const byId = new Map(gpts.map((g) => [g.id as string, g]));
    const automations = new Map<string, J>();
    for (const u of users.keys()) for (const a of await walkAfter(sim, `/users/${u}/automations`, 100, false)) automations.set(a.id as string, a);
    const envs = new Map((await walkAfter(sim, '/codex_environments', 50, false)).map((e) => [e.id as string, e]));
    const planted = (id: string): boolean => gt.objectPlanted.some((p) => p.objectId === id) || gt.knowledgeFiles.some((k) => k.ownerId === id && k.planted.length > 0);
    const fails = (c: GroundTruth['postureCases'][number]): boolean => {
      const g = byId.get(c.subjectId);
      const latest = g?.latest_config.data[0] as J | undefined;
      switch (c.checkId) {
        case 'shared-publicly': return ['anyone-with-link', 'gpt-store'].includes(g?.sharing.visibility as string);
        case 'action-domain-not-allowed': return (latest?.tools.data as J[]).some((t) => t.type === 'custom_action' && !SIM_ALLOWED_ACTION_DOMAINS.includes(t.action_domain as string));
        case 'instructions-or-files-contain-findings': return planted(c.subjectId);
        case 'automation-prompt-contains-findings': return automations.has(c.subjectId) && planted(c.subjectId);
        case 'user-external-domain': return !SIM_COMPANY_DOMAINS.includes((users.get(c.subjectId)?.email as string).split('@')[1] as string);
        case 'inactive-user-owns-shared-gpt': {
          const owned = gpts.filter((x) => x.owner_id === c.subjectId && (x.id as string).startsWith('g-') && !(x.id as string).startsWith('g-p-'));
          expect(users.get(c.subjectId)?.status).toBe('inactive');
          expect(owned.length).toBeGreaterThan(0);
          return owned.some((x) => x.sharing.visibility !== 'invite-only' || (x.sharing.recipients as J[]).length > 0);
        }
        case 'owner-left': return !users.has(g?.owner_id as string);
        case 'codex-environment-stores-secrets': return Object.keys(envs.get(c.subjectId)?.secrets as object).length > 0;
      }
    };
    for (const c of cases) expect(fails(c), `${c.checkId} ${c.subjectId}: ${c.note}`).toBe(c.expect === 'fail');
  }, 60_000);
});

describe('simulator objects: options', () => {
  it('is deterministic per seed, and objects: false leaves every chat the same', () => {
    const a = generateWorkspace({ now: NOW, users: 12, conversations: 20 }).groundTruth();
    const b = generateWorkspace({ now: NOW, users: 12, conversations: 20 }).groundTruth();
    const off = generateWorkspace({ now: NOW, users: 12, conversations: 20, objects: false }).groundTruth();
    expect(b.objectPlanted).toEqual(a.objectPlanted);
    expect(b.postureCases).toEqual(a.postureCases);
    expect(off.planted).toEqual(a.planted);
    expect(off.files).toEqual(a.files);
    expect(off.objectPlanted).toEqual([]);
    expect(off.postureCases).toEqual([]);
    expect(off.inventory.gpts).toBe(0);
  });

  it('sizes the objects, and serves empty lists when they are off', async () => {
    const sim = await startSimulator({ now: NOW, users: 6, conversations: 5, rateLimits: false, objects: { gpts: 12, projects: 0, canvases: 1, codexEnvironments: 1 } });
    try {
      expect(sim.groundTruth().inventory).toMatchObject({ gpts: 12, projects: 0, canvases: 1, codexEnvironments: 1 });
      expect((await getJson(sim, '/projects')).data).toEqual([]);
    } finally {
      await sim.close();
    }
    const off = await startSimulator({ now: NOW, users: 3, conversations: 3, rateLimits: false, objects: false });
    try {
      expect(await getJson(off, '/gpts')).toMatchObject({ object: 'list', data: [], has_more: false });
      expect((await getJson(off, '/logs?event_type=CODEX_LOG&after=1970-01-01T00:00:00Z')).data).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
