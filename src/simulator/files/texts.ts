/**
 * Text-like files: meeting notes (txt), runbooks (md), source and config files (py, ts, .env),
 * JSON and XML exports, an HTML page. Each value is reported at the line where it starts.
 */
import type { Rng } from '../random.js';
import { type Topic, SLOTS, fill, paragraph, title } from '../text.js';
import { FIRST_NAMES, LAST_NAMES } from '../values.js';
import { Draft, type FileDraft, Lines } from './draft.js';
import { type PlantContext, ENV_KINDS, PII_KINDS, decoyLine, drawValue, labelFor, plantLine, spanOf } from './plant-text.js';

const person = (rng: Rng): string => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;

/** Meeting notes: paragraphs, action items, values as labelled lines (private keys included). */
export function notes(rng: Rng, topic: Topic, ctx: PlantContext, name?: string): FileDraft {
  const heading = title(rng, topic);
  const l = new Lines(new Draft('txt', name ?? rng.pick(['meeting-notes.txt', 'call-notes.txt', 'handover.txt', 'notes.txt'])));
  l.add(heading);
  l.add(`Attendees: ${person(rng)}, ${person(rng)}, ${person(rng)}`);
  l.add('');
  for (let i = rng.int(2, 4); i > 0; i--) {
    l.add(paragraph(rng, topic));
    l.add('');
    if (rng.chance(0.6)) {
      const f = plantLine(rng, 'text', ctx);
      l.add(f.text, f.spans);
      l.add('');
    }
  }
  const decoy = rng.chance(0.3) ? decoyLine(rng, 'line') : null;
  if (decoy) l.add(decoy.text, decoy.spans);
  l.add(`Action items: ${rng.pick(FIRST_NAMES)} to follow up by ${rng.pick(SLOTS.weekday as string[])}.`);
  return l.finish();
}

export function markdown(rng: Rng, topic: Topic, ctx: PlantContext): FileDraft {
  const l = new Lines(new Draft('md', rng.pick(['runbook.md', 'README.md', 'deploy-guide.md', 'onboarding.md'])));
  l.add(`# ${fill(rng, 'Runbook for {product}')}`);
  l.add('');
  l.add(paragraph(rng, topic));
  l.add('');
  l.add('## Configuration');
  l.add('');
  l.add('```sh');
  for (let i = rng.int(1, 3); i > 0; i--) {
    const f = plantLine(rng, 'line', ctx, { prefix: 'export ', kinds: ENV_KINDS });
    l.add(f.text, f.spans);
  }
  l.add('```');
  l.add('');
  l.add('## Contacts');
  l.add('');
  const f = plantLine(rng, 'line', ctx, { prefix: `- On call (${person(rng)}): `, kinds: PII_KINDS });
  l.add(f.text, f.spans);
  const decoy = rng.chance(0.3) ? decoyLine(rng, 'line') : null;
  if (decoy) l.add(`- ${decoy.text}`, decoy.spans.map((s) => ({ ...s, start: s.start + 2, end: s.end + 2 })));
  return l.finish();
}

/** Source and config files: settings.py, config.ts or a .env file with credentials in it. */
export function code(rng: Rng, ctx: PlantContext): FileDraft {
  const style = rng.pick(['py', 'ts', 'env'] as const);
  const name = style === 'py' ? 'settings.py' : style === 'ts' ? 'config.ts' : rng.pick(['.env', 'production.env', 'app.env']);
  const l = new Lines(new Draft('code', name));
  const comment = style === 'ts' ? '//' : '#';
  l.add(`${comment} ${fill(rng, 'Settings for {product}, owned by the {team} team')}`);
  if (style === 'py') l.add('import os');
  if (style === 'ts') l.add('export const config = {');
  const n = rng.int(2, 4);
  for (let i = 0; i < n; i++) {
    const piece = drawValue(rng, 'line', ctx, ENV_KINDS);
    const key = labelFor(rng, piece.kind).label;
    const head = style === 'py' ? `${key} = "` : style === 'ts' ? `  ${key.toLowerCase()}: '` : `${key}=`;
    const tail = style === 'py' ? '"' : style === 'ts' ? "'," : '';
    const start = head.length + piece.before.length;
    l.add(head + piece.before + piece.value + piece.after + tail, [spanOf(piece, start)]);
    if (rng.chance(0.4)) l.add(style === 'py' ? 'DEBUG = False' : style === 'ts' ? '  debug: false,' : 'LOG_LEVEL=info');
  }
  if (style === 'ts') l.add('};');
  return l.finish();
}

/** A CRM export: the builder writes each item as one string of a JSON array. */
export function json(rng: Rng, ctx: PlantContext): FileDraft {
  const l = new Lines(new Draft('json', rng.pick(['customers.json', 'crm-export.json', 'contacts.json'])));
  l.add(`exported by ${person(rng)} from ${rng.pick(SLOTS.company as string[])} CRM`);
  for (let i = rng.int(2, 5); i > 0; i--) {
    l.add(`customer: ${person(rng)}, ${rng.pick(SLOTS.company as string[])}, ${rng.pick(SLOTS.city as string[])}`);
    if (rng.chance(0.6)) {
      const f = plantLine(rng, 'json', ctx, { kinds: PII_KINDS });
      l.add(f.text, f.spans);
    }
  }
  return l.finish();
}

/** A vendor directory: one XML element per item. */
export function xml(rng: Rng, ctx: PlantContext): FileDraft {
  const l = new Lines(new Draft('xml', rng.pick(['vendors.xml', 'payees.xml', 'directory.xml'])));
  for (let i = rng.int(2, 4); i > 0; i--) {
    l.add(`vendor: ${rng.pick(SLOTS.company as string[])} in ${rng.pick(SLOTS.city as string[])}`);
    const f = plantLine(rng, 'markup', ctx, { kinds: PII_KINDS });
    l.add(f.text, f.spans);
  }
  return l.finish();
}

/** An intranet page: one paragraph per item. */
export function html(rng: Rng, topic: Topic, ctx: PlantContext): FileDraft {
  const l = new Lines(new Draft('html', rng.pick(['intranet-page.html', 'team-wiki.html', 'status-page.html'])));
  l.add(title(rng, topic));
  l.add(paragraph(rng, topic));
  for (let i = rng.int(1, 2); i > 0; i--) {
    const f = plantLine(rng, 'markup', ctx);
    l.add(f.text, f.spans);
  }
  const decoy = rng.chance(0.3) ? decoyLine(rng, 'markup') : null;
  if (decoy) l.add(decoy.text, decoy.spans);
  l.add(paragraph(rng, topic));
  return l.finish();
}
