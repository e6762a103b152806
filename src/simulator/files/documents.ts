/**
 * Office-style documents: contracts and invoices as PDF, memos as DOCX/ODT (with values in the
 * header and footer too), review decks as PPTX (with values in speaker notes). One paragraph per
 * segment; PDF values are short enough that no line wraps inside them.
 */
import type { Rng } from '../random.js';
import type { Fragment } from '../plants.js';
import { type Topic, SLOTS, fill, paragraph, title } from '../text.js';
import { FIRST_NAMES, LAST_NAMES } from '../values.js';
import { Draft, type FileDraft } from './draft.js';
import { type PlantContext, PII_KINDS, decoyLine, plantLine } from './plant-text.js';

const PDF_KINDS = [
  ['contract', ['Master services agreement with {company}', 'Statement of work for {product}', 'Data processing addendum']],
  ['invoice', ['Invoice for {month} services', 'Remittance advice from {company}', 'Expense report for the {city} trip']],
  ['report', ['Incident report: {product} outage', 'Vendor security review of {company}', '{quarter} board summary']],
] as const;

const DOCX_TITLES = ['Onboarding memo for the {team} team', 'Offer letter draft', 'Meeting minutes: {product} steering group', 'Customer escalation summary for {company}', 'Travel approval for the {city} offsite'];
const SLIDE_TITLES = ['{quarter} business review', 'Customer escalations this month', 'Roadmap for {product}', 'Hiring plan for {team}', 'Open risks and decisions'];
const BULLETS = ['Revenue on plan, churn slightly above target', 'Two escalations closed, one still open', 'Migration to {product} finished in {month}', 'Hiring: three roles open on the {team} team', 'Next review in {month} with {company}', 'Budget request approved for the {city} event'];

const person = (rng: Rng): string => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;

/** A few filler paragraphs and 1-3 values (maybe one decoy), shuffled into one list. */
function body(rng: Rng, topic: Topic, ctx: PlantContext, fit: 'pdf' | 'line', n: number): (string | Fragment)[] {
  const out: (string | Fragment)[] = [];
  for (let i = 0; i < n; i++) out.push(paragraph(rng, topic));
  const values = rng.int(1, 3);
  for (let i = 0; i < values; i++) out.splice(rng.int(0, out.length), 0, plantLine(rng, fit, ctx));
  const decoy = rng.chance(0.3) ? decoyLine(rng, fit) : null;
  if (decoy) out.splice(rng.int(0, out.length), 0, decoy);
  return out;
}

export function pdf(rng: Rng, topic: Topic, ctx: PlantContext): FileDraft {
  const [kind, titles] = rng.pick(PDF_KINDS);
  const heading = fill(rng, rng.pick(titles));
  const d = new Draft('pdf', `${kind}-${heading.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}.pdf`);
  const pages = rng.int(1, 3);
  for (let page = 1; page <= pages; page++) {
    d.text({ page }, page === 1 ? heading : `${heading} (continued)`);
    for (const p of body(rng, topic, ctx, 'pdf', rng.int(1, 3))) {
      if (typeof p === 'string') d.text({ page }, p);
      else d.text({ page }, p.text, p.spans);
    }
  }
  return d.done();
}

/** DOCX or ODT: body paragraphs, a header and a footer (parts 'body', 'header', 'footer'). */
export function wordDocument(rng: Rng, type: 'docx' | 'odt', topic: Topic, ctx: PlantContext): FileDraft {
  const heading = fill(rng, rng.pick(DOCX_TITLES));
  const d = new Draft(type, `${heading.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}.${type}`);
  const company = rng.pick(SLOTS.company as string[]);
  if (rng.chance(0.3)) {
    const f = plantLine(rng, 'line', ctx, { prefix: `${company}, confidential. `, kinds: PII_KINDS });
    d.text({ part: 'header' }, f.text, f.spans);
  } else {
    d.text({ part: 'header' }, `${company}, confidential`);
  }
  d.text({ part: 'body' }, heading);
  for (const p of body(rng, topic, ctx, 'line', rng.int(2, 5))) {
    if (typeof p === 'string') d.text({ part: 'body' }, p);
    else d.text({ part: 'body' }, p.text, p.spans);
  }
  if (rng.chance(0.4)) {
    const f = plantLine(rng, 'line', ctx, { prefix: `Prepared by ${person(rng)}. `, kinds: PII_KINDS });
    d.text({ part: 'footer' }, f.text, f.spans);
  } else {
    d.text({ part: 'footer' }, `Prepared by ${person(rng)} for the ${rng.pick(SLOTS.team as string[])} team`);
  }
  return d.done();
}

export function slides(rng: Rng, topic: Topic, ctx: PlantContext): FileDraft {
  const d = new Draft('pptx', `${title(rng, topic).toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}.pptx`);
  const n = rng.int(3, 5);
  const valueSlides = new Set([rng.int(2, n), rng.int(1, n)]);
  for (let slide = 1; slide <= n; slide++) {
    d.text({ slide }, fill(rng, rng.pick(SLIDE_TITLES)));
    for (let b = rng.int(2, 4); b > 0; b--) d.text({ slide }, fill(rng, rng.pick(BULLETS)));
    if (!valueSlides.has(slide)) continue;
    if (rng.chance(0.5)) {
      const f = plantLine(rng, 'line', ctx);
      d.text({ slide }, f.text, f.spans);
    } else {
      const f = plantLine(rng, 'line', ctx, { prefix: 'Speaker notes: follow up afterwards. ' });
      d.text({ slide, part: 'notes' }, f.text, f.spans);
    }
  }
  return d.done();
}
