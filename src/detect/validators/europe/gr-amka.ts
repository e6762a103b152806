import { isDate, luhnDigits, num2 } from './shared.js';

/**
 * Greek AMKA (social security number): DDMMYY and five more digits, the last a Luhn check digit
 * over all eleven. The date must be a calendar date (century not encoded).
 */
export function grAmka(value: string): boolean {
  const s = value.replace(/ /g, '');
  if (!/^[0-9]{11}$/.test(s)) return false;
  if (!luhnDigits(s)) return false;
  return isDate(null, num2(s, 2), num2(s, 0));
}
