import { compact, digitAt, isDigits } from './common.js';

/**
 * Australian Tax File Number: nine digits whose sum weighted 1,4,3,7,5,8,6,9,10 is a multiple
 * of 11. (Older eight-digit TFNs exist but are not matched: eight digits are too common.)
 */
const WEIGHTS = [1, 4, 3, 7, 5, 8, 6, 9, 10] as const;

export function auTfn(value: string): boolean {
  const s = compact(value);
  if (s.length !== 9 || !isDigits(s) || s === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digitAt(s, i) * WEIGHTS[i]!;
  return sum % 11 === 0;
}
