/**
 * Spanish DNI (8 digits + control letter) and NIE (X, Y or Z + 7 digits + control letter).
 * The letter is TRWAGMYFPDXBNJZSQVHLCKE[n mod 23], where for a NIE the leading X/Y/Z counts as
 * 0/1/2. Dots, spaces and dashes are ignored (12.345.678-Z); case is ignored.
 *
 * A DNI whose eight digits read as a date stamp YYYYMMDD (1950-2099) is rejected: "20240115B"
 * is far more often a dated reference with a revision letter than one of the few DNIs of that
 * form (well under 0.1 % of the number range).
 */
const LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const DATE_STAMP = /^(?:19[5-9][0-9]|20[0-9]{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])$/;

export function esDni(value: string): boolean {
  let s = value.replace(/[ .-]/g, '').toUpperCase();
  if (/^[XYZ][0-9]{7}[A-Z]$/.test(s)) s = String('XYZ'.indexOf(s[0] ?? '')) + s.slice(1);
  else if (!/^[0-9]{8}[A-Z]$/.test(s) || DATE_STAMP.test(s.slice(0, 8))) return false;
  const n = Number(s.slice(0, 8));
  if (n === 0) return false;
  return LETTERS[n % 23] === s[8];
}
