import { compact, isDigits } from './common.js';

/**
 * US Individual Taxpayer Identification Number: nine digits formatted like an SSN, the area
 * always 9xx and the group (digits 4-5) in the IRS ranges 50-65, 70-88, 90-92 or 94-99.
 */
export function usItin(value: string): boolean {
  const s = compact(value);
  if (s.length !== 9 || !isDigits(s) || s[0] !== '9') return false;
  const g = Number(s.slice(3, 5));
  if (!((g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94)) return false;
  return s.slice(5) !== '0000';
}
