import { isDate, num2 } from './shared.js';

/**
 * Danish CPR number: DDMMYY-SSSS. Since 2007 numbers are issued that fail the old modulus-11
 * test, so only the structure is checked: the date must exist in the century given by the
 * seventh digit and the year (0-3: 1900s; 4 and 9: 2000s for 00-36, else 1900s; 5-8: 2000s for
 * 00-57, else 1800s).
 */
export function dkCpr(value: string): boolean {
  const s = value.replace(/[ -]/g, '');
  if (!/^[0-9]{10}$/.test(s)) return false;
  const yy = num2(s, 4);
  const seventh = s.charCodeAt(6) - 48;
  let base: number;
  if (seventh <= 3) base = 1900;
  else if (seventh === 4 || seventh === 9) base = yy <= 36 ? 2000 : 1900;
  else base = yy <= 57 ? 2000 : 1800;
  return isDate(base + yy, num2(s, 2), num2(s, 0));
}
