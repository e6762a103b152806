/**
 * What a file is, by its bytes (file-type's one owner module). The name only breaks ties between
 * text kinds, which have no magic bytes. OOXML and ODF are told apart from plain zips by their
 * content (file-type reads `[Content_Types].xml` parts and the ODF `mimetype` entry).
 */
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import officeCrypto from 'officecrypto-tool';
import { readHead, sourceSize, type Source } from './source.js';
import type { FileKind } from './types.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface Sniffed {
  kind: FileKind;
  /** For text kinds: how to decode. */
  encoding?: TextEncoding;
  /** For 'unknown': what file-type said it is, if anything (for the error message). */
  detected?: string;
}

const HEAD = 64 * 1024;

const BY_TYPE: Record<string, FileKind> = {
  pdf: 'pdf', docx: 'docx', xlsx: 'xlsx', pptx: 'pptx', odt: 'odt', ods: 'ods', odp: 'odp', zip: 'zip',
};

const CODE = new Set([
  'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'kts', 'scala', 'c', 'h', 'cc', 'cpp',
  'hpp', 'cs', 'php', 'swift', 'm', 'sh', 'bash', 'zsh', 'ps1', 'bat', 'cmd', 'sql', 'pl', 'lua', 'r', 'dart',
  'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'env', 'properties', 'tf', 'hcl', 'gradle', 'vue', 'svelte',
  'css', 'scss', 'less', 'dockerfile', 'makefile', 'ipynb',
]);

/** `maxBytes`: an OLE file up to this size is read whole to tell an encrypted OOXML file from a legacy one. */
export async function sniff(src: Source, name: string, maxBytes: number): Promise<Sniffed> {
  const head = await readHead(src, HEAD);
  // A UTF-16 BOM (FF FE) also reads as an MPEG audio frame header: decide on the text first.
  const utf16 = utf16Text(head);
  if (utf16) return { kind: textKind(new TextDecoder(utf16).decode(head), ext(name), head.length >= sourceSize(src)), encoding: utf16 };
  const ft = 'path' in src ? await fileTypeFromFile(src.path) : await fileTypeFromBuffer(src.buffer);
  if (ft) {
    const known = BY_TYPE[ft.ext];
    if (known) return { kind: known };
    if (ft.ext === 'cfb') {
      // An OLE container: an encrypted OOXML file, or a legacy .doc/.xls/.ppt.
      return (await isEncryptedOffice(src, maxBytes)) ? { kind: 'encrypted-office' } : { kind: 'unknown', detected: 'legacy Office (OLE)' };
    }
    if (ft.mime.startsWith('image/')) return { kind: 'image', detected: ft.ext };
    if (ft.ext !== 'xml' && !ft.mime.startsWith('text/')) return { kind: 'unknown', detected: ft.ext };
  }
  const encoding = textEncoding(head);
  if (!encoding) return { kind: 'unknown' };
  const whole = head.length >= sourceSize(src);
  return { kind: textKind(new TextDecoder(encoding).decode(head), ext(name), whole), encoding };
}

async function isEncryptedOffice(src: Source, maxBytes: number): Promise<boolean> {
  try {
    // isEncrypted parses the whole CFB directory, so it needs the whole file.
    if ('path' in src && src.size > maxBytes) return false;
    return officeCrypto.isEncrypted('buffer' in src ? src.buffer : await readHead(src, src.size));
  } catch {
    return false;
  }
}

const ext = (name: string): string => {
  const base = name.toLowerCase().split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? base : base.slice(dot + 1);
};

/** UTF-16 with a BOM, if what follows decodes to text without control characters. */
function utf16Text(head: Buffer): TextEncoding | undefined {
  const enc = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : undefined;
  if (!enc) return undefined;
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001f]/.test(new TextDecoder(enc).decode(head.subarray(0, head.length & ~1))) ? undefined : enc;
}

/** Text if there is a UTF-16 BOM, or no NUL byte and valid UTF-8 (a sequence cut at the end of the head is fine). */
export function textEncoding(head: Buffer): TextEncoding | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.includes(0)) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return undefined;
  }
}

const EML_HEADERS = new Set(['from', 'to', 'cc', 'subject', 'date', 'received', 'mime-version', 'message-id', 'return-path', 'content-type', 'reply-to', 'delivered-to']);
const EML_KEY = new Set(['from', 'received', 'mime-version', 'message-id', 'return-path']);

/** RFC 822 headers: the first lines are `Name: value` (or folded), with several well-known names. */
export function looksLikeEml(text: string): boolean {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/, 60)) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) continue;
    const m = /^([A-Za-z][A-Za-z0-9-]*):/.exec(line);
    if (!m) return false;
    const h = m[1]!.toLowerCase();
    if (EML_HEADERS.has(h)) seen.add(h);
  }
  return seen.size >= 3 && [...seen].some((h) => EML_KEY.has(h));
}

function looksLikeJson(text: string, whole: boolean): boolean {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  if (whole) {
    try { JSON.parse(text.replace(/^\uFEFF/, '')); return true; } catch { return false; }
  }
  return /^[[{]\s*(["{[\]}\d-]|true|false|null)/.test(t);
}

function textKind(text: string, extension: string, whole: boolean): FileKind {
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 512).toLowerCase();
  if (extension === 'eml' || looksLikeEml(text.replace(/^\uFEFF/, ''))) return 'eml';
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || ['html', 'htm', 'xhtml'].includes(extension)) return 'html';
  if (start.startsWith('<?xml') || ['xml', 'svg', 'xsd', 'xsl', 'plist', 'rss', 'atom'].includes(extension)) return 'xml';
  if (['json', 'jsonl', 'ndjson', 'geojson'].includes(extension) || looksLikeJson(text, whole)) return 'json';
  if (['csv', 'tsv'].includes(extension)) return 'csv';
  if (['md', 'markdown', 'mdx'].includes(extension)) return 'markdown';
  if (CODE.has(extension)) return 'code';
  return 'text';
}
