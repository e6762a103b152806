import { describe, expect, it } from 'vitest';

import { EUROPE_VALIDATORS } from '../../src/detect/validators/europe/index.js';
import { isValidatorName, validators } from '../../src/detect/validators/index.js';

/**
 * European national, tax and health identifiers. "Published" values are the examples that the
 * issuing authority, the standard or the Wikipedia article on the identifier prints; the others
 * are synthetic values whose check digits were computed by hand for the case they exercise.
 */

function v(name: string): (value: string) => boolean {
  const f = EUROPE_VALIDATORS[name];
  if (f === undefined) throw new Error(`no validator ${name}`);
  return f;
}

const NAMES = [
  'at-svnr', 'be-national-number', 'ch-ahv', 'cz-birth-number', 'de-tax-id', 'dk-cpr', 'ee-isikukood', 'es-dni', 'fi-hetu',
  'fr-nir', 'gr-amka', 'ie-ppsn', 'it-codice-fiscale', 'nl-bsn', 'no-fnr', 'pl-pesel', 'pt-nif', 'ro-cnp', 'se-personnummer',
  'uk-nhs', 'uk-nino',
];

describe('EUROPE_VALIDATORS', () => {
  it('holds the European validators, frozen and reachable from the main registry', () => {
    expect(Object.keys(EUROPE_VALIDATORS).sort()).toEqual(NAMES);
    expect(Object.isFrozen(EUROPE_VALIDATORS)).toBe(true);
    for (const name of NAMES) {
      expect(isValidatorName(name)).toBe(true);
      expect(validators[name]).toBe(EUROPE_VALIDATORS[name]);
    }
  });

  it('rejects empty and junk input everywhere without throwing', () => {
    for (const name of NAMES) {
      for (const junk of ['', ' ', '-', 'abc', '0', '💳', '１２３４５６７８９']) expect(v(name)(junk)).toBe(false);
    }
  });
});

describe('uk-nhs', () => {
  const f = v('uk-nhs');
  it.each<[string, string?]>([
    ['943 476 5919'], // NHS Data Dictionary example
    ['9434765919'],
    ['943-476-5919'],
    ['401 023 2137'],
    ['728 111 2572'], // synthetic
  ])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['943 476 5918', 'wrong check digit'],
    ['400 000 0008', 'check digit would be 10: never issued'],
    ['1111111111', 'repeated digits pass mod 11 but are placeholders'],
    ['943 476 591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943 476 591A', 'letter'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('uk-nino', () => {
  const f = v('uk-nino');
  it.each<[string, string?]>([['AB123456C'], ['AB 12 34 56 C'], ['ab123456c'], ['OA123456D'], ['ZY987654A'], ['CE000001B']])('accepts %s', (s) =>
    expect(f(s)).toBe(true),
  );
  it.each<[string, string?]>([
    ['QQ 12 34 56 C', 'HMRC documentation prefix QQ (Q never used)'],
    ['GB123456A', 'GB not allocated'],
    ['BG123456A', 'BG not allocated'],
    ['NK123456A', 'NK not allocated'],
    ['KN123456A', 'KN not allocated'],
    ['TN123456A', 'TN not allocated (temporary numbers)'],
    ['NT123456A', 'NT not allocated'],
    ['ZZ123456A', 'ZZ not allocated'],
    ['DA123456A', 'D as first letter'],
    ['FA123456A', 'F as first letter'],
    ['AI123456A', 'I as second letter'],
    ['UA123456A', 'U as first letter'],
    ['AV123456A', 'V as second letter'],
    ['AO123456A', 'O as second letter'],
    ['AB123456E', 'suffix outside A-D'],
    ['AB12345C', 'five digits'],
    ['AB1234567C', 'seven digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('nl-bsn', () => {
  const f = v('nl-bsn');
  it.each<[string, string?]>([['111222333'], ['123456782'], ['1234.56.782'], ['644695614']])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['123456789', 'fails the 11-test'],
    ['111222334', 'fails the 11-test'],
    ['000000000', 'all zeros'],
    ['12345678', 'eight digits'],
    ['1234567820', 'ten digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('no-fnr', () => {
  const f = v('no-fnr');
  it.each<[string, string?]>([
    ['01018012371', 'born 1980'],
    ['010180 12371', 'with a space'],
    ['29020052331', '29 February 2000, individual number 523 = 2000s'],
    ['45107512326', 'D-number (day + 40)'],
    ['01418012354', 'H-number (month + 40)'],
    ['24048602858', 'synthetic'],
  ])('accepts %s (%s)', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['01018012372', 'wrong second control digit'],
    ['01018012381', 'wrong first control digit'],
    ['29020152352', '29 February 2001 does not exist'],
    ['30028012345', '30 February'],
    ['01018075071', 'individual number 750 with year 80 gives no century'],
    ['01818012337', 'synthetic test number (month + 80)'],
    ['0101801237', 'ten digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('es-dni (DNI and NIE)', () => {
  const f = v('es-dni');
  it.each<[string, string?]>([
    ['12345678Z', 'Ministerio del Interior example'],
    ['12345678-Z', 'dash'],
    ['12.345.678-Z', 'dotted'],
    ['12345678z', 'lower case'],
    ['X1234567L', 'NIE, X = 0'],
    ['Y1234567X', 'NIE, Y = 1'],
    ['Z1234567R', 'NIE, Z = 2'],
    ['X-1234567-L', 'NIE with dashes'],
  ])('accepts %s (%s)', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['12345678A', 'wrong letter'],
    ['X1234567A', 'NIE with wrong letter'],
    ['1234567Z', 'seven digits'],
    ['W1234567L', 'W is not a NIE prefix'],
    ['00000000T', 'zero'],
    ['20240115T', 'date stamp YYYYMMDD with the matching letter'],
    ['12345678', 'no letter'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('fr-nir', () => {
  const f = v('fr-nir');
  it.each<[string, string?]>([
    ['2 55 08 14 168 025 38', 'Wikipedia example'],
    ['255081416802538', 'compact'],
    ['2 69 05 49 588 157 80', 'synthetic'],
    ['1 85 05 2A 001 012 63', 'Corsica 2A, read as 19'],
    ['2 90 04 2B 123 456 40', 'Corsica 2B, read as 18'],
  ])('accepts %s (%s)', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['2 55 08 14 168 025 39', 'wrong key'],
    ['1 85 05 2A 001 012 64', 'Corsica with wrong key'],
    ['5 55 08 14 168 025 82', 'sex digit 5'],
    ['2 55 13 14 168 025 21', 'month 13'],
    ['2 55 08 14 168 025', 'no key'],
    ['2 55 08 2C 168 025 38', 'department 2C'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('it-codice-fiscale', () => {
  const f = v('it-codice-fiscale');
  it.each<[string, string?]>([
    ['RSSMRA85T10A562S', 'Mario Rossi, the usual published example'],
    ['MRTMTT25D09F205Z', 'Matteo Moretti, Agenzia delle Entrate style example'],
    ['RSSMRA85T10A56NH', 'omocodia: last municipality digit 2 written as N'],
    ['RSSMRA85T71A562X', 'woman (day + 40), 31 December'],
    ['rssmra85t10a562s', 'lower case'],
  ])('accepts %s (%s)', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['RSSMRA85T10A562T', 'wrong check letter'],
    ['RSSMRA85F10A562R', 'F is not a month letter'],
    ['RSSMRA85T32A562Y', 'day 32'],
    ['RSSMRA85T10A562', 'fifteen characters'],
    ['RSSMRA85T10A5621', 'digit as check character'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('de-tax-id', () => {
  const f = v('de-tax-id');
  it.each<[string, string?]>([
    ['86095742719', 'BZSt example'],
    ['47036892816'],
    ['65929970489'],
    ['57549285017'],
    ['25768131411'],
    ['86 095 742 719', 'grouped as on tax letters'],
    ['11213456783', 'one digit three times, not in a row (allowed since 2016)'],
  ])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['86095742718', 'wrong check digit'],
    ['12345678903', 'no repeated digit in the first ten'],
    ['12134567887', 'two different digits repeated'],
    ['11123456786', 'one digit three times in a row'],
    ['01234567896', 'leading zero'],
    ['8609574271', 'ten digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('pl-pesel', () => {
  const f = v('pl-pesel');
  it.each<[string, string?]>([
    ['44051401359', 'Wikipedia example, born 1944'],
    ['02070803628', 'born 2002 (month + 20)'],
    ['73010170249', 'synthetic'],
  ])('accepts %s (%s)', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['44051401358', 'wrong check digit'],
    ['44133101357', 'month 13'],
    ['4405140135', 'ten digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('se-personnummer', () => {
  const f = v('se-personnummer');
  it.each<[string, string?]>([
    ['811218-9876', 'Skatteverket example'],
    ['19811218-9876', 'with century'],
    ['198112189876', 'twelve digits'],
    ['8112189876', 'ten digits'],
    ['811218+9876', '100 or older'],
    ['640823-3234', 'Wikipedia example'],
    ['701063-2391', 'Skatteverket samordningsnummer example (day + 60)'],
  ])('accepts %s (%s)', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['811218-9877', 'wrong Luhn digit'],
    ['811318-9875', 'month 13'],
    ['17811218-9876', 'century 17'],
    ['19811218+9876', '+ with the century written'],
    ['811218-987', 'nine digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('fi-hetu', () => {
  const f = v('fi-hetu');
  it.each<[string, string?]>([
    ['131052-308T', 'DVV example'],
    ['010594Y9032', 'DVV example for the 2023 century signs'],
    ['010594Y9021', 'DVV example for the 2023 century signs'],
    ['020502E902X', 'century sign E (2000s)'],
    ['131052-308t', 'lower case'],
  ])('accepts %s (%s)', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['131052-308U', 'wrong check character'],
    ['310252-308Y', '31 February'],
    ['131052-000V', 'individual number 000'],
    ['131052G308T', 'G is no century sign'],
    ['131052-308', 'no check character'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('dk-cpr', () => {
  const f = v('dk-cpr');
  it.each<[string, string?]>([
    ['070761-4285'],
    ['0707614285'],
    ['070761-4286', 'fails the old modulus 11 test: valid since 2007'],
    ['290200-4000', '29 February 2000 (seventh digit 4, year 00)'],
    ['010158-5000', 'seventh digit 5 and year 58: born 1858'],
  ])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['310261-1234', '31 February'],
    ['290201-4152', '29 February 2001'],
    ['320174-4152', 'day 32'],
    ['070761-428', 'nine digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('be-national-number', () => {
  const f = v('be-national-number');
  it.each<[string, string?]>([
    ['85.07.30-033.28', 'Wikipedia example'],
    ['93051822361', 'born 1993'],
    ['17073003384', 'born 2017: check over 2 followed by the nine digits'],
    ['00010100105', 'born 1 January 2000'],
    ['85000003306', 'birth date unknown (month and day 00)'],
  ])('accepts %s (%s)', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['85.07.30-033.29', 'wrong check digits'],
    ['85073000061', 'serial 000'],
    ['85133003370', 'month 13'],
    ['85.07.30-033.2', 'ten digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('pt-nif', () => {
  const f = v('pt-nif');
  it.each<[string, string?]>([['123456789'], ['501964843'], ['451234561', 'non-resident (45)'], ['999999990'], ['271 490 152']])('accepts %s', (s) =>
    expect(f(s)).toBe(true),
  );
  it.each<[string, string?]>([
    ['123456780', 'wrong check digit'],
    ['423456784', 'prefix 4 other than 45'],
    ['012345679', 'prefix 0'],
    ['12345678', 'eight digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('ch-ahv', () => {
  const f = v('ch-ahv');
  it.each<[string, string?]>([['756.9217.0769.85'], ['7569217076985'], ['756.1234.5678.97']])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['756.9217.0769.84', 'wrong EAN-13 check digit'],
    ['757.9217.0769.84', 'prefix other than 756'],
    ['756.9217.0769.8', 'twelve digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('ie-ppsn', () => {
  const f = v('ie-ppsn');
  it.each<[string, string?]>([
    ['1234567T', 'Wikipedia example (old format)'],
    ['1234567TW', 'old format with W (counts as 0)'],
    ['1234567FA', 'new format, second letter A = 1'],
    ['1234567OB', 'second letter B = 2'],
    ['6433435F'],
    ['1234567 fa', 'lower case and a space'],
  ])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['1234567A', 'wrong check letter'],
    ['1234567TB', 'wrong check letter for second letter B'],
    ['1234567TX', 'X is not a second letter'],
    ['123456T', 'six digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('at-svnr', () => {
  const f = v('at-svnr');
  it.each<[string, string?]>([['1237 010180', 'Wikipedia example'], ['1237010180'], ['8166 270285']])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['1238 010180', 'wrong check digit'],
    ['1000 010180', 'remainder 10: never issued'],
    ['0234 010180', 'serial starting with 0'],
    ['8164 320285', 'day 32'],
    ['1237 01018', 'nine digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('cz-birth-number', () => {
  const f = v('cz-birth-number');
  it.each<[string, string?]>([
    ['736028/5163', 'Wikipedia example (woman, month + 50)'],
    ['7103192745'],
    ['7001100800', 'before 1985: remainder 10 and check digit 0'],
    ['970508/0814'],
  ])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['736028/5164', 'not divisible by 11'],
    ['8001010008', 'remainder-10 exception only before 1985'],
    ['971308/0817', 'month 13'],
    ['032201/0007', 'month + 20 before 2004'],
    ['736028/516', 'nine-digit pre-1954 form (no check digit)'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('ro-cnp', () => {
  const f = v('ro-cnp');
  it.each<[string, string?]>([['1800101221144'], ['1960529460012'], ['6000101400014', 'born 2000 (6 = woman, 2000s)']])('accepts %s', (s) =>
    expect(f(s)).toBe(true),
  );
  it.each<[string, string?]>([
    ['1800101221145', 'wrong check digit'],
    ['1850101530013', 'county 53'],
    ['1800231221144', '31 February'],
    ['0800101221142', 'sex digit 0'],
    ['180010122114', 'twelve digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('gr-amka', () => {
  const f = v('gr-amka');
  it.each<[string, string?]>([['01017012343'], ['15038500458'], ['29020001235']])('accepts %s', (s) => expect(f(s)).toBe(true));
  it.each<[string, string?]>([
    ['01017012344', 'wrong Luhn digit'],
    ['32017012348', 'day 32'],
    ['0101701234', 'ten digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});

describe('ee-isikukood', () => {
  const f = v('ee-isikukood');
  it.each<[string, string?]>([['37605030299', 'Wikipedia example'], ['49403136515'], ['60906011557', 'born 2009']])('accepts %s', (s) =>
    expect(f(s)).toBe(true),
  );
  it.each<[string, string?]>([
    ['37605030290', 'wrong check digit'],
    ['77605030292', 'century digit 7'],
    ['37613030293', 'month 13'],
    ['3760503029', 'ten digits'],
  ])('rejects %s (%s)', (s) => expect(f(s)).toBe(false));
});
