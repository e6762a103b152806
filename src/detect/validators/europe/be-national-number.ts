import { isDate, num2 } from './shared.js';

/**
 * Belgian national register number (rijksregisternummer / numéro de registre national, also the
 * BIS number): YY.MM.DD-SSS.CC. CC = 97 - (YYMMDDSSS mod 97) for births before 2000, and
 * 97 - (2YYMMDDSSS mod 97) from 2000. The serial is 001-997. Month and day may be 00 when the
 * birth date is unknown; BIS numbers add 20 or 40 to the month. A full date must exist in the
 * century the check digits give.
 */
export function beNationalNumber(value: string): boolean {
  const s = value.replace(/[ .-]/g, '');
  if (!/^[0-9]{11}$/.test(s)) return false;
  const serial = Number(s.slice(6, 9));
  if (serial < 1 || serial > 997) return false;
  const n = Number(s.slice(0, 9));
  const cc = Number(s.slice(9));
  const before2000 = 97 - (n % 97) === cc;
  const from2000 = 97 - ((2_000_000_000 + n) % 97) === cc;
  if (!before2000 && !from2000) return false;

  let month = num2(s, 2);
  if (month > 40) month -= 40;
  else if (month > 20) month -= 20;
  const day = num2(s, 4);
  if (month > 12 || day > 31) return false;
  if (month === 0 || day === 0) return true; // date (partly) unknown
  const yy = num2(s, 0);
  return (before2000 && isDate(1900 + yy, month, day)) || (from2000 && isDate(2000 + yy, month, day));
}
