import { describe, expect, it } from 'vitest';

import { ibanCountryCodes, ibanLength } from '../../src/detect/validators/iban-mod97.js';
import {
  ibanMod97,
  isValidatorName,
  luhn,
  usSsn,
  validators,
} from '../../src/detect/validators/index.js';

describe('validator registry', () => {
  it('exposes the core validators, and only functions, under kebab-case names', () => {
    expect(Object.keys(validators)).toEqual(expect.arrayContaining(['iban-mod97', 'luhn', 'us-ssn']));
    for (const [name, fn] of Object.entries(validators)) {
      expect(name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(typeof fn).toBe('function');
    }
    expect(validators['luhn']).toBe(luhn);
    expect(validators['iban-mod97']).toBe(ibanMod97);
    expect(validators['us-ssn']).toBe(usSsn);
  });

  it('tells known names from unknown ones, including inherited keys', () => {
    expect(isValidatorName('luhn')).toBe(true);
    expect(isValidatorName('iban-mod97')).toBe(true);
    expect(isValidatorName('us-ssn')).toBe(true);
    expect(isValidatorName('Luhn')).toBe(false);
    expect(isValidatorName('aba')).toBe(false);
    expect(isValidatorName('toString')).toBe(false);
    expect(isValidatorName('__proto__')).toBe(false);
    expect(isValidatorName('')).toBe(false);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(validators)).toBe(true);
  });
});

describe('luhn', () => {
  // Test numbers published by card networks and payment processors.
  it.each([
    ['4111111111111111'], // Visa
    ['4012888888881881'], // Visa
    ['4222222222222'], // Visa, 13 digits
    ['4242424242424242'], // Visa (Stripe)
    ['5555555555554444'], // Mastercard
    ['5105105105105100'], // Mastercard
    ['2223003122003222'], // Mastercard 2-series (Stripe)
    ['378282246310005'], // American Express
    ['371449635398431'], // American Express
    ['6011111111111117'], // Discover
    ['6011000990139424'], // Discover
    ['3530111333300000'], // JCB
    ['30569309025904'], // Diners Club, 14 digits
    ['6304000000000000'], // Maestro (Adyen), 16 digits
    ['6759649826438453'], // Maestro UK
  ])('accepts the published test number %s', (pan) => {
    expect(luhn(pan)).toBe(true);
  });

  it('accepts numbers written with spaces or dashes, even mixed', () => {
    expect(luhn('4111 1111 1111 1111')).toBe(true);
    expect(luhn('4111-1111-1111-1111')).toBe(true);
    expect(luhn('4111 1111-1111 1111')).toBe(true);
    expect(luhn('3782 822463 10005')).toBe(true);
  });

  it('rejects a wrong check digit and single-digit typos', () => {
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('5555555555554445')).toBe(false);
    expect(luhn('378282246310006')).toBe(false);
    // Every single-digit change of a valid number breaks the checksum.
    const pan = '4012888888881881';
    for (let i = 0; i < pan.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const digit = String(d);
        if (digit === pan[i]) continue;
        expect(luhn(pan.slice(0, i) + digit + pan.slice(i + 1))).toBe(false);
      }
    }
  });

  it('rejects adjacent transpositions other than 09 <-> 90', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('1411111111111111')).toBe(false);
  });

  it('checks the length after removing separators: 12 to 19 digits', () => {
    expect(luhn('79927398713')).toBe(false); // the textbook Luhn example, but only 11 digits
    expect(luhn('000000000000')).toBe(true); // 12 digits, checksum 0: rules allowlist it
    expect(luhn('6011000000000000001')).toBe(true); // 19 digits
    expect(luhn('06011000000000000001')).toBe(false); // 20 digits, though Luhn-valid as a number
    expect(luhn('4111 1111 111')).toBe(false);
  });

  it('rejects anything that is not digits, spaces or dashes', () => {
    expect(luhn('')).toBe(false);
    expect(luhn('4111.1111.1111.1111')).toBe(false);
    expect(luhn('4111_1111_1111_1111')).toBe(false);
    expect(luhn('4111111111111111a')).toBe(false);
    expect(luhn('٤١١١١١١١١١١١١١١١')).toBe(false); // Arabic-Indic digits
    expect(luhn('4111\t1111\t1111\t1111')).toBe(false);
  });
});

// The example IBAN the SWIFT registry gives for each country (release 100), electronic format.
const REGISTRY_EXAMPLES: readonly string[] = [
  'AD1200012030200359100100',
  'AE070331234567890123456',
  'AL47212110090000000235698741',
  'AT611904300234573201',
  'AZ21NABZ00000000137010001944',
  'BA391290079401028494',
  'BE68539007547034',
  'BG80BNBG96611020345678',
  'BH67BMAG00001299123456',
  'BI4210000100010000332045181',
  'BR1800360305000010009795493C1',
  'BY13NBRB3600900000002Z00AB00',
  'CH9300762011623852957',
  'CR05015202001026284066',
  'CY17002001280000001200527600',
  'CZ6508000000192000145399',
  'DE89370400440532013000',
  'DJ2100010000000154000100186',
  'DK5000400440116243',
  'DO28BAGR00000001212453611324',
  'EE382200221020145685',
  'EG380019000500000000263180002',
  'ES9121000418450200051332',
  'FI2112345600000785',
  'FK88SC123456789012',
  'FO6264600001631634',
  'FR1420041010050500013M02606',
  'GB29NWBK60161331926819',
  'GE29NB0000000101904917',
  'GI75NWBK000000007099453',
  'GL8964710001000206',
  'GR1601101250000000012300695',
  'GT82TRAJ01020000001210029690',
  'HN88CABF00000000000250005469',
  'HR1210010051863000160',
  'HU42117730161111101800000000',
  'IE29AIBK93115212345678',
  'IL620108000000099999999',
  'IQ98NBIQ850123456789012',
  'IS140159260076545510730339',
  'IT60X0542811101000000123456',
  'JO94CBJO0010000000000131000302',
  'KW81CBKU0000000000001234560101',
  'KZ86125KZT5004100100',
  'LB62099900000001001901229114',
  'LC55HEMM000100010012001200023015',
  'LI21088100002324013AA',
  'LT121000011101001000',
  'LU280019400644750000',
  'LV80BANK0000435195001',
  'LY83002048000020100120361',
  'MC5811222000010123456789030',
  'MD24AG000225100013104168',
  'ME25505000012345678951',
  'MK07250120000058984',
  'MN121234123456789123',
  'MR1300020001010000123456753',
  'MT84MALT011000012345MTLCAST001S',
  'MU17BOMM0101101030300200000MUR',
  'NI45BAPR00000013000003558124',
  'NL91ABNA0417164300',
  'NO9386011117947',
  'OM810180000001299123456',
  'PK36SCBL0000001123456702',
  'PL61109010140000071219812874',
  'PS92PALS000000000400123456702',
  'PT50000201231234567890154',
  'QA58DOHB00001234567890ABCDEFG',
  'RO49AAAA1B31007593840000',
  'RS35260005601001611379',
  'RU0304452522540817810538091310419',
  'SA0380000000608010167519',
  'SC18SSCB11010000000000001497USD',
  'SD2129010501234001',
  'SE4550000000058398257466',
  'SI56263300012039086',
  'SK3112000000198742637541',
  'SM86U0322509800000000270100',
  'SO211000001001000100141',
  'ST23000100010051845310146',
  'SV62CENR00000000000000700025',
  'TL380080012345678910157',
  'TN5910006035183598478831',
  'TR330006100519786457841326',
  'UA213223130000026007233566001',
  'VA59001123000012345678',
  'VG96VPVG0000012345678901',
  'XK051212012345678906',
  'YE15CBYE0001018861234567891234',
];

/** The registry's paper format: groups of four separated by single spaces. */
function printFormat(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Independent reference for the check digits, using BigInt, to cross-check the validator. */
function checkDigits(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return String(98n - (BigInt(numeric) % 97n)).padStart(2, '0');
}

describe('iban-mod97', () => {
  it('has one registry example per country in its table, and no more', () => {
    const exampleCountries = REGISTRY_EXAMPLES.map((iban) => iban.slice(0, 2));
    expect(new Set(exampleCountries).size).toBe(REGISTRY_EXAMPLES.length);
    expect([...exampleCountries].sort()).toEqual([...ibanCountryCodes()].sort());
    expect(ibanCountryCodes().length).toBe(89);
  });

  it.each(REGISTRY_EXAMPLES.map((iban) => [iban]))('accepts the registry example %s', (iban) => {
    expect(ibanLength(iban.slice(0, 2))).toBe(iban.length);
    expect(ibanMod97(iban)).toBe(true);
    expect(ibanMod97(printFormat(iban))).toBe(true);
    expect(ibanMod97(iban.toLowerCase())).toBe(true);
  });

  it('accepts the paper format as people write it', () => {
    expect(ibanMod97('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanMod97('GB29 NWBK 6016 1331 9268 19')).toBe(true);
    expect(ibanMod97('fr14 2004 1010 0505 0001 3m02 606')).toBe(true);
  });

  it('rejects a wrong check digit pair', () => {
    expect(ibanMod97('DE88370400440532013000')).toBe(false);
    expect(ibanMod97('GB28NWBK60161331926819')).toBe(false);
    expect(ibanMod97('NL92ABNA0417164300')).toBe(false);
  });

  it('catches every digit-for-digit or letter-for-letter substitution and adjacent transposition', () => {
    const iban = 'GB29NWBK60161331926819';
    const digits = '0123456789';
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 4; i < iban.length; i++) {
      const alphabet = digits.includes(iban[i] ?? '') ? digits : letters;
      for (const c of alphabet) {
        if (c === iban[i]) continue;
        expect(ibanMod97(iban.slice(0, i) + c + iban.slice(i + 1))).toBe(false);
      }
    }
    for (let i = 4; i < iban.length - 1; i++) {
      if (iban[i] === iban[i + 1]) continue;
      const swapped = iban.slice(0, i) + iban[i + 1] + iban[i] + iban.slice(i + 2);
      expect(ibanMod97(swapped)).toBe(false);
    }
  });

  it("rejects a valid checksum with the wrong length for the country", () => {
    // The same BBAN is checksum-valid under either length; only the registry length decides.
    const long = '3704004405320130001';
    const de = `DE${checkDigits('DE', long)}${long}`;
    expect(de.length).toBe(23);
    expect(ibanMod97(de)).toBe(false);
    const short = '37040044053201300';
    expect(ibanMod97(`DE${checkDigits('DE', short)}${short}`)).toBe(false);
  });

  it('rejects country codes that issue no IBAN, including territories under a parent code', () => {
    const bban = '20041010050500013M02606';
    expect(ibanMod97(`FR${checkDigits('FR', bban)}${bban}`)).toBe(true);
    for (const cc of ['GF', 'GP', 'US', 'ZZ', 'AO', 'MA']) {
      expect(ibanMod97(`${cc}${checkDigits(cc, bban)}${bban}`)).toBe(false);
    }
  });

  it('rejects check digits 00, 01 and 99 even when the remainder works out', () => {
    // Find BBANs whose true check digits are 97, 98 and 02: then 00, 01 and 99 are congruent.
    const wanted = new Map([
      ['97', '00'],
      ['98', '01'],
      ['02', '99'],
    ]);
    const found = new Map<string, string>();
    for (let n = 0; found.size < wanted.size && n < 100_000; n++) {
      const bban = `3704004405${String(n).padStart(8, '0')}`;
      const cd = checkDigits('DE', bban);
      const alias = wanted.get(cd);
      if (alias !== undefined && !found.has(cd)) {
        found.set(cd, bban);
        expect(ibanMod97(`DE${cd}${bban}`)).toBe(true);
        expect(ibanMod97(`DE${alias}${bban}`)).toBe(false);
      }
    }
    expect(found.size).toBe(wanted.size);
  });

  it('agrees with a BigInt reference on generated IBANs', () => {
    let seed = 20251128;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const cc of ibanCountryCodes()) {
      const length = ibanLength(cc) ?? 0;
      for (let k = 0; k < 20; k++) {
        let bban = '';
        for (let i = 0; i < length - 4; i++) bban += alphabet[next(alphabet.length)];
        const iban = `${cc}${checkDigits(cc, bban)}${bban}`;
        expect(ibanMod97(iban)).toBe(true);
      }
    }
  });

  it('rejects malformed input', () => {
    expect(ibanMod97('')).toBe(false);
    expect(ibanMod97('DE')).toBe(false);
    expect(ibanMod97('DE89')).toBe(false);
    expect(ibanMod97('D189370400440532013000')).toBe(false);
    expect(ibanMod97('DEAB370400440532013000')).toBe(false);
    expect(ibanMod97('DE89-3704-0044-0532-0130-00')).toBe(false);
    expect(ibanMod97('DE89 3704 0044 0532 0130 0Ä')).toBe(false);
    expect(ibanMod97('DE89370400440532013000\n')).toBe(false);
  });
});

describe('us-ssn', () => {
  it.each([['536-22-8141'], ['536 22 8141'], ['536228141'], ['001-01-0001'], ['665-99-9999'], ['899-45-6789'], ['772-10-2045']])(
    'accepts the well-formed number %s',
    (ssn) => {
      expect(usSsn(ssn)).toBe(true);
    },
  );

  it.each([
    ['000-12-3456', 'area 000'],
    ['666-12-3456', 'area 666'],
    ['900-12-3456', 'area 900-999'],
    ['987-65-4320', 'area 900-999 (the range reserved for advertising)'],
    ['999-99-9999', 'area 900-999'],
    ['536-00-8141', 'group 00'],
    ['536-22-0000', 'serial 0000'],
    ['078-05-1120', 'the Woolworth wallet card number'],
    ['078 05 1120', 'the Woolworth number, spaced'],
    ['078051120', 'the Woolworth number, compact'],
    ['219-09-9999', 'the 1940 pamphlet number'],
    ['123-45-6789', 'the form placeholder'],
  ])('rejects %s (%s)', (ssn) => {
    expect(usSsn(ssn)).toBe(false);
  });

  it.each([[''], ['536-22-814'], ['536-22-81411'], ['5362-2-8141'], ['53-622-8141'], ['536--22-8141'], ['536.22.8141'], ['536-22-814a'], ['5362281411']])(
    'rejects the malformed value %j',
    (ssn) => {
      expect(usSsn(ssn)).toBe(false);
    },
  );
});
