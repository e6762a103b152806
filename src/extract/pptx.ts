/**
 * PPTX: one segment per slide in presentation order ({slide: n}, a newline per paragraph) and
 * its speaker notes ({slide: n, part: 'notes'}). Placeholders that only repeat the slide
 * number, date or slide image are skipped.
 */
import type { Ctx, Ev } from './context.js';
import { relsOf } from './ooxml-rels.js';
import { withPackage, type Package } from './package.js';
import type { Source } from './source.js';
import { walkXml } from './xml.js';

export function extractPptx(src: Source, ctx: Ctx): AsyncGenerator<Ev> {
  return withPackage(src, ctx, 'pptx', (pkg) => slides(pkg));
}

async function* slides(pkg: Package): AsyncGenerator<Ev> {
  const order = await slideOrder(pkg);
  for (const [i, part] of order.entries()) {
    const slide = i + 1;
    const xml = await pkg.text(part);
    const text = xml === undefined ? '' : drawingText(xml);
    if (text.trim()) yield { type: 'segment', segment: { location: { slide }, text } };
    const notes = (await relsOf(pkg, part)).find((r) => r.type.endsWith('/notesSlide'));
    const notesXml = notes ? await pkg.text(notes.target) : undefined;
    const notesText = notesXml === undefined ? '' : drawingText(notesXml);
    if (notesText.trim()) yield { type: 'segment', segment: { location: { slide, part: 'notes' }, text: notesText } };
  }
}

/** Slide parts in the order of `p:sldIdLst`; without it, ppt/slides/slideN.xml by N. */
async function slideOrder(pkg: Package): Promise<string[]> {
  const xml = await pkg.text('ppt/presentation.xml');
  const ids: string[] = [];
  if (xml !== undefined) walkXml(xml, { open(name, a) { if (name === 'p:sldId' && a['r:id']) ids.push(a['r:id']); } });
  const rels = new Map((await relsOf(pkg, 'ppt/presentation.xml')).map((r) => [r.id, r.target]));
  const ordered = ids.map((id) => rels.get(id)).filter((t): t is string => t !== undefined && pkg.names.includes(t));
  if (ordered.length) return ordered;
  const num = (n: string): number => Number(/(\d+)\.xml$/.exec(n)?.[1] ?? 0);
  return pkg.names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => num(a) - num(b));
}

const SKIP_PLACEHOLDERS = new Set(['sldNum', 'sldImg', 'dt']);

/** `a:t` texts of a slide or notes part, a newline per paragraph, skipping shapes that are number/date/image placeholders. */
export function drawingText(xml: string): string {
  let out = '';
  let shape = '';
  let inShape = 0;
  let skip = false;
  let inText = false;
  walkXml(xml, {
    open(name, a) {
      if (name === 'p:sp') { if (inShape++ === 0) { shape = ''; skip = false; } }
      else if (name === 'p:ph' && a.type && SKIP_PLACEHOLDERS.has(a.type)) skip = true;
      else if (name === 'a:t') inText = true;
      else if (name === 'a:br') shape += '\n';
      else if (name === 'a:tab') shape += '\t';
    },
    close(name) {
      if (name === 'a:t') inText = false;
      else if (name === 'a:p') shape += '\n';
      else if (name === 'a:tc') shape = shape.replace(/\n$/, '') + '\t';
      else if (name === 'p:sp' && --inShape === 0) { if (!skip) out += shape; shape = ''; }
      if (name === 'p:graphicFrame' && inShape === 0) { out += shape; shape = ''; }
    },
    text(t) {
      if (inText) shape += t;
    },
  });
  return (out + shape).replace(/\n+$/, '\n');
}
