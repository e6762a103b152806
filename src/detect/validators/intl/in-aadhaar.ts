import { compact, isDigits } from './common.js';
import { verhoeffChecksum } from './verhoeff.js';

/**
 * Indian Aadhaar number: twelve digits, the first 2-9 (0 and 1 are reserved), the last a
 * Verhoeff check digit. UIDAI never issues palindromes, so they are rejected.
 */
export function inAadhaar(value: string): boolean {
  const s = compact(value);
  if (s.length !== 12 || !isDigits(s) || s[0] === '0' || s[0] === '1') return false;
  if (s === s.split('').reverse().join('')) return false;
  return verhoeffChecksum(s) === 0;
}
