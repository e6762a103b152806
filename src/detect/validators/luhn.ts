/**
 * Luhn (mod 10) check, as used by payment card numbers (ISO/IEC 7812).
 *
 * The value is the sensitive part exactly as matched, so grouping separators (spaces and dashes)
 * are dropped first. Anything else that is not a digit fails: a rule whose regex lets letters
 * through should not have a card number reported because the letters were skipped.
 */
export function luhn(value: string): boolean {
  const digits = value.replace(/[ -]/g, '');
  if (digits.length < 12 || digits.length > 19 || !/^[0-9]+$/.test(digits)) return false;

  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
