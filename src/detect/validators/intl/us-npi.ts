import { compact, isDigits, luhnValid } from './common.js';

/**
 * US National Provider Identifier (CMS): ten digits starting with 1 or 2, whose check digit is
 * Luhn computed as if the number were prefixed with 80840 (the ISO 7812 issuer prefix for US
 * health applications).
 */
export function usNpi(value: string): boolean {
  const s = compact(value);
  if (s.length !== 10 || !isDigits(s) || (s[0] !== '1' && s[0] !== '2')) return false;
  return luhnValid(`80840${s}`);
}
