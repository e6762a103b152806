import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFile } from '../../../src/simulator/files/build.js';
import { truncate } from '../../../src/simulator/files/broken.js';
import { cleanTmp, EMAIL, find, runBuffer, SSN } from './helpers.js';

afterAll(cleanTmp);

const pdf = (): Promise<Buffer> => buildFile({ type: 'pdf', name: 'a.pdf', segments: [{ location: { page: 1 }, text: `SSN ${SSN}` }, { location: { page: 2 }, text: 'more' }] });

describe('sniffing by content, not by name', () => {
  it('a pdf named .txt is a pdf', async () => {
    const r = await runBuffer(await pdf(), 'notes.txt');
    expect(r.kind).toBe('pdf');
    expect(find(r, SSN)?.segment.location).toEqual({ page: 1 });
  });

  it('a docx named .zip is a docx; an xlsx named .pdf is an xlsx', async () => {
    const docx = await buildFile({ type: 'docx', name: 'a.docx', segments: [{ location: { part: 'body' }, text: EMAIL }] });
    expect((await runBuffer(docx, 'archive.zip')).kind).toBe('docx');
    const xlsx = await buildFile({ type: 'xlsx', name: 'a.xlsx', segments: [{ location: { sheet: 'S', cell: 'A1' }, text: EMAIL }] });
    const r = await runBuffer(xlsx, 'report.pdf');
    expect(r.kind).toBe('xlsx');
    expect(find(r, EMAIL)).toMatchObject({ cell: 'A1' });
  });

  it('an odt named .docx is an odt', async () => {
    const odt = await buildFile({ type: 'odt', name: 'a.odt', segments: [{ location: { part: 'body' }, text: EMAIL }] });
    expect((await runBuffer(odt, 'letter.docx')).kind).toBe('odt');
  });

  it('e-mail headers are recognised without the .eml name', async () => {
    const eml = await buildFile({ type: 'eml', name: 'm.eml', segments: [{ location: { part: 'body' }, text: EMAIL }] });
    expect((await runBuffer(eml, 'message.txt')).kind).toBe('eml');
  });

  it('text: UTF-16 with BOM is decoded', async () => {
    const text = `line one\nssn ${SSN}\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await runBuffer(le, 'a.txt');
    expect(r.kind).toBe('text');
    expect(r.segments.map((s) => s.text).join('')).toBe(text);
  });
});

describe('whole-file failures are thrown with a stable code', () => {
  it('encrypted docx -> FILE_ENCRYPTED', async () => {
    const enc = await buildFile({ type: 'docx', name: 'a.docx', segments: [{ location: { part: 'body' }, text: SSN }], password: 'hunter2' });
    const r = await runBuffer(enc, 'secret.docx');
    expect(r.kind).toBe('encrypted-office');
    expect(r.error?.code).toBe('FILE_ENCRYPTED');
    expect(r.segments).toEqual([]);
  });

  it('encrypted xlsx -> FILE_ENCRYPTED', async () => {
    const enc = await buildFile({ type: 'xlsx', name: 'a.xlsx', segments: [{ location: { sheet: 'S', cell: 'A1' }, text: SSN }], password: 'pw' });
    expect((await runBuffer(enc, 'a.xlsx')).error?.code).toBe('FILE_ENCRYPTED');
  });

  it('password-protected pdf -> FILE_ENCRYPTED', async () => {
    const enc = await buildFile({ type: 'pdf', name: 'a.pdf', segments: [{ location: { page: 1 }, text: SSN }], password: 'pw' });
    const r = await runBuffer(enc, 'a.pdf');
    expect(r.kind).toBe('pdf');
    expect(r.error?.code).toBe('FILE_ENCRYPTED');
  });

  it('truncated pdf -> FILE_CORRUPT', async () => {
    const r = await runBuffer(truncate(await pdf()), 'a.pdf');
    expect(r.kind).toBe('pdf');
    expect(r.error?.code).toBe('FILE_CORRUPT');
    expect(r.error?.message).not.toContain(SSN);
  });

  it('png -> FILE_IMAGE', async () => {
    const r = await runBuffer(await buildFile({ type: 'png', name: 'a.png', segments: [] }), 'scan.pdf');
    expect(r.kind).toBe('image');
    expect(r.error?.code).toBe('FILE_IMAGE');
    expect(r.error?.message).toMatch(/image.*no OCR/);
  });

  it('random binary -> FILE_UNSUPPORTED', async () => {
    const bytes = crypto.createHash('sha512').update('seed').digest();
    const buf = Buffer.concat(Array.from({ length: 200 }, (_, i) => crypto.createHash('sha512').update(bytes).update(String(i)).digest()));
    const r = await runBuffer(buf, 'data.txt');
    expect(r.kind).toBe('unknown');
    expect(r.error?.code).toBe('FILE_UNSUPPORTED');
  });

  it('a corrupt docx (a zip without its parts cut short) -> FILE_CORRUPT', async () => {
    const docx = await buildFile({ type: 'docx', name: 'a.docx', segments: [{ location: { part: 'body' }, text: SSN }] });
    const r = await runBuffer(truncate(docx, 0.7), 'a.docx');
    expect(r.error?.code).toBe('FILE_CORRUPT');
  });

  it('an empty file is text with no segments', async () => {
    const r = await runBuffer(Buffer.alloc(0), 'empty.txt');
    expect(r.kind).toBe('text');
    expect(r.segments).toEqual([]);
    expect(r.error).toBeUndefined();
  });
});
