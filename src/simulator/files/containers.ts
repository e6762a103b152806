/**
 * Files that hold files: an e-mail with an attachment and a zip with a nested zip. Values in an
 * entry are reported behind the chain of entry names, outermost first.
 */
import type { Rng } from '../random.js';
import type { Span } from '../plants.js';
import { type Topic, SLOTS, fill, paragraph } from '../text.js';
import { FIRST_NAMES } from '../values.js';
import { Draft, type FileDraft } from './draft.js';
import { type PlantContext, decoyLine, plantLine } from './plant-text.js';
import { csv, spreadsheet } from './tabular.js';
import { code, json, notes } from './texts.js';
import { wordDocument } from './documents.js';

const SUBJECTS = ['Updated bank details for {company}', 'Re: contract renewal with {company}', 'Fwd: {quarter} customer export', 'Offsite in {city}: travel details', 'Payroll changes for {month}'];

function named(d: FileDraft, name: string): FileDraft {
  return { ...d, spec: { ...d.spec, name } };
}

/**
 * A message with a subject, a body and one attachment. The extractor also repeats the subject in
 * its 'headers' part: a value in the subject is found there a second time.
 */
export function email(rng: Rng, topic: Topic, ctx: PlantContext): FileDraft {
  const subject = fill(rng, rng.pick(SUBJECTS));
  const d = new Draft('eml', `${subject.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}.eml`);
  if (rng.chance(0.3)) {
    const f = plantLine(rng, 'pdf', ctx, { prefix: `${subject}, ` });
    d.text({ part: 'subject' }, f.text, f.spans);
  } else {
    d.text({ part: 'subject' }, subject);
  }
  const lines: string[] = [`Hi ${rng.pick(FIRST_NAMES)},`, '', paragraph(rng, topic), ''];
  const spans: Span[] = [];
  for (let i = rng.int(1, 2); i > 0; i--) {
    const f = plantLine(rng, 'text', ctx);
    const offset = lines.join('\n').length + 1;
    spans.push(...f.spans.map((s) => ({ ...s, start: s.start + offset, end: s.end + offset })));
    lines.push(f.text, '');
  }
  const decoy = rng.chance(0.3) ? decoyLine(rng, 'line') : null;
  if (decoy) {
    const offset = lines.join('\n').length + 1;
    spans.push(...decoy.spans.map((s) => ({ ...s, start: s.start + offset, end: s.end + offset })));
    lines.push(decoy.text, '');
  }
  lines.push('Best regards,', rng.pick(FIRST_NAMES));
  d.text({ part: 'body' }, lines.join('\n'), spans);
  const attachment = rng.pick(['csv', 'txt', 'docx'] as const);
  if (attachment === 'csv') d.child(csv(rng, ctx));
  else if (attachment === 'txt') d.child(notes(rng, topic, ctx));
  else d.child(wordDocument(rng, 'docx', topic, ctx));
  return d.done();
}

/** A zip of exports and notes with one nested zip (entries: ['backup/inner.zip', 'data.csv']). */
export function zip(rng: Rng, topic: Topic, ctx: PlantContext): FileDraft {
  const project = rng.pick(SLOTS.team as string[]);
  const d = new Draft('zip', `${project}-handover-${rng.pick(SLOTS.quarter as string[]).toLowerCase()}.zip`);
  d.child(named(csv(rng, ctx), `${project}/exports/customers.csv`));
  d.child(named(notes(rng, topic, ctx), `${project}/notes/handover.txt`));
  if (rng.chance(0.5)) d.child(named(spreadsheet(rng, 'xlsx', ctx), `${project}/exports/records.xlsx`));
  else d.child(named(json(rng, ctx), `${project}/exports/contacts.json`));
  const inner = new Draft('zip', `${project}/backup/inner.zip`);
  inner.child(named(csv(rng, ctx), 'data.csv'));
  if (rng.chance(0.6)) inner.child(named(code(rng, ctx), 'config/app.env'));
  d.child(inner.done());
  return d.done();
}
