import { isDate, luhnDigits, num2 } from './shared.js';

/**
 * Swedish personnummer (and samordningsnummer: day + 60): YYMMDD-NNNC, or YYYYMMDD-NNNC, the
 * separator '-' ('+' once the holder is 100 or older) or none. C is the Luhn check digit over the
 * ten digits YYMMDDNNN. The date must exist (in the given century when it is written).
 */
const SHAPE = /^(?:(18|19|20)([0-9]{6})-?|([0-9]{6})[-+]?)([0-9]{4})$/;

export function sePersonnummer(value: string): boolean {
  const m = SHAPE.exec(value.replace(/ /g, ''));
  if (!m) return false;
  const [, century, date12, date10, tail = ''] = m;
  const date = date12 ?? date10 ?? '';
  const ten = date + tail;
  if (!luhnDigits(ten)) return false;
  if (tail.slice(0, 3) === '000') return false;

  let day = num2(date, 4);
  if (day > 60) day -= 60; // samordningsnummer
  const year = century !== undefined ? Number(century) * 100 + num2(date, 0) : null;
  return isDate(year, num2(date, 2), day);
}
