import { describe, expect, it } from 'vitest';

import { isValidatorName, validators } from '../../src/detect/validators/index.js';
import {
  INTL_VALIDATORS,
  abaRouting,
  auMedicare,
  auTfn,
  brCnpj,
  brCpf,
  btcAddress,
  caSin,
  cnResidentId,
  ethAddress,
  ethAddressChecksummed,
  inAadhaar,
  inPan,
  isin,
  jpMyNumber,
  krRrn,
  mxCurp,
  sgNric,
  swiftBic,
  usDea,
  usItin,
  usNpi,
  verhoeff,
  zaId,
} from '../../src/detect/validators/intl/index.js';

/**
 * Valid values are published examples (standards, issuers' documentation, python-stdnum test
 * vectors, BIP 173/350, EIP-55) or synthetic values with correct check digits; each invalid value
 * is one edit away from a valid one, or breaks one structural rule.
 */

describe('intl validator registry', () => {
  it('registers every intl validator under its rule-facing name, frozen', () => {
    expect(Object.keys(INTL_VALIDATORS).sort()).toEqual(
      [
        'aba-routing',
        'au-medicare',
        'au-tfn',
        'br-cnpj',
        'br-cpf',
        'btc-address',
        'ca-sin',
        'cn-resident-id',
        'eth-address',
        'eth-address-checksummed',
        'in-aadhaar',
        'in-pan',
        'isin',
        'jp-my-number',
        'kr-rrn',
        'mx-curp',
        'sg-nric',
        'swift-bic',
        'us-dea',
        'us-itin',
        'us-npi',
        'verhoeff',
        'za-id',
      ].sort(),
    );
    expect(Object.isFrozen(INTL_VALIDATORS)).toBe(true);
  });

  it('is reachable through the main registry', () => {
    for (const [name, fn] of Object.entries(INTL_VALIDATORS)) {
      expect(isValidatorName(name)).toBe(true);
      expect(validators[name]).toBe(fn);
    }
  });
});

type Case = [string, boolean];

function table(name: string, fn: (v: string) => boolean, cases: Case[]): void {
  describe(name, () => {
    it.each(cases)('%s -> %s', (value, expected) => {
      expect(fn(value)).toBe(expected);
    });
  });
}

table('verhoeff', verhoeff, [
  ['2363', true], // the textbook example: 236 with check digit 3
  ['2364', false],
  ['2336', false], // adjacent transposition is caught
  ['123451', true],
  ['12345678902', true],
  ['12345678901', false],
  ['1', false],
  ['12a4', false],
]);

table('aba-routing', abaRouting, [
  ['021000021', true], // JPMorgan Chase, New York
  ['011000015', true], // Federal Reserve Bank of Boston
  ['121000358', true], // Bank of America, California
  ['0210-0002-1', true],
  ['021000022', false], // wrong check digit
  ['131000024', false], // prefix 13 is not a Federal Reserve routing symbol
  ['000000000', false],
  ['02100002', false],
]);

table('ca-sin', caSin, [
  ['130 692 544', true],
  ['130-692-544', true],
  ['272538943', true],
  ['046 454 286', false], // Service Canada's sample: first digit 0 is fictitious
  ['846 454 281', false], // Luhn-valid, but 8 is not issued to people
  ['130 692 545', false],
  ['13069254', false],
]);

table('br-cpf', brCpf, [
  ['111.444.777-35', true],
  ['529.982.247-25', true],
  ['52998224725', true],
  ['529982247-25', true],
  ['111.444.777-36', false],
  ['529.982.247-52', false],
  ['111.111.111-11', false], // passes the arithmetic, never issued
  ['000.000.000-00', false],
  ['5299822472', false],
]);

table('br-cnpj', brCnpj, [
  ['11.222.333/0001-81', true],
  ['07.195.358/0001-66', true], // python-stdnum test vector
  ['61882613000194', true],
  ['12.ABC.345/01DE-35', true], // Receita Federal's alphanumeric example (from July 2026)
  ['11.222.333/0001-82', false],
  ['12.ABC.345/01DE-36', false],
  ['00.000.000/0000-00', false],
  ['11.111.111/1111-11', false],
]);

table('in-aadhaar', inAadhaar, [
  ['499118665246', true],
  ['2341 2341 2346', true],
  ['6096-0237-1366', true],
  ['499118665247', false], // Verhoeff fails
  ['199118665246', false], // first digit 1 is reserved
  ['49911866524', false],
]);

table('in-pan', inPan, [
  ['AFZPK7190K', true], // python-stdnum test vectors
  ['AAKFD7113K', true],
  ['ABMPA3211G', true],
  ['ABCDE1234F', false], // D is not a holder type
  ['AFZPK0000K', false], // serial 0000
  ['AFZPK719OK', false],
  ['afzpk7190k', false],
]);

table('sg-nric', sgNric, [
  ['S1234567D', true],
  ['S8076606H', true],
  ['S1728872E', true],
  ['G4549883U', true],
  ['T0123456Z', false],
  ['M1234567K', true], // M series (2022), the FormSG test vector
  ['M3960741N', true],
  ['M1234567N', false], // the letter an implementation without the +3 offset would give
  ['S1179607H', false],
  ['X1728872E', false],
  ['S172887E', false],
]);

table('cn-resident-id', cnResidentId, [
  ['11010519491231002X', true], // the GB 11643 example
  ['360426199101010071', true],
  ['44011320141005001x', true],
  ['36042619910102009X', false], // wrong check character
  ['360426199113010079', false], // month 13
  ['990426199112010074', false], // province 99 does not exist
  ['11010519491231002', false],
]);

table('jp-my-number', jpMyNumber, [
  ['123456789018', true],
  ['2319 6748 4441', true],
  ['691405369543', true],
  ['123456789019', false],
  ['000000000000', false],
  ['12345678901', false],
]);

table('au-tfn', auTfn, [
  ['123 456 782', true], // the ATO documentation example
  ['876 543 210', true],
  ['459599230', true],
  ['112474082', true],
  ['123456783', false],
  ['000000000', false],
  ['12345678', false],
]);

table('au-medicare', auMedicare, [
  ['2123 45670 1', true], // the usual developer test number
  ['2123456701', true],
  ['21234567011', true], // with the individual reference number
  ['2123 45671 1', false], // wrong check digit
  ['2123456700', false], // issue number 0
  ['7123456701', false], // first digit 7
  ['212345670', false],
]);

table('us-npi', usNpi, [
  ['1234567893', true], // CMS example
  ['1455759765', true],
  ['1234567894', false],
  ['3234567893', false],
  ['123456789', false],
]);

table('us-dea', usDea, [
  ['AB1234563', true], // the textbook example: 1+3+5 + 2*(2+4+6) = 33
  ['A91234563', true], // business registrant with 9
  ['BG2742028', true],
  ['AB1234564', false],
  ['QB1234563', false], // Q is not a registrant type
  ['AB123456', false],
  ['AB0000000', false],
]);

table('isin', isin, [
  ['US0378331005', true], // Apple
  ['AU0000XVGZA3', true],
  ['GB0002634946', true], // BAE Systems
  ['BMG4209T1009', true],
  ['XS2021832634', true],
  ['US0378331006', false],
  ['ZZ0378331005', false], // not a country
  ['US037833100', false],
]);

table('swift-bic', swiftBic, [
  ['DEUTDEFF', true],
  ['DEUTDEFF500', true],
  ['NEDSZAJJXXX', true],
  ['CHASUS33', true],
  ['DEUTDEF1', true], // location ending in 1: passive participant
  ['DEUTZZFF', false], // ZZ is not a country
  ['DEUTDE1F', false], // location cannot start with 0 or 1
  ['DEUTDEFO', false], // letter O is not allowed in the second location character
  ['DEUTDEFFXAB', false], // a branch starting with X must be XXX
  ['DEUTDEFF50', false],
]);

table('us-itin', usItin, [
  ['912-70-1234', true],
  ['900-50-1234', true], // the 50-65 range added in 2011
  ['999-99-9999', true],
  ['912-93-1234', false], // group 93 is never issued
  ['912-66-1234', false],
  ['912-89-1234', false],
  ['812-70-1234', false],
  ['912-70-0000', false],
]);

table('kr-rrn', krRrn, [
  ['971013-9019902', true], // born 1897 (python-stdnum vector)
  ['880411-2238459', true],
  ['9710131019901', true],
  ['210315-3123456', true], // born 2021: issued without a check digit, only the date is checked
  ['971013-9019903', false],
  ['971310-9019908', false], // month 13
  ['880230-2238459', false], // 30 February
]);

table('za-id', zaId, [
  ['8001015009087', true],
  ['7611055077082', true], // python-stdnum vectors
  ['5306060050180', true],
  ['800101 5009 087', true],
  ['8001015009088', false],
  ['5306060050883', false], // citizenship digit 8
  ['0099015077086', false], // month 99
]);

table('mx-curp', mxCurp, [
  ['HEGG560427MVZRRL04', true], // python-stdnum vectors
  ['BEML920313HMCLNS09', true],
  ['PEGL890909MJCRMS08', true],
  ['PEGL890909MJCRMS09', false], // check digit
  ['BACA890909MJCRMS05', false], // blocked word
  ['PEGL891313MJCRMS06', false], // date
  ['PEGL890909QJCRMS08', false], // sex
  ['PEGL890909MQQRMS02', false], // state
]);

table('btc-address', btcAddress, [
  ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', true], // genesis block P2PKH
  ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', true], // BIP 13 P2SH example
  ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', true], // BIP 173 P2WPKH
  ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', true],
  ['bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3', true], // P2WSH
  ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', true], // BIP 350 taproot
  ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', true], // BIP 350 v1
  ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', false], // Base58Check checksum
  ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', false], // bech32 checksum
  ['Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', false], // mixed case
  ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx', false], // v1 with a bech32 checksum
  ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', false], // testnet
  ['mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', false], // testnet P2PKH
]);

table('eth-address', ethAddress, [
  ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', true], // EIP-55 test vectors
  ['0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', true],
  ['0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', true],
  ['0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb', true],
  ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', true], // no checksum to check
  ['0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED', true],
  ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', false], // one letter's case flipped
  ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe', false],
  ['5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', false],
]);

table('eth-address-checksummed', ethAddressChecksummed, [
  ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', true],
  ['0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', true],
  ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', false], // no checksum: needs context, other rule
  ['0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED', false],
  ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', false],
]);
