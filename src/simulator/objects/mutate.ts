/**
 * Changes a test makes through the Simulator: a new GPT/project config version (newest first,
 * with a fresh planted value unless told otherwise), sharing, a user's status or departure, a new
 * memory entry. Each returns what it planted; the ground truth follows.
 */
import { Rng, ALNUM } from '../random.js';
import { PII_KINDS } from '../files/plant-text.js';
import { US_PER_MS, US_PER_S } from '../times.js';
import type { ObjectChange, SimUser } from '../types.js';
import type { Workspace } from '../workspace.js';
import { VISIBILITIES, type SimConfig, type SimGpt, type Visibility } from './model.js';
import { FieldBuilder, clean, planted } from './text.js';
import { gptTruth, objectTruth } from './truth.js';

export interface ConfigChange {
  name?: string;
  description?: string;
  /** Replaces the instructions with exactly this text (not in the ground truth, like `append` texts). */
  instructions?: string;
  conversationStarters?: string[];
  visibility?: Visibility;
  /** Without `instructions`: append a line with a new planted value to them. Default true. */
  plant?: boolean;
}

export interface SharingChange {
  visibility?: Visibility;
  /** User ids to share with (replaces the recipients); unknown ids are refused. */
  recipients?: string[];
}

function gptOf(ws: Workspace, kind: 'gpt' | 'project', id: string): SimGpt {
  const g = ws.objects.gpt(kind, id);
  if (!g) throw new Error(`simulator: no live ${kind} with id ${id}`);
  return g;
}

function checkVisibility(v: Visibility | undefined): void {
  if (v !== undefined && !VISIBILITIES.includes(v)) throw new Error(`simulator: visibility must be one of ${VISIBILITIES.join(', ')}`);
}

export function updateConfig(ws: Workspace, kind: 'gpt' | 'project', id: string, change: ConfigChange, realNowUs: number): ObjectChange {
  const g = gptOf(ws, kind, id);
  checkVisibility(change.visibility);
  const latest = g.configs[0] as SimConfig;
  const rng = new Rng(ws.seed, `mutation-${++ws.objects.mutations}`);
  let instructions = latest.instructions;
  if (change.instructions !== undefined) instructions = clean(change.instructions);
  else if (change.plant ?? true) instructions = FieldBuilder.from(latest.instructions, '\n').fragment(planted(rng, { nowS: Math.floor(realNowUs / US_PER_S) }, 'line', { prefix: 'Updated contact: ', kinds: PII_KINDS })).done();
  const config: SimConfig = {
    ...latest,
    id: `${kind === 'gpt' ? 'gzm_cnf_' : 'pr_cnf_'}${rng.chars(ALNUM, 24)}`,
    createdUs: Math.max(realNowUs, latest.createdUs + US_PER_MS),
    name: change.name !== undefined ? clean(change.name) : latest.name,
    description: change.description !== undefined ? clean(change.description) : latest.description,
    starters: change.conversationStarters !== undefined ? change.conversationStarters.map(clean) : latest.starters,
    instructions,
    author: kind === 'gpt' ? { id: g.ownerId, email: g.ownerEmail } : null,
  };
  g.configs.unshift(config);
  if (change.visibility !== undefined) g.visibility = change.visibility;
  const truth = gptTruth(g, undefined, config.id);
  return { objectId: g.id, version: config.id, planted: truth.planted, decoys: truth.decoys };
}

export function setSharing(ws: Workspace, id: string, change: SharingChange): void {
  const g = ws.objects.gptsById.get(id);
  if (!g || ws.objects.deletedIds.has(id)) throw new Error(`simulator: no live GPT or project with id ${id}`);
  checkVisibility(change.visibility);
  if (change.visibility !== undefined) g.visibility = change.visibility;
  if (change.recipients !== undefined) {
    g.recipients = change.recipients.map((uid) => {
      const u = ws.usersById.get(uid);
      if (!u) throw new Error(`simulator: no user with id ${uid} to share with`);
      return { id: u.id, email: u.email, permissions: { can_read: true, can_view_config: false, can_write: false } };
    });
  }
}

function userOf(ws: Workspace, id: string): SimUser {
  const u = ws.usersById.get(id);
  if (!u) throw new Error(`simulator: no user with id ${id}`);
  return u;
}

export function setUserStatus(ws: Workspace, id: string, status: SimUser['status']): void {
  userOf(ws, id).status = status;
}

/** The user leaves: /users no longer lists them; what they own keeps their id (an owner who left). */
export function removeUser(ws: Workspace, id: string): void {
  const u = userOf(ws, id);
  ws.users.splice(ws.users.indexOf(u), 1);
  ws.usersById.delete(id);
}

/** A new memory entry for `userId` with a planted value, updated now. */
export function addMemory(ws: Workspace, userId: string, realNowUs: number): ObjectChange {
  userOf(ws, userId);
  const rng = new Rng(ws.seed, `mutation-${++ws.objects.mutations}`);
  let m = ws.objects.memoryOf(userId);
  if (!m) {
    m = { userId, entries: [] };
    ws.objects.memories.push(m);
    ws.objects.memories.sort((a, b) => (a.userId < b.userId ? -1 : 1));
  }
  const last = m.entries[m.entries.length - 1];
  const entry = {
    id: rng.uuid(), updatedUs: Math.max(realNowUs, (last?.updatedUs ?? 0) + US_PER_MS),
    content: new FieldBuilder().fragment(planted(rng, { nowS: Math.floor(realNowUs / US_PER_S) }, 'line', { prefix: 'User asked to remember: ', kinds: PII_KINDS })).done(),
  };
  m.entries.push(entry);
  const truth = objectTruth(ws.objects);
  const mine = (p: { sourceKind: string; version: string | null }): boolean => p.sourceKind === 'memory' && p.version === entry.id;
  return { objectId: userId, version: entry.id, planted: truth.planted.filter(mine), decoys: truth.decoys.filter(mine) };
}
