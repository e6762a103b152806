/**
 * Helpers shared by the European validators. Pure functions, no I/O.
 */

/** Days in `month` (1-12) of `year`; a null year (century unknown) allows 29 February. */
export function daysInMonth(year: number | null, month: number): number {
  if (month === 2) {
    if (year === null) return 29;
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether day/month(/year) is a calendar date; year null = century unknown. */
export function isDate(year: number | null, month: number, day: number): boolean {
  if (!Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** The digit values of an all-digit string (callers check the shape first). */
export function digitsOf(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) - 48);
  return out;
}

/** Sum of digits[i] * weights[i] over the shorter of the two. */
export function weightedSum(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  const n = Math.min(digits.length, weights.length);
  for (let i = 0; i < n; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  return sum;
}

/** True when every character is the same ("000000000", "1111111111"): a placeholder, never an issued number. */
export function isRepdigit(s: string): boolean {
  return s.length > 0 && s.split('').every((c) => c === s[0]);
}

/** Luhn (mod 10) over a digit string of any length, the last digit being the check digit. */
export function luhnDigits(s: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= 0; i--) {
    let d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Two-digit number at [i, i+2) of an all-digit string. */
export function num2(s: string, i: number): number {
  return Number(s.slice(i, i + 2));
}
