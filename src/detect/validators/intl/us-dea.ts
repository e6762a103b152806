/**
 * US DEA registration number: a registrant-type letter, the first letter of the registrant's
 * last name (or 9 for some business registrants), six digits and a check digit. The check digit
 * is the last digit of (d1 + d3 + d5) + 2 * (d2 + d4 + d6).
 */
const SHAPE = /^([ABCDEFGHJKLMPRSTUX])([A-Z9])([0-9]{7})$/;

export function usDea(value: string): boolean {
  const m = SHAPE.exec(value.replace(/[ -]/g, '').toUpperCase());
  if (!m) return false;
  const d = (m[3] ?? '').split('').map(Number);
  const [d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = -1] = d;
  if (d1 + d2 + d3 + d4 + d5 + d6 === 0) return false;
  return (d1 + d3 + d5 + 2 * (d2 + d4 + d6)) % 10 === d7;
}
