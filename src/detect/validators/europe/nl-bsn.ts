import { digitsOf, isRepdigit, weightedSum } from './shared.js';

/**
 * Dutch burgerservicenummer (BSN, formerly sofinummer): 9 digits passing the "elfproef":
 * 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11. Written plain or as 1234.56.782.
 */
export function nlBsn(value: string): boolean {
  const s = value.replace(/[ .-]/g, '');
  if (!/^[0-9]{9}$/.test(s) || isRepdigit(s)) return false;
  const d = digitsOf(s);
  const sum = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]) - (d[8] ?? 0);
  return sum % 11 === 0;
}
