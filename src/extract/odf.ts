/**
 * OpenDocument: ODT paragraphs of content.xml ({part:'body'}) and the master pages' headers and
 * footers of styles.xml; ODS rows like XLSX ({sheet}, cells with A1 addresses, repeated rows
 * and columns honoured without expanding empty runs); ODP one segment per draw:page ({slide})
 * and its notes ({slide, part:'notes'}).
 */
import type { Ctx, Ev } from './context.js';
import { rowSegment } from './cells.js';
import { withPackage, type Package } from './package.js';
import type { Source } from './source.js';
import type { TextSegment } from './types.js';
import { walkXml } from './xml.js';

/** A non-empty repeated row or cell is written out at most this many times (real files repeat empty ones). */
const MAX_REPEAT = 1000;

export function extractOdf(src: Source, ctx: Ctx, kind: 'odt' | 'ods' | 'odp'): AsyncGenerator<Ev> {
  return withPackage(src, ctx, kind, async function* (pkg) {
    const content = (await pkg.text('content.xml')) ?? '';
    const segments = kind === 'ods' ? sheetRows(content) : kind === 'odp' ? slides(content) : await textDoc(content, pkg);
    for (const segment of segments) yield { type: 'segment', segment };
  });
}

/** Collects the text of `text:p`/`text:h` paragraphs (tabs, line breaks and `text:s` spaces included). */
class Paragraphs {
  out = '';
  private depth = 0;
  open(name: string, a: Record<string, string>): void {
    if (name === 'text:p' || name === 'text:h') this.depth++;
    else if (this.depth && name === 'text:tab') this.out += '\t';
    else if (this.depth && name === 'text:line-break') this.out += '\n';
    else if (this.depth && name === 'text:s') this.out += ' '.repeat(Math.min(Number(a['text:c'] ?? 1) || 1, 1000));
  }
  close(name: string): void {
    if ((name === 'text:p' || name === 'text:h') && this.depth) { this.depth--; if (!this.depth) this.out += '\n'; }
  }
  text(t: string): void {
    if (this.depth) this.out += t;
  }
  take(): string {
    const s = this.out;
    this.out = '';
    return s;
  }
}

async function textDoc(content: string, pkg: Package): Promise<TextSegment[]> {
  const segments: TextSegment[] = [];
  const body = new Paragraphs();
  walkXml(content, body);
  if (body.out.trim()) segments.push({ location: { part: 'body' }, text: body.out });
  const styles = await pkg.text('styles.xml');
  if (styles === undefined) return segments;
  const parts: Record<string, Paragraphs> = { header: new Paragraphs(), footer: new Paragraphs() };
  let current: Paragraphs | undefined;
  walkXml(styles, {
    open(name, a) {
      if (/^style:(header|footer)(-left|-first)?$/.test(name)) current = parts[name.includes('header') ? 'header' : 'footer'];
      current?.open(name, a);
    },
    close(name) {
      current?.close(name);
      if (/^style:(header|footer)(-left|-first)?$/.test(name)) current = undefined;
    },
    text: (t) => current?.text(t),
  });
  for (const [part, p] of Object.entries(parts)) if (p.out.trim()) segments.push({ location: { part }, text: p.out });
  return segments;
}

function sheetRows(content: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let sheet = '';
  let row = 0;
  let rowRepeat = 1;
  let col = 0;
  let colRepeat = 1;
  let cells: { col: number; text: string }[] = [];
  const para = new Paragraphs();
  let inCell = false;
  walkXml(content, {
    open(name, a) {
      if (name === 'table:table') { sheet = a['table:name'] ?? ''; row = 0; }
      else if (name === 'table:table-row') { rowRepeat = Math.max(1, Number(a['table:number-rows-repeated'] ?? 1) || 1); col = 0; cells = []; }
      else if (name === 'table:table-cell' || name === 'table:covered-table-cell') {
        colRepeat = Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1);
        inCell = true;
        para.take();
      } else if (inCell) para.open(name, a);
    },
    close(name) {
      if (name === 'table:table-cell' || name === 'table:covered-table-cell') {
        const text = para.take().replace(/\n$/, '');
        if (text) for (let i = 0; i < Math.min(colRepeat, MAX_REPEAT); i++) cells.push({ col: col + i, text });
        col += colRepeat;
        inCell = false;
      } else if (name === 'table:table-row') {
        const times = cells.length ? Math.min(rowRepeat, MAX_REPEAT) : 0;
        for (let i = 0; i < times; i++) {
          const seg = rowSegment({ sheet }, row + 1 + i, cells);
          if (seg) segments.push(seg);
        }
        row += rowRepeat;
      } else if (inCell) para.close(name);
    },
    text(t) {
      if (inCell) para.text(t);
    },
  });
  return segments;
}

function slides(content: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let slide = 0;
  let inNotes = false;
  const page = new Paragraphs();
  const notes = new Paragraphs();
  walkXml(content, {
    open(name, a) {
      if (name === 'draw:page') { slide++; page.take(); notes.take(); }
      else if (name === 'presentation:notes') inNotes = true;
      else (inNotes ? notes : page).open(name, a);
    },
    close(name) {
      if (name === 'presentation:notes') inNotes = false;
      else if (name === 'draw:page') {
        const text = page.take();
        if (text.trim()) segments.push({ location: { slide }, text });
        const n = notes.take();
        if (n.trim()) segments.push({ location: { slide, part: 'notes' }, text: n });
      } else (inNotes ? notes : page).close(name);
    },
    text: (t) => (inNotes ? notes : page).text(t),
  });
  return segments;
}
