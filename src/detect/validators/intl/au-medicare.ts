import { compact, digitAt, isDigits } from './common.js';

/**
 * Australian Medicare card number: ten digits (the card is printed 4-5-1), optionally followed
 * by the one-digit individual reference number. The first digit is 2-6; digit 9 is the sum of
 * the first eight weighted 1,3,7,9,1,3,7,9, mod 10; digit 10 is the card issue number (1-9).
 */
const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9] as const;

export function auMedicare(value: string): boolean {
  const s = compact(value);
  if ((s.length !== 10 && s.length !== 11) || !isDigits(s)) return false;
  const first = digitAt(s, 0);
  if (first < 2 || first > 6) return false;
  if (s[9] === '0' || s[10] === '0') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += digitAt(s, i) * WEIGHTS[i]!;
  return sum % 10 === digitAt(s, 8);
}
