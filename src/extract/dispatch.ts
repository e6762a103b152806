/** From a sniffed kind to its extractor; the same path for the outermost file and for nested ones. */
import type { Ctx, Ev } from './context.js';
import { extractCsv } from './csv.js';
import { extractDocx } from './docx.js';
import { extractEml } from './eml.js';
import { asExtractError, ExtractError } from './error.js';
import { htmlToText } from './html.js';
import { extractOdf } from './odf.js';
import { extractPdf } from './pdf.js';
import { extractPptx } from './pptx.js';
import type { Sniffed } from './sniff.js';
import { readAll, sourceSize, type Source } from './source.js';
import { textSegments } from './text.js';
import type { ExtractLimits } from './types.js';
import { openStream } from './source.js';
import { extractXlsx } from './xlsx.js';
import { extractZip } from './zip.js';

/** Fails before reading for kinds that are never read: images, encrypted Office files, unknown binaries. */
export function refuse(s: Sniffed): ExtractError | undefined {
  switch (s.kind) {
    case 'image': return new ExtractError('FILE_IMAGE', `not scanned: image${s.detected ? ` (${s.detected})` : ''}, no OCR`);
    case 'encrypted-office': return new ExtractError('FILE_ENCRYPTED', 'encrypted Office document (password-protected)');
    case 'unknown': return new ExtractError('FILE_UNSUPPORTED', `unsupported file type${s.detected ? ` (${s.detected})` : ' (binary)'}`);
    default: return undefined;
  }
}

/** Kinds read as a stream (or, for zips, entry by entry): maxFileBytes does not apply to the file as a whole. */
const STREAMED = new Set(['text', 'markdown', 'code', 'json', 'xml', 'csv', 'xlsx', 'zip']);

export async function* extractKind(src: Source, s: Sniffed, ctx: Ctx): AsyncGenerator<Ev> {
  const refused = refuse(s);
  if (refused) throw refused;
  const { limits } = ctx;
  if (!STREAMED.has(s.kind)) checkSize(src, s, limits);
  try {
    yield* run(src, s, ctx);
  } catch (err) {
    throw asExtractError(err, s.kind);
  }
}

function checkSize(src: Source, s: Sniffed, limits: ExtractLimits): void {
  const size = sourceSize(src);
  if (size > limits.maxFileBytes) throw new ExtractError('FILE_TOO_LARGE', `${s.kind}: ${size} bytes, over the limit of ${limits.maxFileBytes}`);
}

async function* run(src: Source, s: Sniffed, ctx: Ctx): AsyncGenerator<Ev> {
  const max = ctx.limits.maxFileBytes;
  switch (s.kind) {
    case 'pdf': yield* extractPdf(await readAll(src, max, 'pdf')); return;
    case 'docx': yield* extractDocx(src, ctx); return;
    case 'xlsx': yield* extractXlsx(src, ctx); return;
    case 'pptx': yield* extractPptx(src, ctx); return;
    case 'odt': case 'ods': case 'odp': yield* extractOdf(src, ctx, s.kind); return;
    case 'csv': yield* extractCsv(src, s.encoding ?? 'utf-8'); return;
    case 'eml': yield* extractEml(await readAll(src, max, 'eml'), ctx); return;
    case 'zip': yield* extractZip(src, ctx); return;
    case 'html': {
      const html = new TextDecoder(s.encoding ?? 'utf-8').decode(await readAll(src, max, 'html'));
      const text = htmlToText(html);
      if (text.trim()) yield { type: 'segment', segment: { location: {}, text } };
      return;
    }
    case 'text': case 'markdown': case 'code': case 'json': case 'xml':
      for await (const segment of textSegments(openStream(src), s.encoding ?? 'utf-8')) yield { type: 'segment', segment };
      return;
    default:
      throw new ExtractError('FILE_UNSUPPORTED', `unsupported file type (${s.kind})`);
  }
}
