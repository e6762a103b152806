/**
 * Helpers shared by the validators in this folder. Pure: no I/O, no clock (a validator must give
 * the same answer in every worker and every test run, so "not in the future" is not checked).
 */

/** `value` with spaces, dashes, dots and slashes removed: the separators people type in IDs. */
export function compact(value: string): string {
  return value.replace(/[ .\-/]/g, '');
}

export function isDigits(s: string): boolean {
  return /^[0-9]+$/.test(s);
}

/** Digit at `i` of an all-digit string (callers check isDigits first). */
export function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

/** Luhn (mod 10) over a string of digits of any length; false for anything else. */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2 || !isDigits(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digitAt(digits, i);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Whether year-month-day is a real calendar date (Gregorian, leap years included). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** True when every character is the same ("00000000000", "11111111111"): never a real ID. */
export function allSame(s: string): boolean {
  return s.length > 0 && s.split('').every((c) => c === s[0]);
}
