import { isDate, num2 } from './shared.js';

/**
 * Czech (and Slovak) rodné číslo, ten-digit form (issued since 1954): YYMMDD/SSSC. Women add 50
 * to the month; since 2004 20 may be added too (21-32, 71-82). The whole number is divisible by
 * 11, except that numbers issued before 1985 whose first nine digits leave 10 mod 11 end in 0.
 * The date must exist. The nine-digit pre-1954 form has no check digit and is not accepted.
 */
export function czBirthNumber(value: string): boolean {
  const s = value.replace(/[ /]/g, '');
  if (!/^[0-9]{10}$/.test(s)) return false;
  const yy = num2(s, 0);
  const year = yy < 54 ? 2000 + yy : 1900 + yy;
  let month = num2(s, 2);
  if (month > 50) month -= 50;
  if (month > 20) {
    if (year < 2004) return false;
    month -= 20;
  }
  if (!isDate(year, month, num2(s, 4))) return false;

  if (Number(s) % 11 === 0) return true;
  return year < 1985 && Number(s.slice(0, 9)) % 11 === 10 && s[9] === '0';
}
