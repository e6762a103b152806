import { isDate } from './shared.js';

/**
 * Italian codice fiscale (persone fisiche, DM 23/12/1976): 6 letters (surname, name), year,
 * month letter (ABCDEHLMPRST), day (+40 for women), municipality code, check letter. Digits may
 * be replaced by LMNPQRSTUV (omocodia) at positions 7, 8, 10, 11, 13, 14, 15. The check letter
 * is the sum of the odd-position values (special table) and the even-position values, mod 26.
 */
const SHAPE = /^[A-Z]{6}[0-9LMNP-V]{2}[ABCDEHLMPRST][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z]$/;
const MONTHS = 'ABCDEHLMPRST';
const OMOCODIA = 'LMNPQRSTUV';
// Value of characters in odd positions (1st, 3rd, ...), indexed by digit 0-9 / letter A-Z.
const ODD_DIGITS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
const ODD_LETTERS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

export function itCodiceFiscale(value: string): boolean {
  const s = value.replace(/ /g, '').toUpperCase();
  if (!SHAPE.test(s)) return false;

  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    const v = isDigit ? c - 48 : c - 65;
    sum += i % 2 === 0 ? ((isDigit ? ODD_DIGITS[v] : ODD_LETTERS[v]) ?? 0) : v;
  }
  if (String.fromCharCode(65 + (sum % 26)) !== s[15]) return false;

  const decode = (t: string) => t.replace(/[LMNP-V]/g, (ch) => String(OMOCODIA.indexOf(ch)));
  let day = Number(decode(s.slice(9, 11)));
  if (day > 40) day -= 40;
  const month = MONTHS.indexOf(s[8] ?? '') + 1;
  return isDate(null, month, day);
}
