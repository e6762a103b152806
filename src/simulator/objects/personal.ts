/**
 * What ChatGPT keeps per user beyond chats: memories (facts it remembers), canvases (documents
 * with versions and comments) and recordings (meeting transcripts with a summary). Some of each
 * carry planted values, a few carry decoys, the rest is clean filler.
 */
import { Rng } from '../random.js';
import { paragraph, pickTopic, title } from '../text.js';
import { US_PER_DAY, US_PER_MIN, US_PER_S } from '../times.js';
import { PII_KINDS } from '../files/plant-text.js';
import type { SimUser } from '../types.js';
import type { ObjectGenContext } from './context.js';
import type { SimCanvas, SimCanvasComment, SimCanvasVersion, SimMemory, SimRecording, TextField } from './model.js';
import { clean, decoy, joined, planted, sentence } from './text.js';

const MEMORY_FACTS = ['Prefers answers as short bullet points.', 'Works on the {team} team and often asks about {product}.', 'Is preparing the {quarter} review with {company}.', 'Travels to {city} in {month} for the offsite.', 'Writes most code in {lang}.', 'Wants drafts in a formal tone for anything sent to {company}.'];
const MEMORY_PREFIXES = ['The user shared their details for forms: ', 'Remember for expense claims: ', 'User asked to remember: '];
const CANVAS_COMMENTS = ['Can we shorten this part?', 'Check this with the {team} team first.', 'Move this up, it matters most.', 'Is this still true after {month}?'];
const SUMMARIES = ['The team agreed on owners and dates for {product}.', 'Open questions about {doc} go to legal.', 'Next sync with {company} on {weekday}.'];
const SPEAKERS = ['Speaker 1', 'Speaker 2', 'Speaker 3'];

export function buildMemories(ctx: ObjectGenContext, users: readonly SimUser[], share: number): SimMemory[] {
  const out: SimMemory[] = [];
  for (const u of users) {
    const rng = new Rng(ctx.seed, `memory-${u.id}`);
    if (!rng.chance(share)) continue;
    let t = ctx.nowUs - rng.int(30, 80) * US_PER_DAY - rng.int(0, US_PER_DAY - 1);
    const n = rng.int(2, 5);
    const plantAt = rng.chance(0.6) ? rng.int(0, n - 1) : -1;
    const decoyAt = rng.chance(0.2) ? rng.int(0, n - 1) : -1;
    const entries = Array.from({ length: n }, (_, i) => {
      t += rng.int(1, 9) * US_PER_DAY + rng.int(0, 3600) * US_PER_S;
      let content: TextField = clean(sentence(rng, MEMORY_FACTS));
      if (i === plantAt) content = joined([planted(rng, ctx.plant, 'line', { prefix: rng.pick(MEMORY_PREFIXES), kinds: PII_KINDS })]);
      else if (i === decoyAt) {
        const d = decoy(rng);
        if (d) content = joined([d]);
      }
      return { id: rng.uuid(), content, updatedUs: Math.min(t, ctx.nowUs - US_PER_MIN) };
    });
    out.push({ userId: u.id, entries });
  }
  return out;
}

function canvasVersion(ctx: ObjectGenContext, rng: Rng, version: number, name: string, topic: ReturnType<typeof pickTopic>, updatedUs: number): SimCanvasVersion {
  const plant = rng.chance(0.6);
  const content = joined([`# ${name}`, paragraph(rng, topic), plant ? planted(rng, ctx.plant, 'text', { prefix: 'Details: ' }) : null, paragraph(rng, topic), rng.chance(0.2) ? decoy(rng) : null], '\n\n');
  const anchorEnd = content.text.indexOf('\n');
  const comments: SimCanvasComment[] = [];
  for (let i = rng.int(0, 2); i > 0; i--) {
    // At most one comment per version carries a value, so `canvas:comment` offsets are unambiguous.
    const plantComment = i === 1 && rng.chance(0.4);
    const text = plantComment ? joined([sentence(rng, CANVAS_COMMENTS), planted(rng, ctx.plant, 'line', { prefix: 'Use ', kinds: PII_KINDS })]) : clean(sentence(rng, CANVAS_COMMENTS));
    comments.push({ id: rng.uuid(), start: 2, end: Math.max(3, anchorEnd), content: text });
  }
  return { version, name: clean(name), content, updatedUs, comments };
}

export function buildCanvases(ctx: ObjectGenContext, count: number): SimCanvas[] {
  const out: SimCanvas[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(ctx.seed, `canvas-${i}`);
    const topic = pickTopic(rng);
    const name = title(rng, topic);
    const createdUs = ctx.nowUs - rng.int(5, 60) * US_PER_DAY - rng.int(0, US_PER_DAY - 1);
    let t = createdUs;
    const versions: SimCanvasVersion[] = [];
    const n = rng.int(1, 4);
    for (let v = 1; v <= n; v++) {
      versions.push(canvasVersion(ctx, rng, v, name, topic, t));
      t += rng.int(5, 600) * US_PER_MIN;
    }
    out.push({ id: rng.hex(32), userId: rng.pick(ctx.active).id, type: rng.chance(0.8) ? 'document' : 'code/python', createdUs, versions });
  }
  // Listed oldest first.
  return out.sort((a, b) => a.createdUs - b.createdUs);
}

export function buildRecordings(ctx: ObjectGenContext, count: number): SimRecording[] {
  const out: SimRecording[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(ctx.seed, `recording-${i}`);
    const topic = pickTopic(rng);
    const lines: (string | ReturnType<typeof planted>)[] = [];
    const plantAt = rng.chance(0.7) ? rng.int(1, 3) : -1;
    const n = rng.int(4, 7);
    for (let k = 0; k < n; k++) {
      const who = `${SPEAKERS[k % SPEAKERS.length] as string}: `;
      lines.push(k === plantAt ? planted(rng, ctx.plant, 'line', { prefix: `${who}For the record, `, kinds: PII_KINDS }) : who + paragraph(rng, topic));
    }
    const summary = rng.chance(0.3)
      ? joined([sentence(rng, SUMMARIES), planted(rng, ctx.plant, 'line', { prefix: 'Follow-up contact: ', kinds: ['email-address', 'phone-number'] })])
      : clean(`${sentence(rng, SUMMARIES)} ${sentence(rng, SUMMARIES)}`);
    out.push({
      id: rng.uuid(), userId: rng.pick(ctx.active).id, createdUs: ctx.nowUs - rng.int(1, 40) * US_PER_DAY - rng.int(0, 86_400) * US_PER_S,
      title: title(rng, topic), durationS: rng.int(300, 3600), transcript: joined(lines, '\n'), summary,
    });
  }
  return out.sort((a, b) => b.createdUs - a.createdUs);
}
