import { digitsOf, isDate, num2, weightedSum } from './shared.js';

/**
 * Polish PESEL: YYMMDD (month + 80 for 1800s, + 20 for 2000s, + 40 / + 60 for 2100s / 2200s),
 * a 4-digit serial and a check digit: weights 1 3 7 9 1 3 7 9 1 3, (10 - sum mod 10) mod 10.
 * The birth date must exist; centuries after 2099 are rejected (nobody has such a PESEL yet).
 */
const OFFSETS: readonly [number, number][] = [
  [80, 1800],
  [0, 1900],
  [20, 2000],
];

export function plPesel(value: string): boolean {
  const s = value.replace(/ /g, '');
  if (!/^[0-9]{11}$/.test(s)) return false;
  const d = digitsOf(s);
  const check = (10 - (weightedSum(d, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10;
  if (check !== d[10]) return false;

  const mm = num2(s, 2);
  for (const [offset, base] of OFFSETS) {
    const month = mm - offset;
    if (month >= 1 && month <= 12) return isDate(base + num2(s, 0), month, num2(s, 4));
  }
  return false;
}
