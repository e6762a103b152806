import { ISO_3166_ALPHA2 } from './iso3166.js';

/**
 * SWIFT / BIC code (ISO 9362): four letters of institution, an ISO 3166 country (plus XK for
 * Kosovo), a two-character location and an optional three-character branch. Location rules
 * from the standard: the first character is not 0 or 1, the second is not the letter O. A branch
 * that starts with X is the primary office and must be XXX. There is no check digit, so rules
 * using this validator need context.
 */
const SHAPE = /^[A-Z]{4}([A-Z]{2})([A-Z2-9][A-NP-Z0-9])([A-Z0-9]{3})?$/;

export function swiftBic(value: string): boolean {
  const m = SHAPE.exec(value.replace(/ /g, ''));
  if (!m) return false;
  const [, country = '', , branch] = m;
  if (!ISO_3166_ALPHA2.has(country) && country !== 'XK') return false;
  if (branch !== undefined && branch.startsWith('X') && branch !== 'XXX') return false;
  return true;
}
