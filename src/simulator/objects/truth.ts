/**
 * The ground truth of the objects, read off the model: one entry per planted value (or decoy)
 * per object version and field, with offsets into exactly the text the API serves there.
 */
import type { Span } from '../plants.js';
import type { GroundTruth, KnowledgeFileTruth, ObjectDecoy, ObjectInventory, ObjectPlanted, ObjectSourceKind, SimUser } from '../types.js';
import { knowledgeTruth } from './knowledge.js';
import type { SimGpt, TextField } from './model.js';
import type { WorkspaceObjects } from './store.js';

export interface ObjectTruth {
  planted: ObjectPlanted[];
  decoys: ObjectDecoy[];
}

export class Collector implements ObjectTruth {
  readonly planted: ObjectPlanted[] = [];
  readonly decoys: ObjectDecoy[] = [];

  add(sourceKind: ObjectSourceKind, objectId: string, version: string | null, location: string, field: TextField): void {
    for (const s of field.spans as Span[]) {
      const base: ObjectPlanted = { sourceKind, objectId, version, location, kind: s.kind, category: s.category, value: s.value, start: s.start, end: s.end };
      if (s.reason === undefined) this.planted.push(base);
      else this.decoys.push({ ...base, reason: s.reason });
    }
  }
}

export function gptTruth(g: SimGpt, c: Collector = new Collector(), onlyConfig?: string): Collector {
  for (const cfg of g.configs) {
    if (onlyConfig !== undefined && cfg.id !== onlyConfig) continue;
    const p = g.kind;
    c.add(p, g.id, cfg.id, `${p}:name`, cfg.name);
    c.add(p, g.id, cfg.id, `${p}:description`, cfg.description);
    c.add(p, g.id, cfg.id, `${p}:instructions`, cfg.instructions);
    cfg.starters.forEach((s, i) => c.add(p, g.id, cfg.id, `${p}:conversation_starters[${i}]`, s));
  }
  return c;
}

export function objectTruth(o: WorkspaceObjects): ObjectTruth {
  const c = new Collector();
  for (const g of [...o.live('gpt'), ...o.live('project')]) gptTruth(g, c);
  for (const m of o.memories) for (const e of m.entries) c.add('memory', m.userId, e.id, 'memory:content', e.content);
  for (const cv of o.canvases) {
    for (const v of cv.versions) {
      const ver = String(v.version);
      c.add('canvas', cv.id, ver, 'canvas:name', v.name);
      c.add('canvas', cv.id, ver, 'canvas:content', v.content);
      for (const cm of v.comments) c.add('canvas', cv.id, ver, 'canvas:comment', cm.content);
    }
  }
  for (const a of o.automations) {
    c.add('automation', a.id, null, 'automation:title', a.title);
    c.add('automation', a.id, null, 'automation:prompt', a.prompt);
  }
  for (const r of o.recordings) {
    c.add('recording', r.id, null, 'recording:transcript', r.transcript);
    c.add('recording', r.id, null, 'recording:summary', r.summary);
  }
  for (const t of o.codexTasks) {
    c.add('codex_task', t.id, null, 'codex_task:title', t.title);
    c.add('codex_task', t.id, null, 'codex_task:prompt', t.prompt);
  }
  for (const e of o.codexEnvironments) {
    for (const [k, v] of e.envVars) c.add('codex_environment', e.id, null, `codex_environment:env_vars.${k}`, v);
    for (const [k, v] of e.secrets) c.add('codex_environment', e.id, null, `codex_environment:secrets.${k}`, v);
    c.add('codex_environment', e.id, null, 'codex_environment:setup', e.setup);
  }
  for (const f of o.logFiles) {
    for (const ev of f.events) {
      if (!ev.prompt) continue;
      const kind = ev.type === 'CODEX_LOG' ? 'codex_log' : 'custom_agent_log';
      c.add(kind, ev.eventId, null, `${kind}:prompt_text`, ev.prompt);
    }
  }
  return c;
}

export function knowledgeFilesTruth(o: WorkspaceObjects): KnowledgeFileTruth[] {
  return [...o.live('gpt'), ...o.live('project')].flatMap(knowledgeTruth).filter((k) => !o.deletedIds.has(k.fileId));
}

export function inventoryOf(o: WorkspaceObjects, users: readonly SimUser[]): ObjectInventory {
  const gpts = o.live('gpt'), projects = o.live('project');
  const events = (type: string): number => o.logFiles.filter((f) => f.eventType === type).reduce((n, f) => n + f.events.length, 0);
  return {
    users: users.length,
    activeUsers: users.filter((u) => u.status === 'active').length,
    gpts: gpts.length,
    projects: projects.length,
    gptConfigs: gpts.reduce((n, g) => n + g.configs.length, 0),
    projectConfigs: projects.reduce((n, g) => n + g.configs.length, 0),
    knowledgeFiles: knowledgeFilesTruth(o).length,
    memoryUsers: o.memories.filter((m) => m.entries.length > 0).length,
    memoryEntries: o.memories.reduce((n, m) => n + m.entries.length, 0),
    canvases: o.canvases.length,
    canvasVersions: o.canvases.reduce((n, c) => n + c.versions.length, 0),
    automations: o.automations.length,
    recordings: o.recordings.length,
    codexTasks: o.codexTasks.length,
    codexEnvironments: o.codexEnvironments.length,
    codexLogEvents: events('CODEX_LOG'),
    customAgentLogEvents: events('CUSTOM_AGENTS_LOG'),
  };
}

/** The GroundTruth fields of the objects beyond chats. */
export function objectGroundTruth(o: WorkspaceObjects, users: readonly SimUser[]): Pick<GroundTruth, 'objectPlanted' | 'objectDecoys' | 'knowledgeFiles' | 'inventory' | 'postureCases'> {
  const t = objectTruth(o);
  return { objectPlanted: t.planted, objectDecoys: t.decoys, knowledgeFiles: knowledgeFilesTruth(o), inventory: inventoryOf(o, users), postureCases: structuredClone(o.cases) };
}
