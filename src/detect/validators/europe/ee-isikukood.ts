import { digitsOf, isDate, num2, weightedSum } from './shared.js';

/**
 * Estonian isikukood (personal identification code, EVS 585:2007; Lithuania's asmens kodas uses
 * the same scheme): G YYMMDD SSS C. G gives sex and century (1/2 1800s, 3/4 1900s, 5/6 2000s).
 * C = sum mod 11 with weights 1..9,1; if that is 10, again with weights 3..9,1,2,3, and 10 -> 0.
 * The date must exist in that century.
 */
export function eeIsikukood(value: string): boolean {
  const s = value.replace(/ /g, '');
  if (!/^[1-6][0-9]{10}$/.test(s)) return false;
  const d = digitsOf(s);
  let check = weightedSum(d, [1, 2, 3, 4, 5, 6, 7, 8, 9, 1]) % 11;
  if (check === 10) {
    check = weightedSum(d, [3, 4, 5, 6, 7, 8, 9, 1, 2, 3]) % 11;
    if (check === 10) check = 0;
  }
  if (check !== d[10]) return false;
  const base = 1800 + 100 * Math.floor(((d[0] ?? 1) - 1) / 2);
  return isDate(base + num2(s, 1), num2(s, 3), num2(s, 5));
}
