import { compact, isDigits, luhnValid } from './common.js';

/**
 * Canadian Social Insurance Number: nine digits passing Luhn. The first digit is the province
 * or kind of registration; 0 is only used for fictitious numbers (the "046 454 286" of Service
 * Canada's samples) and 8 is not issued to people, so both are rejected.
 */
export function caSin(value: string): boolean {
  const s = compact(value);
  if (s.length !== 9 || !isDigits(s)) return false;
  if (s[0] === '0' || s[0] === '8') return false;
  return luhnValid(s);
}
