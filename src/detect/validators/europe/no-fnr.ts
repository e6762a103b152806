import { digitsOf, isDate, num2, weightedSum } from './shared.js';

/**
 * Norwegian fødselsnummer (and D-number: day + 40; H-number: month + 40): DDMMYY, a three-digit
 * individual number that also tells the century, and two mod-11 control digits (weights
 * 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2; 11 - r, 11 -> 0, 10 = never issued). The date must
 * exist in the century the individual number gives. Synthetic test numbers (month + 80) are
 * rejected: they never belong to a person.
 */
export function noFnr(value: string): boolean {
  const s = value.replace(/ /g, '');
  if (!/^[0-9]{11}$/.test(s)) return false;
  const d = digitsOf(s);
  const k1 = control(weightedSum(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]));
  if (k1 === null || k1 !== d[9]) return false;
  const k2 = control(weightedSum(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]));
  if (k2 === null || k2 !== d[10]) return false;

  let day = num2(s, 0);
  let month = num2(s, 2);
  const yy = num2(s, 4);
  const individual = Number(s.slice(6, 9));
  if (day > 40) day -= 40; // D-number
  if (month > 40 && month <= 52) month -= 40; // H-number
  const year = century(individual, yy);
  return year !== null && isDate(year, month, day);
}

function control(sum: number): number | null {
  const r = 11 - (sum % 11);
  if (r === 11) return 0;
  return r === 10 ? null : r;
}

/** Full birth year from the individual number and two-digit year (Folkeregisteret rules). */
function century(individual: number, yy: number): number | null {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 500 && yy <= 39) return 2000 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  return null;
}
