import { afterAll, describe, expect, it } from 'vitest';
import { cleanTmp, EMAIL, find, runSpec, SSN } from './helpers.js';

afterAll(cleanTmp);

describe('extractFile: every format gives its values back at their location', () => {
  it('pdf: page', async () => {
    const r = await runSpec({ type: 'pdf', name: 'report.pdf', segments: [
      { location: { page: 1 }, text: 'Quarterly report' },
      { location: { page: 3 }, text: `Employee SSN ${SSN}` },
      { location: { page: 2 }, text: `Contact ${EMAIL}` },
    ] });
    expect(r.error).toBeUndefined();
    expect(r.kind).toBe('pdf');
    expect(find(r, SSN)?.segment.location).toEqual({ page: 3 });
    expect(find(r, EMAIL)?.segment.location).toEqual({ page: 2 });
  });

  it('docx: body, header and footer parts', async () => {
    const r = await runSpec({ type: 'docx', name: 'memo.docx', segments: [
      { location: { part: 'body' }, text: `Employee SSN ${SSN}\nsecond line` },
      { location: { part: 'header' }, text: `Confidential ${EMAIL}` },
      { location: { part: 'footer' }, text: 'Footer ref 998-76-5432' },
      { location: { part: 'footnotes' }, text: 'Footnote 111-22-3333' },
      { location: { part: 'comments' }, text: 'Comment 222-33-4444' },
    ] });
    expect(r.kind).toBe('docx');
    expect(find(r, SSN)?.segment.location).toEqual({ part: 'body' });
    expect(find(r, 'second line')?.segment.location).toEqual({ part: 'body' });
    expect(find(r, EMAIL)?.segment.location).toEqual({ part: 'header' });
    expect(find(r, '998-76-5432')?.segment.location).toEqual({ part: 'footer' });
    expect(find(r, '111-22-3333')?.segment.location).toEqual({ part: 'footnotes' });
    expect(find(r, '222-33-4444')?.segment.location).toEqual({ part: 'comments' });
  });

  it('xlsx: sheet and cell', async () => {
    const r = await runSpec({ type: 'xlsx', name: 'people.xlsx', segments: [
      { location: { sheet: 'People', cell: 'A1' }, text: 'Name' },
      { location: { sheet: 'People', cell: 'B7' }, text: SSN },
      { location: { sheet: 'People', cell: 'D7' }, text: '0042' },
      { location: { sheet: 'Contacts', cell: 'C2' }, text: EMAIL },
    ] });
    expect(r.kind).toBe('xlsx');
    expect(find(r, SSN)).toMatchObject({ segment: { location: { sheet: 'People' } }, cell: 'B7' });
    expect(find(r, '0042')).toMatchObject({ cell: 'D7' });
    expect(find(r, EMAIL)).toMatchObject({ segment: { location: { sheet: 'Contacts' } }, cell: 'C2' });
    const row7 = find(r, SSN)!.segment;
    expect(row7.text).toBe(`${SSN}\t0042`);
    expect(row7.cells).toEqual([{ start: 0, cell: 'B7' }, { start: SSN.length + 1, cell: 'D7' }]);
  });

  it('ods: sheet and cell, repeated rows and columns honoured', async () => {
    const r = await runSpec({ type: 'ods', name: 'people.ods', segments: [
      { location: { sheet: 'People', cell: 'A1' }, text: 'Name' },
      { location: { sheet: 'People', cell: 'C9' }, text: SSN },
      { location: { sheet: 'Other', cell: 'B2' }, text: EMAIL },
    ] });
    expect(r.kind).toBe('ods');
    expect(find(r, SSN)).toMatchObject({ segment: { location: { sheet: 'People' } }, cell: 'C9' });
    expect(find(r, EMAIL)).toMatchObject({ segment: { location: { sheet: 'Other' } }, cell: 'B2' });
    expect(r.segments).toHaveLength(3);
  });

  it('csv: cells with A1 addresses; ; and tab delimiters detected', async () => {
    const r = await runSpec({ type: 'csv', name: 'export.csv', segments: [
      { location: { cell: 'A1' }, text: 'name,with comma' },
      { location: { cell: 'B1' }, text: 'ssn' },
      { location: { cell: 'B3' }, text: SSN },
      { location: { cell: 'C4' }, text: EMAIL },
    ] });
    expect(r.kind).toBe('csv');
    expect(find(r, SSN)).toMatchObject({ segment: { location: {} }, cell: 'B3' });
    expect(find(r, EMAIL)).toMatchObject({ cell: 'C4' });
    expect(find(r, 'with comma')).toMatchObject({ cell: 'A1' });
    const { runBuffer } = await import('./helpers.js');
    const semi = await runBuffer(Buffer.from(`\uFEFFname;ssn\nJane;${SSN}\n`), 'x.csv');
    expect(find(semi, SSN)).toMatchObject({ cell: 'B2' });
    const tab = await runBuffer(Buffer.from(`name\tssn\nJane\t${SSN}\n`), 'x.csv');
    expect(find(tab, SSN)).toMatchObject({ cell: 'B2' });
  });

  it('pptx: slide and notes, in presentation order', async () => {
    const r = await runSpec({ type: 'pptx', name: 'deck.pptx', segments: [
      { location: { slide: 1 }, text: 'Welcome' },
      { location: { slide: 2 }, text: `Customer SSN ${SSN}` },
      { location: { slide: 2, part: 'notes' }, text: `Call ${EMAIL}` },
    ] });
    expect(r.kind).toBe('pptx');
    expect(find(r, SSN)?.segment.location).toEqual({ slide: 2 });
    expect(find(r, EMAIL)?.segment.location).toEqual({ slide: 2, part: 'notes' });
    expect(find(r, 'Welcome')?.segment.location).toEqual({ slide: 1 });
  });

  it('odt: body, header and footer', async () => {
    const r = await runSpec({ type: 'odt', name: 'letter.odt', segments: [
      { location: { part: 'body' }, text: `SSN ${SSN}` },
      { location: { part: 'header' }, text: EMAIL },
    ] });
    expect(r.kind).toBe('odt');
    expect(find(r, SSN)?.segment.location).toEqual({ part: 'body' });
    expect(find(r, EMAIL)?.segment.location).toEqual({ part: 'header' });
  });

  it.each([['txt', 'notes.txt', 'text'], ['md', 'README.md', 'markdown'], ['code', 'config.py', 'code']] as const)('%s: line', async (type, name, kind) => {
    const r = await runSpec({ type, name, segments: [
      { location: { line: 1 }, text: 'header line' },
      { location: { line: 5 }, text: `ssn = "${SSN}"` },
      { location: { line: 9 }, text: EMAIL },
    ] });
    expect(r.kind).toBe(kind);
    const seg = find(r, SSN)!.segment;
    expect(seg.location.line).toBe(1);
    const lineOf = (v: string): number => seg.location.line! + seg.text.slice(0, seg.text.indexOf(v)).split('\n').length - 1;
    expect(lineOf(SSN)).toBe(5);
    expect(lineOf(EMAIL)).toBe(9);
  });

  it.each([['json', 'data.json'], ['xml', 'data.xml'], ['html', 'page.html']] as const)('%s', async (type, name) => {
    const r = await runSpec({ type, name, segments: [{ location: {}, text: `SSN ${SSN}` }, { location: {}, text: `mail ${EMAIL}` }] });
    expect(r.kind).toBe(type);
    expect(find(r, SSN)).toBeDefined();
    expect(find(r, EMAIL)).toBeDefined();
  });

  it('html: text without markup, link targets kept', async () => {
    const { runBuffer } = await import('./helpers.js');
    const r = await runBuffer(Buffer.from(`<!DOCTYPE html><html><body><p>SSN <b>${SSN}</b></p><a href="mailto:${EMAIL}">mail me</a></body></html>`), 'page');
    expect(r.kind).toBe('html');
    expect(r.segments[0]!.text).toContain(`SSN ${SSN}`);
    expect(r.segments[0]!.text).toContain(EMAIL);
    expect(r.segments[0]!.text).not.toContain('<b>');
  });

  it('eml: headers, subject, body and attachments with their entry chain', async () => {
    const r = await runSpec({ type: 'eml', name: 'mail.eml', segments: [
      { location: { part: 'subject' }, text: `SSN ${SSN}` },
      { location: { part: 'body' }, text: `Please mail ${EMAIL}` },
    ], children: [
      { type: 'xlsx', name: 'ids.xlsx', segments: [{ location: { sheet: 'S', cell: 'B2' }, text: '987-65-4320' }] },
      { type: 'zip', name: 'more.zip', children: [{ type: 'txt', name: 'in/deep.txt', segments: [{ location: { line: 1 }, text: 'deep 555-12-3456' }] }], segments: [] },
    ] });
    expect(r.kind).toBe('eml');
    // The subject is its own part and is not repeated in the headers part.
    expect(find(r, SSN)?.segment.location).toEqual({ part: 'subject' });
    expect(r.segments.find((s) => s.location.part === 'headers')?.text).not.toContain(SSN);
    expect(find(r, EMAIL)?.segment.location).toEqual({ part: 'body' });
    expect(find(r, '987-65-4320')).toMatchObject({ segment: { location: { sheet: 'S', entry: ['ids.xlsx'] } }, cell: 'B2' });
    expect(find(r, '555-12-3456')?.segment.location).toEqual({ line: 1, entry: ['more.zip', 'in/deep.txt'] });
    expect(r.problems).toEqual([]);
  });

  it('zip: entries extracted by content with their entry chain, zip in zip', async () => {
    const r = await runSpec({ type: 'zip', name: 'export.zip', segments: [], children: [
      { type: 'pdf', name: 'docs/a.pdf', segments: [{ location: { page: 2 }, text: `SSN ${SSN}` }] },
      { type: 'zip', name: 'q2.zip', segments: [], children: [
        { type: 'docx', name: 'q2/customers.docx', segments: [{ location: { part: 'footer' }, text: EMAIL }] },
      ] },
      { type: 'png', name: 'logo.png', segments: [] },
    ] });
    expect(r.kind).toBe('zip');
    expect(find(r, SSN)?.segment.location).toEqual({ page: 2, entry: ['docs/a.pdf'] });
    expect(find(r, EMAIL)?.segment.location).toEqual({ part: 'footer', entry: ['q2.zip', 'q2/customers.docx'] });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'FILE_IMAGE', location: { entry: ['logo.png'] } });
    expect(r.problems[0]!.message).toContain('logo.png');
  });
});

describe('extractFile: odp', () => {
  it('slides and notes', async () => {
    const { buildOdp } = await import('../../../src/simulator/files/build-odf.js');
    const { runBuffer } = await import('./helpers.js');
    const odp = await buildOdp([
      { location: { slide: 1 }, text: 'Intro' },
      { location: { slide: 3 }, text: `SSN ${SSN}` },
      { location: { slide: 3, part: 'notes' }, text: `notes ${EMAIL}` },
    ]);
    const r = await runBuffer(odp, 'deck.bin');
    expect(r.kind).toBe('odp');
    expect(find(r, SSN)?.segment.location).toEqual({ slide: 3 });
    expect(find(r, EMAIL)?.segment.location).toEqual({ slide: 3, part: 'notes' });
    expect(find(r, 'Intro')?.segment.location).toEqual({ slide: 1 });
  });
});
