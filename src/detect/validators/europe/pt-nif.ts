import { digitsOf, weightedSum } from './shared.js';

/**
 * Portuguese NIF / NIPC (número de identificação fiscal): 9 digits; the first tells the kind
 * (1-3 people, 45 non-resident people, 5 companies, 6 public bodies, 70-79 estates and funds,
 * 8 sole traders, 9 other entities). Check digit: weights 9..2, r = sum mod 11, 0 if r < 2,
 * else 11 - r.
 */
const PREFIX = /^(?:[1235689]|45|7[0-9])/;

export function ptNif(value: string): boolean {
  const s = value.replace(/[ .]/g, '');
  if (!/^[0-9]{9}$/.test(s) || !PREFIX.test(s)) return false;
  const d = digitsOf(s);
  const r = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  return (r < 2 ? 0 : 11 - r) === d[8];
}
