/**
 * Files a scanner cannot read, and the error it must record for each: a zip bomb, a truncated
 * PDF, a password-protected DOCX, an image, and (when asked for) a huge CSV that is readable but
 * large. They are attached after the rest of the workspace exists, from their own random streams,
 * so switching them off changes nothing else.
 */
import type { ExtractErrorCode } from '../../extract/types.js';
import { Rng, ALNUM } from '../random.js';
import { paragraph } from '../text.js';
import { US_PER_DAY, US_PER_S } from '../times.js';
import type { BrokenKind, FileContent, SimConversation, SimFile, SimMessage } from '../types.js';
import { Draft } from './draft.js';
import { contentKey } from './generate.js';
import { planHugeCsv, type HugeCsvPlan } from './huge-csv.js';

export const EXPECTED_ERROR: Record<BrokenKind, ExtractErrorCode | null> = {
  'zip-bomb': 'ARCHIVE_LIMIT',
  'truncated-pdf': 'FILE_CORRUPT',
  'encrypted-docx': 'FILE_ENCRYPTED',
  image: 'FILE_IMAGE',
  // Readable: its planted values are expected, unless the scanner's size limit is below it.
  'huge-csv': null,
};

/** Broken files go to user messages of the last RECENT_DAYS, which both sources still serve. */
const RECENT_DAYS = 20;

function content(kind: BrokenKind, draft: Draft, seed: number): FileContent {
  const { spec } = draft.done();
  return { key: `${kind}-${contentKey(spec, String(seed))}`, spec, broken: kind, sizeBytes: null, planted: [], decoys: [] };
}

export function brokenContents(seed: number): FileContent[] {
  const rng = new Rng(seed, 'broken-contents');
  const bomb = new Draft('zip', 'site-backup-full.zip');
  const pdf = new Draft('pdf', 'signed-contract-scan.pdf');
  for (let page = 1; page <= 3; page++) pdf.text({ page }, paragraph(rng, 'contracts'));
  const docx = new Draft('docx', 'salary-review-protected.docx');
  docx.text({ part: 'body' }, paragraph(rng, 'hr'));
  const image = new Draft('png', 'whiteboard-photo.png');
  const out = [content('zip-bomb', bomb, seed), content('truncated-pdf', pdf, seed), content('encrypted-docx', docx, seed), content('image', image, seed)];
  (out[2] as FileContent).spec.password = `Review-${rng.chars(ALNUM, 8)}`;
  return out;
}

export function hugeContent(seed: number, bytes: number, nowS: number): { content: FileContent; plan: HugeCsvPlan } {
  const plan = planHugeCsv(seed, bytes, nowS);
  const spec = { type: 'csv' as const, name: 'full-customer-export.csv', segments: [] };
  return { content: { key: `huge-csv-${seed}-${plan.bytes}`, spec, broken: 'huge-csv', sizeBytes: plan.bytes, planted: plan.planted, decoys: [] }, plan };
}

/** Recent user messages, in workspace order: the candidates for attaching a broken file. */
function candidates(conversations: readonly SimConversation[], nowUs: number): SimMessage[] {
  const all = conversations.flatMap((c) => c.messages.filter((m) => m.role === 'user'));
  const recent = all.filter((m) => m.timeUs >= nowUs - RECENT_DAYS * US_PER_DAY);
  return recent.length > 0 ? recent : all;
}

/**
 * Attaches `contents` to distinct messages picked with the `stream` generator; returns the new
 * files (the caller indexes them). Nothing but those messages' file lists changes.
 */
function attach(conversations: readonly SimConversation[], nowUs: number, seed: number, stream: string, contents: readonly FileContent[]): SimFile[] {
  const rng = new Rng(seed, stream);
  const pool = candidates(conversations, nowUs);
  const byId = new Map(conversations.map((c) => [c.id, c]));
  const used = new Set<SimMessage>();
  const files: SimFile[] = [];
  for (const c of contents) {
    if (pool.length === 0) break;
    let m = rng.pick(pool);
    for (let tries = 0; used.has(m) && tries < 20; tries++) m = rng.pick(pool);
    used.add(m);
    const conv = byId.get(m.conversationId) as SimConversation;
    const f: SimFile = {
      id: `file-${rng.chars(ALNUM, 24)}`, name: c.spec.name, userId: conv.userId, conversationId: conv.id, messageId: m.id,
      createdUs: m.timeUs - 2 * US_PER_S, expired: false, content: c,
    };
    m.files.push(f);
    files.push(f);
  }
  return files;
}

/** The broken files (if `broken`) and the huge CSV (if `hugeBytes` > 0), attached to recent messages. */
export function attachExtraFiles(conversations: readonly SimConversation[], nowUs: number, seed: number, broken: boolean, hugeBytes: number): { files: SimFile[]; hugePlans: Map<string, HugeCsvPlan> } {
  const files = broken ? attach(conversations, nowUs, seed, 'broken-files', brokenContents(seed)) : [];
  const hugePlans = new Map<string, HugeCsvPlan>();
  if (hugeBytes > 0) {
    const huge = hugeContent(seed, hugeBytes, Math.floor(nowUs / US_PER_S));
    hugePlans.set(huge.content.key, huge.plan);
    files.push(...attach(conversations, nowUs, seed, 'huge-file', [huge.content]));
  }
  return { files, hugePlans };
}
