/**
 * Singapore NRIC / FIN: a series letter, seven digits and a check letter. The digits are
 * weighted 2,7,6,5,4,3,2; S and F series add 0, T and G add 4 (born or issued from 2000), and
 * the remainder mod 11 picks the letter from the series table. The M series (FINs from 2022)
 * adds 3 and reads its own table from the other end (ICA's published rule, as in GovTech FormSG).
 */
const WEIGHTS = [2, 7, 6, 5, 4, 3, 2] as const;
const ST = 'JZIHGFEDCBA';
const FG = 'XWUTRQPNMLK';
const M = 'KLJNPQRTUWX';

export function sgNric(value: string): boolean {
  const s = value.trim().toUpperCase();
  const m = /^([STFGM])([0-9]{7})([A-Z])$/.exec(s);
  if (!m) return false;
  const [, series = '', digits = '', check = ''] = m;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (digits.charCodeAt(i) - 48) * WEIGHTS[i]!;
  switch (series) {
    case 'S':
      return ST[sum % 11] === check;
    case 'T':
      return ST[(sum + 4) % 11] === check;
    case 'F':
      return FG[sum % 11] === check;
    case 'G':
      return FG[(sum + 4) % 11] === check;
    default:
      // M: P = 11 - ((sum + 3) mod 11), letter = table[P - 1].
      return M[10 - ((sum + 3) % 11)] === check;
  }
}
