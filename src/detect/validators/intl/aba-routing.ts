import { compact, digitAt, isDigits } from './common.js';

/**
 * US ABA routing transit number: nine digits whose weighted sum 3-7-1 (repeated) is a multiple
 * of 10. The first two digits are the Federal Reserve routing symbol: 00-12 (banks; 00 is the
 * US government), 21-32 (thrifts), 61-72 (electronic) or 80 (traveller's cheques); anything else
 * is not a routing number.
 */
const WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1] as const;

export function abaRouting(value: string): boolean {
  const s = compact(value);
  if (s.length !== 9 || !isDigits(s) || s === '000000000') return false;
  const prefix = Number(s.slice(0, 2));
  const prefixOk = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  if (!prefixOk) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digitAt(s, i) * WEIGHTS[i]!;
  return sum % 10 === 0;
}
