import { compact, isCalendarDate, isDigits, luhnValid } from './common.js';

/**
 * South African identity number: YYMMDD SSSS C A Z. The birth date must exist (in the 1900s or
 * the 2000s: the century is not encoded), C is citizenship (0 citizen, 1 permanent resident,
 * 2 refugee) and the whole thirteen digits pass Luhn.
 */
export function zaId(value: string): boolean {
  const s = compact(value);
  if (s.length !== 13 || !isDigits(s)) return false;
  const yy = Number(s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  const day = Number(s.slice(4, 6));
  if (!isCalendarDate(1900 + yy, month, day) && !isCalendarDate(2000 + yy, month, day)) return false;
  if (s[10] !== '0' && s[10] !== '1' && s[10] !== '2') return false;
  return luhnValid(s);
}
