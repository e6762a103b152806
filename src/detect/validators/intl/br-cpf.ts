import { allSame, compact, digitAt, isDigits } from './common.js';

/**
 * Brazilian CPF (Cadastro de Pessoas Físicas): nine digits and two mod-11 check digits, written
 * 000.000.000-00 or plain. Numbers of one repeated digit pass the arithmetic but are not issued
 * (they are the usual form placeholders), so they are rejected.
 */
function checkDigit(digits: string, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += digitAt(digits, i) * (length + 1 - i);
  const r = (sum * 10) % 11;
  return r === 10 ? 0 : r;
}

export function brCpf(value: string): boolean {
  const s = compact(value);
  if (s.length !== 11 || !isDigits(s) || allSame(s)) return false;
  return checkDigit(s, 9) === digitAt(s, 9) && checkDigit(s, 10) === digitAt(s, 10);
}
