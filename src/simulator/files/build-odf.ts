/**
 * Minimal but valid OpenDocument packages (ODT, ODS) written with yazl: `mimetype` first and
 * stored, then the manifest, `content.xml` and (ODT header/footer) `styles.xml`.
 */
import { grid } from './build.js';
import { collectZip, FIXED_DATE, newZip } from './build-zip.js';
import type { FileSpec } from './spec.js';

type Seg = FileSpec['segments'][number];

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:xsl-formatting-objects:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"',
].join(' ');

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const paragraphs = (texts: string[]): string =>
  texts.flatMap((t) => t.split('\n')).map((line) => `<text:p>${esc(line)}</text:p>`).join('');

async function pack(mime: string, content: string, styles?: string): Promise<Buffer> {
  const zip = newZip();
  const out = collectZip(zip);
  zip.addBuffer(Buffer.from(mime, 'ascii'), 'mimetype', { compress: false, mtime: FIXED_DATE });
  const files = ['content.xml', ...(styles ? ['styles.xml'] : [])];
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest ${NS} manifest:version="1.2">`
    + `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mime}"/>`
    + files.map((f) => `<manifest:file-entry manifest:full-path="${f}" manifest:media-type="text/xml"/>`).join('')
    + '</manifest:manifest>';
  zip.addBuffer(Buffer.from(manifest, 'utf8'), 'META-INF/manifest.xml', { mtime: FIXED_DATE });
  zip.addBuffer(Buffer.from(content, 'utf8'), 'content.xml', { mtime: FIXED_DATE });
  if (styles) zip.addBuffer(Buffer.from(styles, 'utf8'), 'styles.xml', { mtime: FIXED_DATE });
  zip.end();
  return out;
}

const doc = (root: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<office:${root} ${NS} office:version="1.2">${body}</office:${root}>`;

export function buildOdt(segments: Seg[]): Promise<Buffer> {
  const of = (part: string): string[] => segments.filter((s) => (s.location.part ?? 'body') === part).map((s) => s.text);
  const content = doc('document-content', `<office:body><office:text>${paragraphs(of('body'))}</office:text></office:body>`);
  const header = of('header');
  const footer = of('footer');
  const styles = header.length || footer.length
    ? doc('document-styles', '<office:master-styles><style:master-page style:name="Standard">'
      + (header.length ? `<style:header>${paragraphs(header)}</style:header>` : '')
      + (footer.length ? `<style:footer>${paragraphs(footer)}</style:footer>` : '')
      + '</style:master-page></office:master-styles>')
    : undefined;
  return pack('application/vnd.oasis.opendocument.text', content, styles);
}

/** One table per sheet; runs of empty cells and rows use the repeat attributes, as office suites write them. */
export function buildOds(segments: Seg[]): Promise<Buffer> {
  const sheets = new Map<string, Seg[]>();
  for (const s of segments) {
    const name = s.location.sheet ?? 'Sheet1';
    sheets.set(name, [...(sheets.get(name) ?? []), s]);
  }
  if (sheets.size === 0) sheets.set('Sheet1', []);
  const tables = [...sheets].map(([name, segs]) => {
    const rows = grid(segs);
    let xml = '';
    let emptyRows = 0;
    const flushRows = (): void => {
      if (emptyRows) xml += `<table:table-row table:number-rows-repeated="${emptyRows}"><table:table-cell/></table:table-row>`;
      emptyRows = 0;
    };
    for (const row of rows) {
      if (row.every((c) => c === '')) { emptyRows++; continue; }
      flushRows();
      xml += '<table:table-row>';
      let empty = 0;
      for (const cell of row) {
        if (cell === '') { empty++; continue; }
        if (empty) xml += `<table:table-cell table:number-columns-repeated="${empty}"/>`;
        empty = 0;
        xml += `<table:table-cell office:value-type="string">${paragraphs([cell])}</table:table-cell>`;
      }
      xml += '</table:table-row>';
    }
    // Office suites end a sheet with a huge repeated empty row; readers must not expand it.
    xml += '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>';
    return `<table:table table:name="${esc(name)}">${xml}</table:table>`;
  }).join('');
  const content = doc('document-content', `<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body>`);
  return pack('application/vnd.oasis.opendocument.spreadsheet', content);
}

/**
 * ODP (not a SimFileType yet; used by the extraction tests): a draw:page per `slide`, its text in
 * a text box, `part: 'notes'` in the page's presentation:notes.
 */
export function buildOdp(segments: Seg[]): Promise<Buffer> {
  const max = Math.max(1, ...segments.map((s) => s.location.slide ?? 1));
  const box = (texts: string[]): string =>
    `<draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box>${paragraphs(texts)}</draw:text-box></draw:frame>`;
  let pages = '';
  for (let n = 1; n <= max; n++) {
    const on = segments.filter((s) => (s.location.slide ?? 1) === n);
    const notes = on.filter((s) => s.location.part === 'notes').map((s) => s.text);
    pages += `<draw:page draw:name="page${n}">${box(on.filter((s) => s.location.part !== 'notes').map((s) => s.text))}`
      + (notes.length ? `<presentation:notes>${box(notes)}</presentation:notes>` : '') + '</draw:page>';
  }
  const content = doc('document-content', `<office:body><office:presentation>${pages}</office:presentation></office:body>`);
  return pack('application/vnd.oasis.opendocument.presentation', content);
}
