/**
 * PDF with pdfjs-dist's legacy build (its one owner module), in-process: one segment per page
 * ({page: n}), text items joined by a space, a newline where an item ends a line. A password
 * is FILE_ENCRYPTED, anything pdfjs cannot read FILE_CORRUPT. The document is always destroyed.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Ev } from './context.js';
import { ExtractError } from './error.js';

export async function* extractPdf(data: Buffer): AsyncGenerator<Ev> {
  const task = getDocument({
    // pdfjs takes ownership of (and may detach) the array: give it a copy.
    data: new Uint8Array(data),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: false,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (err) {
      throw pdfError(err);
    }
    for (let n = 1; n <= doc.numPages; n++) {
      let text: string;
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        text = pageText(content.items);
        page.cleanup();
      } catch (err) {
        throw pdfError(err, n);
      }
      if (text.trim()) yield { type: 'segment', segment: { location: { page: n }, text } };
    }
  } finally {
    await task.destroy();
  }
}

function pageText(items: unknown[]): string {
  let out = '';
  for (const item of items) {
    const { str, hasEOL } = item as { str?: string; hasEOL?: boolean };
    if (typeof str !== 'string') continue;
    if (out !== '' && !out.endsWith('\n') && str !== '') out += ' ';
    out += str;
    if (hasEOL) out += '\n';
  }
  return out;
}

function pdfError(err: unknown, page?: number): ExtractError {
  const name = err instanceof Error ? err.name : '';
  const where = page === undefined ? 'pdf' : `pdf page ${page}`;
  if (name === 'PasswordException') return new ExtractError('FILE_ENCRYPTED', `${where}: password-protected`);
  return new ExtractError('FILE_CORRUPT', `${where}: unreadable (${name || 'error'})`);
}
