import { allSame, compact } from './common.js';

/**
 * Brazilian CNPJ (company registry number): twelve characters and two mod-11 check digits,
 * written 00.000.000/0000-00 or plain. Since July 2026 the twelve base characters may be
 * upper-case letters too (Receita Federal IN 2.229/2024); every character counts as its ASCII
 * code minus 48, which leaves digits unchanged, so one algorithm covers both kinds.
 */
const W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;

function checkDigit(s: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((w, i) => {
    sum += (s.charCodeAt(i) - 48) * w;
  });
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

export function brCnpj(value: string): boolean {
  const s = compact(value);
  if (!/^[0-9A-Z]{12}[0-9]{2}$/.test(s) || allSame(s) || s.startsWith('000000000000')) return false;
  return checkDigit(s, W1) === s.charCodeAt(12) - 48 && checkDigit(s, W2) === s.charCodeAt(13) - 48;
}
