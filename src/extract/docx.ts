/**
 * DOCX: the body as one segment ({part:'body'}): paragraphs end with a newline, table cells
 * with a tab and rows with a newline. Headers, footers, footnotes, endnotes and comments are
 * segments of their own part.
 */
import type { Ctx, Ev } from './context.js';
import { withPackage, type Package } from './package.js';
import type { Source } from './source.js';
import { walkXml } from './xml.js';

const PARTS: { part: string; match: RegExp }[] = [
  { part: 'body', match: /^word\/document\.xml$/ },
  { part: 'header', match: /^word\/header\d*\.xml$/ },
  { part: 'footer', match: /^word\/footer\d*\.xml$/ },
  { part: 'footnotes', match: /^word\/footnotes\.xml$/ },
  { part: 'endnotes', match: /^word\/endnotes\.xml$/ },
  { part: 'comments', match: /^word\/comments\.xml$/ },
];

export function extractDocx(src: Source, ctx: Ctx): AsyncGenerator<Ev> {
  return withPackage(src, ctx, 'docx', (pkg) => parts(pkg));
}

async function* parts(pkg: Package): AsyncGenerator<Ev> {
  const byNumber = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  for (const { part, match } of PARTS) {
    for (const name of pkg.names.filter((n) => match.test(n)).sort(byNumber)) {
      const xml = await pkg.text(name);
      const text = xml === undefined ? '' : wordText(xml);
      if (text.trim()) yield { type: 'segment', segment: { location: { part }, text } };
    }
  }
}

/** The visible text of a WordprocessingML part. Deleted text (w:delText) and field codes (w:instrText) are not read. */
export function wordText(xml: string): string {
  let out = '';
  let inText = false;
  let cellDepth = 0;
  walkXml(xml, {
    open(name) {
      if (name === 'w:t') inText = true;
      else if (name === 'w:tab') out += '\t';
      else if (name === 'w:br' || name === 'w:cr') out += '\n';
      else if (name === 'w:tc') cellDepth++;
    },
    close(name) {
      if (name === 'w:t') inText = false;
      else if (name === 'w:p') out += cellDepth > 0 ? ' ' : '\n';
      else if (name === 'w:tc') { cellDepth--; out = out.replace(/ $/, '') + '\t'; }
      else if (name === 'w:tr') out = out.replace(/\t$/, '') + '\n';
    },
    text(t) {
      if (inText) out += t;
    },
  });
  return out;
}
