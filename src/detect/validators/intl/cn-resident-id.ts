import { isCalendarDate } from './common.js';

/**
 * PRC Resident Identity Card number (GB 11643-1999): six digits of region, the birth date
 * YYYYMMDD, a three-digit sequence and an ISO 7064 MOD 11-2 check character (0-9 or X).
 * The region must start with a province code in use (11-15, 21-23, 31-37, 41-46, 50-54, 61-65,
 * and 71, 81, 82, 83 for Taiwan, Hong Kong and Macao residents) and the date must exist in
 * 1900-2099.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

function provinceOk(p: number): boolean {
  return (
    (p >= 11 && p <= 15) ||
    (p >= 21 && p <= 23) ||
    (p >= 31 && p <= 37) ||
    (p >= 41 && p <= 46) ||
    (p >= 50 && p <= 54) ||
    (p >= 61 && p <= 65) ||
    p === 71 ||
    p === 81 ||
    p === 82 ||
    p === 83
  );
}

export function cnResidentId(value: string): boolean {
  const s = value.replace(/ /g, '').toUpperCase();
  if (!/^[0-9]{17}[0-9X]$/.test(s)) return false;
  if (!provinceOk(Number(s.slice(0, 2)))) return false;
  const year = Number(s.slice(6, 10));
  if (year < 1900 || year > 2099 || !isCalendarDate(year, Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11] === s[17];
}
