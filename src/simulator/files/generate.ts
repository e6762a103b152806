/**
 * The files users attach to messages: one of every readable type in turn, each with business
 * content and planted values, and now and then a re-upload of a file someone already attached
 * (same bytes, new file id, another conversation) so a scanner can read content once and link
 * its findings to every upload.
 *
 * Each file's content comes from its own random stream, seeded by one draw from the message's
 * stream: the messages of a workspace are the same whether files are generated or not.
 */
import { createHash } from 'node:crypto';
import { Rng, ALNUM } from '../random.js';
import type { Cycler } from '../plants.js';
import type { Topic } from '../text.js';
import type { FileContent, SimConversation, SimFile } from '../types.js';
import { email, zip } from './containers.js';
import type { FileDraft } from './draft.js';
import { pdf, slides, wordDocument } from './documents.js';
import type { PlantContext } from './plant-text.js';
import type { FileSpec, SimFileType } from './spec.js';
import { csv, spreadsheet } from './tabular.js';
import { code, html, json, markdown, notes, xml } from './texts.js';

/** The readable types uploads cycle through (png only appears as the unreadable image). */
export const UPLOAD_TYPES = ['pdf', 'docx', 'xlsx', 'csv', 'pptx', 'odt', 'ods', 'txt', 'md', 'code', 'json', 'xml', 'html', 'eml', 'zip'] as const satisfies readonly SimFileType[];
export type UploadType = (typeof UPLOAD_TYPES)[number];

/** Share of uploads that are re-uploads of an earlier file from another conversation. */
const REUPLOAD_RATE = 0.15;
/** Share of uploads past their retention (listed with null url, content 410). */
const EXPIRED_RATE = 0.2;

export interface FileGenContext {
  /** false: draws the same random numbers but attaches nothing (WorkspaceOptions.files). */
  enabled: boolean;
  /** Share of user messages that carry uploads (WorkspaceOptions.fileRate). */
  rate: number;
  seed: number;
  nowS: number;
  types: Cycler<UploadType>;
  /** Every content uploaded so far and where, for re-uploads. */
  uploads: { content: FileContent; conversationId: string }[];
}

export function draftFile(type: UploadType, rng: Rng, topic: Topic, ctx: PlantContext): FileDraft {
  switch (type) {
    case 'pdf': return pdf(rng, topic, ctx);
    case 'docx': case 'odt': return wordDocument(rng, type, topic, ctx);
    case 'xlsx': case 'ods': return spreadsheet(rng, type, ctx);
    case 'csv': return csv(rng, ctx);
    case 'pptx': return slides(rng, topic, ctx);
    case 'txt': return notes(rng, topic, ctx);
    case 'md': return markdown(rng, topic, ctx);
    case 'code': return code(rng, ctx);
    case 'json': return json(rng, ctx);
    case 'xml': return xml(rng, ctx);
    case 'html': return html(rng, topic, ctx);
    case 'eml': return email(rng, topic, ctx);
    case 'zip': return zip(rng, topic, ctx);
  }
}

/** Stable id of a spec's bytes: equal specs build equal files (builders use fixed dates). */
export function contentKey(spec: FileSpec, extra = ''): string {
  return createHash('sha256').update(JSON.stringify(spec)).update(extra).digest('hex').slice(0, 24);
}

export function newContent(draft: FileDraft): FileContent {
  return { key: contentKey(draft.spec), spec: draft.spec, broken: null, sizeBytes: null, planted: draft.planted, decoys: draft.decoys };
}

/** The files of one user message: 1 or 2, each new or a re-upload. */
export function messageFiles(fctx: FileGenContext, rng: Rng, conv: SimConversation, messageId: string, topic: Topic): SimFile[] {
  const n = rng.chance(0.8) ? 1 : 2;
  const files: SimFile[] = [];
  for (let i = 0; i < n; i++) {
    const id = `file-${rng.chars(ALNUM, 24)}`;
    const expired = rng.chance(EXPIRED_RATE);
    const reupload = rng.chance(REUPLOAD_RATE);
    const draw = rng.u32();
    if (!fctx.enabled) continue;
    let content: FileContent | undefined;
    if (reupload) {
      const others = fctx.uploads.filter((u) => u.conversationId !== conv.id);
      content = others[draw % Math.max(1, others.length)]?.content;
    }
    if (!content) {
      const type = fctx.types.next();
      content = newContent(draftFile(type, new Rng(fctx.seed, `file-${type}-${draw}`), topic, { nowS: fctx.nowS }));
      fctx.uploads.push({ content, conversationId: conv.id });
    }
    files.push({ id, name: content.spec.name, userId: conv.userId, conversationId: conv.id, messageId, createdUs: 0, expired, content });
  }
  return files;
}
