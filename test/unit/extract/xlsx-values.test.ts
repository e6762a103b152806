import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTmp, find, runBuffer } from './helpers.js';

afterAll(cleanTmp);

describe('xlsx cell values as a spreadsheet shows them', () => {
  it('numbers, dates, booleans, formulas, rich text, hyperlinks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Values');
    ws.getCell('A1').value = 4111111111111111;
    ws.getCell('B1').value = 1234.5;
    ws.getCell('C1').value = new Date(Date.UTC(2024, 2, 1));
    ws.getCell('D1').value = new Date(Date.UTC(2024, 2, 1, 13, 30, 0));
    ws.getCell('E1').value = true;
    ws.getCell('F1').value = { formula: 'B1*2', result: 2469 };
    ws.getCell('G1').value = { richText: [{ text: 'SSN ' }, { font: { bold: true }, text: '123-45-6789' }] };
    ws.getCell('H1').value = { text: 'mail me', hyperlink: 'mailto:jane.doe@example.com' };
    ws.getCell('I1').value = { formula: 'CONCAT("a","b")', result: 'ab' };
    const second = wb.addWorksheet('Second sheet');
    second.getCell('AB12').value = 'far away';
    const r = await runBuffer(Buffer.from(await wb.xlsx.writeBuffer()), 'values.xlsx');
    expect(r.error).toBeUndefined();
    const row = r.segments[0]!;
    expect(row.location).toEqual({ sheet: 'Values' });
    expect(row.text.split('\t')).toEqual(['4111111111111111', '1234.5', '2024-03-01', '2024-03-01T13:30:00Z', 'TRUE', '2469', 'SSN 123-45-6789', 'mail me', 'ab']);
    expect(row.cells!.map((c) => c.cell)).toEqual(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1', 'H1', 'I1']);
    expect(find(r, '123-45-6789')).toMatchObject({ cell: 'G1' });
    expect(find(r, 'far away')).toMatchObject({ segment: { location: { sheet: 'Second sheet' } }, cell: 'AB12' });
  });
});
