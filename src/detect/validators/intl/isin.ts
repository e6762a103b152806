import { luhnValid } from './common.js';
import { ISO_3166_ALPHA2 } from './iso3166.js';

/**
 * International Securities Identification Number (ISO 6166): a country code, nine alphanumeric
 * characters and a check digit. Letters are expanded to two digits (A=10 ... Z=35) and the
 * resulting digit string must pass Luhn. The prefix is an ISO 3166 country or one of the codes
 * numbering agencies use for international or substitute issues (XS, EU, XA-XD, XF, XK, QS, QT).
 */
const EXTRA: ReadonlySet<string> = new Set(['XS', 'EU', 'XA', 'XB', 'XC', 'XD', 'XF', 'XK', 'QS', 'QT']);

export function isin(value: string): boolean {
  const s = value.replace(/ /g, '');
  if (!/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/.test(s)) return false;
  const cc = s.slice(0, 2);
  if (!ISO_3166_ALPHA2.has(cc) && !EXTRA.has(cc)) return false;
  let expanded = '';
  for (const ch of s) expanded += ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
  return luhnValid(expanded);
}
