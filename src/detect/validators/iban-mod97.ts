/**
 * IBAN check (ISO 13616): known country, that country's exact length, ISO 7064 MOD 97-10.
 *
 * The length table is the SWIFT IBAN Registry (release 100, 2025): the 89 country codes that
 * appear as the first two characters of an IBAN. Territories that the registry folds into a
 * parent (GF, GP, MQ, RE, ... under FR; IM, JE, GG under GB; AX under FI) write the parent's code
 * in their IBANs, so they are not listed. Countries that only appear in national or unofficial
 * lists (for example AO, CV, DZ, IR, MA, MZ and the other West/Central African states) are left
 * out on purpose: an unknown country code is a cheap way to reject a look-alike.
 */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map([
  ['AD', 24], // Andorra
  ['AE', 23], // United Arab Emirates
  ['AL', 28], // Albania
  ['AT', 20], // Austria
  ['AZ', 28], // Azerbaijan
  ['BA', 20], // Bosnia and Herzegovina
  ['BE', 16], // Belgium
  ['BG', 22], // Bulgaria
  ['BH', 22], // Bahrain
  ['BI', 27], // Burundi
  ['BR', 29], // Brazil
  ['BY', 28], // Belarus
  ['CH', 21], // Switzerland
  ['CR', 22], // Costa Rica
  ['CY', 28], // Cyprus
  ['CZ', 24], // Czechia
  ['DE', 22], // Germany
  ['DJ', 27], // Djibouti
  ['DK', 18], // Denmark
  ['DO', 28], // Dominican Republic
  ['EE', 20], // Estonia
  ['EG', 29], // Egypt
  ['ES', 24], // Spain
  ['FI', 18], // Finland (also Aland Islands)
  ['FK', 18], // Falkland Islands
  ['FO', 18], // Faroe Islands
  ['FR', 27], // France (also its overseas departments and territories)
  ['GB', 22], // United Kingdom (also Isle of Man, Jersey, Guernsey)
  ['GE', 22], // Georgia
  ['GI', 23], // Gibraltar
  ['GL', 18], // Greenland
  ['GR', 27], // Greece
  ['GT', 28], // Guatemala
  ['HN', 28], // Honduras
  ['HR', 21], // Croatia
  ['HU', 28], // Hungary
  ['IE', 22], // Ireland
  ['IL', 23], // Israel
  ['IQ', 23], // Iraq
  ['IS', 26], // Iceland
  ['IT', 27], // Italy
  ['JO', 30], // Jordan
  ['KW', 30], // Kuwait
  ['KZ', 20], // Kazakhstan
  ['LB', 28], // Lebanon
  ['LC', 32], // Saint Lucia
  ['LI', 21], // Liechtenstein
  ['LT', 20], // Lithuania
  ['LU', 20], // Luxembourg
  ['LV', 21], // Latvia
  ['LY', 25], // Libya
  ['MC', 27], // Monaco
  ['MD', 24], // Moldova
  ['ME', 22], // Montenegro
  ['MK', 19], // North Macedonia
  ['MN', 20], // Mongolia
  ['MR', 27], // Mauritania
  ['MT', 31], // Malta
  ['MU', 30], // Mauritius
  ['NI', 28], // Nicaragua
  ['NL', 18], // Netherlands
  ['NO', 15], // Norway
  ['OM', 23], // Oman
  ['PK', 24], // Pakistan
  ['PL', 28], // Poland
  ['PS', 29], // Palestine
  ['PT', 25], // Portugal
  ['QA', 29], // Qatar
  ['RO', 24], // Romania
  ['RS', 22], // Serbia
  ['RU', 33], // Russia
  ['SA', 24], // Saudi Arabia
  ['SC', 31], // Seychelles
  ['SD', 18], // Sudan
  ['SE', 24], // Sweden
  ['SI', 19], // Slovenia
  ['SK', 24], // Slovakia
  ['SM', 27], // San Marino
  ['SO', 23], // Somalia
  ['ST', 25], // Sao Tome and Principe
  ['SV', 28], // El Salvador
  ['TL', 23], // Timor-Leste
  ['TN', 24], // Tunisia
  ['TR', 26], // Turkey
  ['UA', 29], // Ukraine
  ['VA', 22], // Vatican City State
  ['VG', 24], // British Virgin Islands
  ['XK', 20], // Kosovo
  ['YE', 30], // Yemen
]);

/** The registry's IBAN length for a country code, or undefined when it issues no IBANs. */
export function ibanLength(countryCode: string): number | undefined {
  return IBAN_LENGTHS.get(countryCode);
}

/** Every country code in the table, for tests and documentation. */
export function ibanCountryCodes(): string[] {
  return [...IBAN_LENGTHS.keys()];
}

/**
 * `value` may be written in the paper format (groups of four separated by spaces) and in any
 * case. Check digits must be 02..98: 00, 01 and 99 can pass the remainder test (they are 97
 * apart from 97, 98 and 02) but ISO 7064 never produces them.
 */
export function ibanMod97(value: string): boolean {
  const iban = value.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return false;
  if (ibanLength(iban.slice(0, 2)) !== iban.length) return false;

  const check = Number(iban.slice(2, 4));
  if (check < 2 || check > 98) return false;

  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/**
 * Remainder of the number obtained by replacing A..Z with 10..35, folded one character at a
 * time so that no intermediate value exceeds 96 * 100 + 35: plain numbers, no BigInt.
 */
function mod97(rearranged: string): number {
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else {
      remainder = (remainder * 100 + (code - 55)) % 97;
    }
  }
  return remainder;
}
