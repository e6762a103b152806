import { digitsOf, weightedSum } from './shared.js';

/**
 * Irish Personal Public Service Number: 7 digits, a check letter and, since 2013, a second
 * letter (A or B; H; W on old numbers of married women). Check letter = WABCDEFGHIJKLMNOPQRSTUV
 * [(weights 8..2 over the digits + 9 * value of the second letter) mod 23], where A = 1, B = 2,
 * ... and W (or no second letter) = 0. Spaces are ignored; case is ignored.
 */
const TABLE = 'WABCDEFGHIJKLMNOPQRSTUV';
const SHAPE = /^([0-9]{7})([A-W])([ABHW]?)$/;

export function iePpsn(value: string): boolean {
  const m = SHAPE.exec(value.replace(/ /g, '').toUpperCase());
  if (!m) return false;
  const [, digits = '', check = '', second = ''] = m;
  if (digits === '0000000') return false;
  const secondValue = second === '' ? 0 : TABLE.indexOf(second);
  const sum = weightedSum(digitsOf(digits), [8, 7, 6, 5, 4, 3, 2]) + 9 * secondValue;
  return TABLE[sum % 23] === check;
}
