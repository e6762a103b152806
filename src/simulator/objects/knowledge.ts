/**
 * Knowledge files of GPTs and projects: real documents built by the same file builders as chat
 * uploads (so extraction is tested on real bytes), with their planted values as FileTruth does.
 * They are never expired: the spec keeps GPT and project files.
 */
import { Rng, ALNUM } from '../random.js';
import { pickTopic } from '../text.js';
import { draftFile, newContent, type UploadType } from '../files/generate.js';
import type { KnowledgeFileTruth } from '../types.js';
import type { ObjectGenContext } from './context.js';
import type { SimGpt, SimKnowledgeFile } from './model.js';

/** Document types a builder would attach as knowledge (what users upload to GPTs and projects). */
export const KNOWLEDGE_TYPES: readonly UploadType[] = ['pdf', 'docx', 'xlsx', 'csv', 'md', 'txt', 'json', 'pptx'];

export function knowledgeFile(ctx: ObjectGenContext, rng: Rng, ownerKind: 'gpt' | 'project', ownerId: string, configId: string, createdUs: number): SimKnowledgeFile {
  const id = `file-${rng.chars(ALNUM, 24)}`;
  const type = rng.pick(KNOWLEDGE_TYPES);
  const draft = draftFile(type, new Rng(ctx.seed, `knowledge-${id}`), pickTopic(rng), ctx.plant);
  const content = newContent(draft);
  return { id, name: content.spec.name, createdUs, ownerKind, ownerId, firstConfigId: configId, content };
}

/** One entry per knowledge file of a GPT or project, with every config that lists it. */
export function knowledgeTruth(g: SimGpt): KnowledgeFileTruth[] {
  const byId = new Map<string, KnowledgeFileTruth>();
  for (const c of g.configs) {
    for (const f of c.files) {
      let t = byId.get(f.id);
      if (!t) {
        t = {
          ownerKind: f.ownerKind, ownerId: f.ownerId, configId: f.firstConfigId, configIds: [], fileId: f.id, name: f.name,
          type: f.content.spec.type, contentKey: f.content.key, planted: structuredClone(f.content.planted), decoys: structuredClone(f.content.decoys),
        };
        byId.set(f.id, t);
      }
      t.configIds.push(c.id);
    }
  }
  return [...byId.values()];
}
