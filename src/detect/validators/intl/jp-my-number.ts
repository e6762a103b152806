import { allSame, compact, digitAt, isDigits } from './common.js';

/**
 * Japanese Individual Number (My Number, マイナンバー): twelve digits, the last a check digit.
 * The first eleven are weighted 6,5,4,3,2,7,6,5,4,3,2; a remainder mod 11 of 0 or 1 gives check
 * digit 0, otherwise 11 minus the remainder (MIC ordinance No. 85, 2014).
 */
const WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

export function jpMyNumber(value: string): boolean {
  const s = compact(value);
  if (s.length !== 12 || !isDigits(s) || allSame(s)) return false;
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += digitAt(s, i) * WEIGHTS[i]!;
  const r = sum % 11;
  return (r <= 1 ? 0 : 11 - r) === digitAt(s, 11);
}
