import { digitsOf, isDate, num2, weightedSum } from './shared.js';

/**
 * Romanian CNP (cod numeric personal): S YYMMDD JJ NNN C. S gives sex and century (1/2 1900s,
 * 3/4 1800s, 5/6 2000s, 7/8 residents, 9 foreigners), JJ the county (01-52) and NNN is 001-999.
 * C = (weights 2 7 9 1 4 6 3 5 8 2 7 9) mod 11, and 10 becomes 1. The date must exist.
 */
const BASES: Readonly<Record<string, number | null>> = { '1': 1900, '2': 1900, '3': 1800, '4': 1800, '5': 2000, '6': 2000, '7': null, '8': null, '9': null };

export function roCnp(value: string): boolean {
  const s = value.replace(/ /g, '');
  if (!/^[1-9][0-9]{12}$/.test(s)) return false;
  const d = digitsOf(s);
  let check = weightedSum(d, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
  if (check === 10) check = 1;
  if (check !== d[12]) return false;

  const county = num2(s, 7);
  if (county < 1 || county > 52) return false;
  if (s.slice(9, 12) === '000') return false;
  const base = BASES[s[0] ?? ''];
  if (base === undefined) return false;
  return isDate(base === null ? null : base + num2(s, 1), num2(s, 3), num2(s, 5));
}
