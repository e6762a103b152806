import { isDate, num2 } from './shared.js';

/**
 * Finnish henkilötunnus (HETU): DDMMYY, a century sign ('+' 1800s; '-', Y, X, W, V, U 1900s;
 * A-F 2000s, the extra signs in use since 2023), an individual number 002-999 and a check
 * character: the nine digits DDMMYYNNN mod 31 indexed into 0123456789ABCDEFHJKLMNPRSTUVWXY.
 * The date must exist in that century. Case is ignored.
 */
const SHAPE = /^([0-9]{6})([-+A-FU-Y])([0-9]{3})([0-9A-FHJ-NPR-Y])$/;
const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

export function fiHetu(value: string): boolean {
  const m = SHAPE.exec(value.trim().toUpperCase());
  if (!m) return false;
  const [, date = '', sign = '', individual = '', check = ''] = m;
  if (Number(individual) < 2) return false;
  if (CHECK[Number(date + individual) % 31] !== check) return false;

  const base = sign === '+' ? 1800 : 'ABCDEF'.includes(sign) ? 2000 : 1900;
  return isDate(base + num2(date, 4), num2(date, 2), num2(date, 0));
}
