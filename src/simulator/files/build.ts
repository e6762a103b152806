/**
 * Builds the simulator's files with the real library of each format, so that extraction is
 * tested against what those libraries actually write. Every segment of a FileSpec is placed at
 * its location; extracting the result gives the text back there (see spec.ts).
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { CommentRangeEnd, CommentRangeStart, CommentReference, Document, Footer, FootnoteReferenceRun, Header, Packer, Paragraph, TextRun } from 'docx';
import type Mail from 'nodemailer/lib/mailer/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import officeCrypto from 'officecrypto-tool';
import PDFDocument from 'pdfkit';
import PptxGenJSModule from 'pptxgenjs';
import { buildOds, buildOdt } from './build-odf.js';
import { collectZip, FIXED_DATE, newZip } from './build-zip.js';
import { png } from './build-png.js';
import type { FileSpec } from './spec.js';

type Seg = FileSpec['segments'][number];

// pptxgenjs's types describe a CommonJS default export; under ESM the default import is the class itself.
const PptxGenJS = PptxGenJSModule as unknown as typeof PptxGenJSModule.default;

export async function buildFile(spec: FileSpec): Promise<Buffer> {
  if (spec.type === 'pdf') return buildPdf(spec.segments, spec.password);
  const buf = await buildPlain(spec);
  if (spec.password === undefined) return buf;
  if (spec.type !== 'docx' && spec.type !== 'xlsx') throw new Error(`buildFile: ${spec.type} cannot be built encrypted`);
  return officeCrypto.encrypt(buf, { password: spec.password });
}

async function buildPlain(spec: FileSpec): Promise<Buffer> {
  switch (spec.type) {
    case 'pdf': return buildPdf(spec.segments);
    case 'docx': return buildDocx(spec.segments);
    case 'xlsx': return buildXlsx(spec.segments);
    case 'csv': return Buffer.from(stringify(grid(spec.segments)), 'utf8');
    case 'pptx': return buildPptx(spec.segments);
    case 'odt': return buildOdt(spec.segments);
    case 'ods': return buildOds(spec.segments);
    case 'txt': case 'md': case 'code': return Buffer.from(byLine(spec.segments), 'utf8');
    case 'json': return Buffer.from(JSON.stringify({ items: spec.segments.map((s) => s.text) }, null, 2) + '\n', 'utf8');
    case 'xml': return Buffer.from(buildXml(spec.segments), 'utf8');
    case 'html': return Buffer.from(buildHtml(spec.segments), 'utf8');
    case 'eml': return buildEml(spec);
    case 'zip': return buildZip(spec);
    case 'png': return png();
  }
}

/** Text placed at its `line` (gaps filled with empty lines); segments without a line follow in order. */
function byLine(segments: Seg[]): string {
  const lines: string[] = [];
  for (const s of segments) {
    const at = s.location.line;
    if (at !== undefined) while (lines.length < at - 1) lines.push('');
    lines.push(...s.text.split('\n'));
  }
  return lines.join('\n') + '\n';
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function buildXml(segments: Seg[]): string {
  const items = segments.map((s) => `  <item>${escapeXml(s.text)}</item>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<items>\n${items}\n</items>\n`;
}

function buildHtml(segments: Seg[]): string {
  const ps = segments.map((s) => `<p>${escapeXml(s.text)}</p>`).join('\n');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Export</title></head>\n<body>\n${ps}\n</body></html>\n`;
}

/** A1 address -> zero-based [row, col]. */
export function parseA1(addr: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(addr.toUpperCase());
  if (!m) throw new Error(`buildFile: bad cell address ${addr}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]) - 1, col - 1];
}

/** Cells at their A1 addresses as a dense grid; segments without a cell go to new rows below. */
export function grid(segments: Seg[]): string[][] {
  const rows: string[][] = [];
  const put = (r: number, c: number, text: string): void => {
    while (rows.length <= r) rows.push([]);
    const row = rows[r]!;
    while (row.length <= c) row.push('');
    row[c] = text;
  };
  for (const s of segments.filter((x) => x.location.cell !== undefined)) put(...parseA1(s.location.cell!), s.text);
  for (const s of segments.filter((x) => x.location.cell === undefined)) put(rows.length, 0, s.text);
  return rows;
}

function pagesOf<K extends 'page' | 'slide'>(segments: Seg[], key: K): Seg[][] {
  const max = Math.max(1, ...segments.map((s) => s.location[key] ?? 1));
  const pages: Seg[][] = Array.from({ length: max }, () => []);
  for (const s of segments) pages[(s.location[key] ?? 1) - 1]!.push(s);
  return pages;
}

/** `password`: a PDF that opens only with it (standard security handler, AES-256). */
function buildPdf(segments: Seg[], password?: string): Promise<Buffer> {
  const security = password === undefined ? {} : { userPassword: password, ownerPassword: password, pdfVersion: '1.7ext3' as const };
  const doc = new PDFDocument({ ...security, autoFirstPage: false, compress: true, info: { CreationDate: FIXED_DATE, ModDate: FIXED_DATE, Producer: 'leakwatch-sim', Creator: 'leakwatch-sim' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const page of pagesOf(segments, 'page')) {
    doc.addPage({ size: 'A4', margin: 20 });
    doc.font('Helvetica').fontSize(7);
    let y = 30;
    for (const s of page) {
      // One drawn line per text line, never wrapped: a value is never split across lines.
      for (const line of s.text.split('\n')) {
        doc.text(line, 20, y, { lineBreak: false });
        y += 10;
      }
      y += 6;
    }
  }
  doc.end();
  return done;
}

/** Parts 'body', 'header', 'footer', and 'footnotes' / 'comments' (each anchored to an extra body paragraph). */
async function buildDocx(segments: Seg[]): Promise<Buffer> {
  const lines = (part: string): string[] => segments.filter((s) => (s.location.part ?? 'body') === part).flatMap((s) => s.text.split('\n'));
  const paras = (part: string): Paragraph[] => lines(part).map((line) => new Paragraph({ children: [new TextRun(line)] }));
  const header = paras('header');
  const footer = paras('footer');
  const footnotes = lines('footnotes');
  const comments = lines('comments');
  const anchors = [
    ...footnotes.map((_, i) => new Paragraph({ children: [new TextRun(`See note ${i + 1}`), new FootnoteReferenceRun(i + 1)] })),
    ...comments.map((_, i) => new Paragraph({ children: [new CommentRangeStart(i), new TextRun(`Reviewed ${i + 1}`), new CommentRangeEnd(i), new TextRun({ children: [new CommentReference(i)] })] })),
  ];
  const doc = new Document({
    creator: 'leakwatch-sim', lastModifiedBy: 'leakwatch-sim', title: 'Export', revision: 1,
    footnotes: Object.fromEntries(footnotes.map((line, i) => [String(i + 1), { children: [new Paragraph(line)] }])),
    comments: { children: comments.map((line, id) => ({ id, author: 'leakwatch-sim', date: FIXED_DATE, children: [new Paragraph(line)] })) },
    sections: [{
      ...(header.length ? { headers: { default: new Header({ children: header }) } } : {}),
      ...(footer.length ? { footers: { default: new Footer({ children: footer }) } } : {}),
      children: [...paras('body'), ...anchors],
    }],
  });
  return Packer.toBuffer(doc);
}

async function buildXlsx(segments: Seg[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'leakwatch-sim';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const sheets = new Map<string, ExcelJS.Worksheet>();
  for (const s of segments) {
    const name = s.location.sheet ?? 'Sheet1';
    let ws = sheets.get(name);
    if (!ws) sheets.set(name, (ws = wb.addWorksheet(name)));
    const addr = s.location.cell ?? `A${ws.rowCount + 1}`;
    // Strings, always: a number-looking value written as a number would come back reformatted.
    ws.getCell(addr).value = s.text;
  }
  if (sheets.size === 0) wb.addWorksheet('Sheet1');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function buildPptx(segments: Seg[]): Promise<Buffer> {
  const pres = new PptxGenJS();
  pres.author = 'leakwatch-sim';
  pres.title = 'Export';
  for (const page of pagesOf(segments, 'slide')) {
    const slide = pres.addSlide();
    let y = 0.3;
    for (const s of page.filter((x) => x.location.part !== 'notes')) {
      slide.addText(s.text, { x: 0.3, y, w: 9.4, h: 0.6, fontSize: 12 });
      y += 0.7;
    }
    const notes = page.filter((x) => x.location.part === 'notes').map((x) => x.text);
    if (notes.length) slide.addNotes(notes.join('\n'));
  }
  const out = await pres.write({ outputType: 'nodebuffer', compression: true });
  return Buffer.from(out as Uint8Array);
}

async function buildEml(spec: FileSpec): Promise<Buffer> {
  const subject = spec.segments.filter((s) => s.location.part === 'subject').map((s) => s.text).join(' ');
  const body = spec.segments.filter((s) => s.location.part !== 'subject').map((s) => s.text).join('\n\n');
  const attachments = await Promise.all((spec.children ?? []).map(async (c) => ({ filename: c.name, content: await buildFile(c) })));
  const options: Mail.Options & { baseBoundary: string } = {
    // MailComposer takes a fixed base for its multipart boundaries (untyped): the same bytes each build.
    baseBoundary: 'leakwatch-sim',
    from: 'Alex Sender <alex.sender@example.com>',
    to: 'Robin Receiver <robin.receiver@example.org>',
    subject: subject || 'Export',
    text: body + '\n',
    date: FIXED_DATE,
    messageId: '<sim-0001@leakwatch.example>',
    attachments,
  };
  return new MailComposer(options).compile().build();
}

async function buildZip(spec: FileSpec): Promise<Buffer> {
  const zip = newZip();
  const out = collectZip(zip);
  for (const c of spec.children ?? []) zip.addBuffer(await buildFile(c), c.name, { mtime: FIXED_DATE });
  zip.end();
  return out;
}
