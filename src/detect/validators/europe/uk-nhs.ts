import { digitsOf, isRepdigit, weightedSum } from './shared.js';

/**
 * UK NHS number (England, Wales, Isle of Man): 10 digits, usually written 3-3-4. Check digit:
 * weights 10..2 over the first nine digits, 11 - (sum mod 11); 11 becomes 0 and 10 means the
 * number is never issued. Repeated-digit placeholders (1111111111) pass the arithmetic but are
 * not real numbers.
 */
export function ukNhs(value: string): boolean {
  const s = value.replace(/[ -]/g, '');
  if (!/^[0-9]{10}$/.test(s) || isRepdigit(s)) return false;
  const d = digitsOf(s);
  let check = 11 - (weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === d[9];
}
