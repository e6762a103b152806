import { digitsOf, isDate, num2, weightedSum } from './shared.js';

/**
 * Austrian social insurance number (Sozialversicherungsnummer, on the e-card): NNNC DDMMYY. The
 * serial does not start with 0; C = (weights 3 7 9 _ 5 8 4 2 1 6 over the other nine digits)
 * mod 11, and a remainder of 10 is never issued. The date part must be a calendar date (the
 * century is not encoded, so 29 February is always accepted).
 */
export function atSvnr(value: string): boolean {
  const s = value.replace(/ /g, '');
  if (!/^[1-9][0-9]{9}$/.test(s)) return false;
  const d = digitsOf(s);
  const r = weightedSum(d, [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]) % 11;
  if (r === 10 || r !== d[3]) return false;
  return isDate(null, num2(s, 6), num2(s, 4));
}
