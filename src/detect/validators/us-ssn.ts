/**
 * US Social Security Number structure check (SSA rules in force since 2011 randomisation).
 *
 * Accepts AAA-GG-SSSS, AAA GG SSSS or nine plain digits. No valid SSN has area 000, 666 or
 * 900-999, group 00 or serial 0000. A few numbers were printed in advertising or are the usual
 * placeholder in forms and documentation; they appear in text far more often than as someone's
 * real number, so they are rejected too.
 */
const SHAPE = /^([0-9]{3})[ -]?([0-9]{2})[ -]?([0-9]{4})$/;

const PLACEHOLDERS: ReadonlySet<string> = new Set([
  '078051120', // the Woolworth wallet insert (1938), the most misused SSN
  '219099999', // printed in a 1940 Social Security Board pamphlet
  '123456789', // the universal form placeholder
]);

export function usSsn(value: string): boolean {
  const m = SHAPE.exec(value);
  if (!m) return false;
  const [, area = '', group = '', serial = ''] = m;

  if (area === '000' || area === '666' || area.startsWith('9')) return false;
  if (group === '00') return false;
  if (serial === '0000') return false;
  return !PLACEHOLDERS.has(area + group + serial);
}
