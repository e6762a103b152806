/**
 * What a file download sends: the Content-Type of each type, and the recipe for its bytes
 * (built from the spec, or broken on purpose). The huge CSV is streamed elsewhere, never built.
 */
import type { FileContent } from '../types.js';
import type { SimFileType } from './spec.js';

/**
 * The builders (pdfkit, docx, exceljs, pptxgenjs, nodemailer...) load on the first download, not
 * with the simulator: importing them costs about 0.8 s and 100 MB, which every leakwatch command
 * would otherwise pay through the CLI's imports.
 */
const builders = async (): Promise<typeof import('./build.js') & typeof import('./broken.js')> => ({
  ...(await import('./build.js')),
  ...(await import('./broken.js')),
});

const CONTENT_TYPES: Record<SimFileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  code: 'text/plain; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html; charset=utf-8',
  eml: 'message/rfc822',
  zip: 'application/zip',
  png: 'image/png',
};

export function contentType(c: FileContent): string {
  return CONTENT_TYPES[c.spec.type];
}

export async function fileBytes(c: FileContent): Promise<Buffer> {
  const { buildFile, truncate, zipBomb } = await builders();
  switch (c.broken) {
    case 'zip-bomb': return zipBomb();
    case 'truncated-pdf': return truncate(await buildFile(c.spec));
    case 'huge-csv': throw new Error('the huge CSV is streamed, not built');
    // encrypted-docx (spec.password set) and image (a png spec) are built like any file.
    default: return buildFile(c.spec);
  }
}
