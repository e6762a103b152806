/**
 * Generators of planted personal and financial values and of their look-alike decoys. Every
 * planted value passes the check a careful rule would apply (Luhn, mod-97, SSA ranges); every
 * decoy fails exactly one such check or is a well-known published sample.
 */
import { type Rng, UPPER, DIGITS } from './random.js';

// ---------- payment cards ----------

export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = payload.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = payload.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isLuhnValid(digits: string): boolean {
  return luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/** Published test numbers: a rule is right to ignore them, so they are never planted. */
export const TEST_PANS = ['4111111111111111', '5555555555554444', '4242424242424242', '378282246310005', '6011111111111117', '5105105105105100', '4012888888881881'];

function groupDigits(digits: string, sizes: readonly number[], sep: string): string {
  const out: string[] = [];
  let i = 0;
  for (const n of sizes) {
    out.push(digits.slice(i, i + n));
    i += n;
  }
  return out.join(sep);
}

function formatPan(rng: Rng, pan: string): string {
  const sep = rng.weighted([['', 3], [' ', 5], ['-', 2]] as const);
  if (sep === '') return pan;
  return groupDigits(pan, pan.length === 15 ? [4, 6, 5] : [4, 4, 4, 4], sep);
}

export function paymentCard(rng: Rng): string {
  for (;;) {
    const brand = rng.pick(['visa', 'mastercard', 'mastercard2', 'amex', 'discover', 'discover65'] as const);
    let prefix: string;
    let len = 16;
    switch (brand) {
      case 'visa': prefix = '4'; break;
      case 'mastercard': prefix = String(rng.int(51, 55)); break;
      case 'mastercard2': prefix = String(rng.int(2221, 2720)); break;
      case 'amex': prefix = rng.pick(['34', '37']); len = 15; break;
      case 'discover': prefix = '6011'; break;
      case 'discover65': prefix = '65'; break;
    }
    const payload = prefix + rng.digits(len - 1 - prefix.length);
    const pan = payload + luhnCheckDigit(payload);
    // Reject runs of one digit: they read as placeholders and some rules discard them.
    if (TEST_PANS.includes(pan) || /(\d)\1{5}/.test(pan)) continue;
    return formatPan(rng, pan);
  }
}

/** 16 digits that look like a Visa/Mastercard number but fail Luhn (order or tracking numbers). */
export function luhnInvalidNumber(rng: Rng): string {
  const payload = rng.pick(['4532', '4916', '5412', '5105']) + rng.digits(11);
  const good = Number(luhnCheckDigit(payload));
  const bad = (good + rng.int(1, 9)) % 10;
  return formatPan(rng, payload + String(bad));
}

export function testPan(rng: Rng): string {
  return groupDigits(rng.pick(['4111111111111111', '5555555555554444', '4242424242424242']), [4, 4, 4, 4], ' ');
}

// ---------- US social security numbers ----------

const KNOWN_BAD_SSNS = ['078-05-1120', '219-09-9999', '123-45-6789'];

export function usSsn(rng: Rng): string {
  for (;;) {
    const area = rng.int(1, 899);
    if (area === 666) continue;
    const ssn = `${String(area).padStart(3, '0')}-${String(rng.int(1, 99)).padStart(2, '0')}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
    if (!KNOWN_BAD_SSNS.includes(ssn)) return ssn;
  }
}

/** Numbers the SSA never issues, or the famous sample; `why` says which. */
export function invalidSsn(rng: Rng): { value: string; why: string } {
  const g = () => String(rng.int(1, 99)).padStart(2, '0');
  const s = () => String(rng.int(1, 9999)).padStart(4, '0');
  switch (rng.int(0, 5)) {
    case 0: return { value: `000-${g()}-${s()}`, why: 'SSN area 000 is never issued' };
    case 1: return { value: `666-${g()}-${s()}`, why: 'SSN area 666 is never issued' };
    case 2: return { value: `${rng.int(900, 999)}-${g()}-${s()}`, why: 'SSN area 900-999 is never issued (ITIN range)' };
    case 3: return { value: `${String(rng.int(1, 665)).padStart(3, '0')}-00-${s()}`, why: 'SSN group 00 is never issued' };
    case 4: return { value: `${String(rng.int(1, 665)).padStart(3, '0')}-${g()}-0000`, why: 'SSN serial 0000 is never issued' };
    default: return { value: '078-05-1120', why: 'the famous Woolworth wallet sample SSN' };
  }
}

// ---------- IBAN ----------

function mod97(numeric: string): number {
  let r = 0;
  for (let i = 0; i < numeric.length; i += 7) r = Number(String(r) + numeric.slice(i, i + 7)) % 97;
  return r;
}

function ibanNumeric(s: string): string {
  let out = '';
  for (const ch of s) out += ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
  return out;
}

export function ibanCheckDigits(country: string, bban: string): string {
  return String(98 - mod97(ibanNumeric(bban + country + '00'))).padStart(2, '0');
}

export function isIbanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '');
  return mod97(ibanNumeric(compact.slice(4) + compact.slice(0, 4))) === 1;
}

function esCheck(digits: string): string {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(digits[i]) * (w[i] as number);
  const d = 11 - (sum % 11);
  return String(d === 11 ? 0 : d === 10 ? 1 : d);
}

/** BBANs shaped like each country's, with the national check digits where they are simple. */
const BBAN: Record<string, (rng: Rng) => string> = {
  DE: (rng) => rng.digits(18),
  GB: (rng) => rng.pick(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL']) + rng.digits(14),
  FR: (rng) => {
    const bank = rng.digits(5), branch = rng.digits(5), account = rng.digits(11);
    const key = 97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n);
    return bank + branch + account + String(key).padStart(2, '0');
  },
  NL: (rng) => rng.pick(['ABNA', 'INGB', 'RABO', 'TRIO', 'SNSB']) + rng.digits(10),
  ES: (rng) => {
    const bank = rng.digits(4), branch = rng.digits(4), account = rng.digits(10);
    return bank + branch + esCheck('00' + bank + branch) + esCheck(account) + account;
  },
  IT: (rng) => rng.chars(UPPER, 1) + rng.digits(10) + rng.chars(DIGITS + UPPER.slice(0, 6), 12),
  CH: (rng) => rng.digits(5) + rng.chars(DIGITS + UPPER, 12),
  BE: (rng) => {
    const ten = rng.digits(10);
    const chk = Number(BigInt(ten) % 97n) || 97;
    return ten + String(chk).padStart(2, '0');
  },
};

function formatIban(rng: Rng, compact: string): string {
  return rng.chance(0.55) ? compact.replace(/(.{4})(?=.)/g, '$1 ') : compact;
}

export function iban(rng: Rng): string {
  const country = rng.pick(Object.keys(BBAN));
  const bban = (BBAN[country] as (r: Rng) => string)(rng);
  return formatIban(rng, country + ibanCheckDigits(country, bban) + bban);
}

export function ibanWrongCheck(rng: Rng): string {
  const country = rng.pick(Object.keys(BBAN));
  const bban = (BBAN[country] as (r: Rng) => string)(rng);
  const good = Number(ibanCheckDigits(country, bban));
  let bad = good;
  while (bad === good) bad = rng.int(2, 98);
  return formatIban(rng, country + String(bad).padStart(2, '0') + bban);
}

// ---------- e-mail ----------

export const FIRST_NAMES = ['Anna', 'Ben', 'Chloe', 'Daniel', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Keiko', 'Liam', 'Maya', 'Noah', 'Olivia', 'Pavel', 'Quinn', 'Rosa', 'Samir', 'Tara', 'Umar', 'Vera', 'Wei', 'Ximena', 'Yusuf', 'Zoe', 'Lena', 'Marco', 'Priya', 'Tomas', 'Aisha', 'Felix', 'Hannah', 'Ivan', 'Julia', 'Kofi', 'Lucia', 'Mateo', 'Nora', 'Oscar'];
export const LAST_NAMES = ['Fischer', 'Garcia', 'Nguyen', 'Okafor', 'Schmidt', 'Rossi', 'Kowalski', 'Tanaka', 'Dubois', 'Jansen', 'Silva', 'Novak', 'Larsen', 'Haddad', 'Murphy', 'Chen', 'Patel', 'Moreau', 'Becker', 'Lindqvist', 'Costa', 'Horvat', 'Brennan', 'Yilmaz', 'Walsh', 'Kim', 'Andersen', 'Ortiz', 'Weber', 'Sato'];

const MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'proton.me', 'icloud.com', 'gmx.de', 'hotmail.fr', 'brightwave.io', 'nordlicht-consulting.de', 'harborview-health.org', 'bluepeak.co', 'tallyforge.com', 'meridian-freight.eu', 'quillstone.law', 'oakridge-partners.com', 'sunfield.energy'];

export function emailAddress(rng: Rng): string {
  const f = rng.pick(FIRST_NAMES).toLowerCase();
  const l = rng.pick(LAST_NAMES).toLowerCase();
  const local = rng.weighted([
    [`${f}.${l}`, 5], [`${f[0]}${l}`, 2], [`${f}_${l}`, 1], [`${f}${l}${rng.int(1, 99)}`, 1], [`${f}.${l}-${rng.pick(['billing', 'hr', 'ops'])}`, 1],
  ] as const);
  return `${local}@${rng.pick(MAIL_DOMAINS)}`;
}

export function reservedEmail(rng: Rng): string {
  const local = rng.pick(['jane.doe', 'john.smith', 'qa.bot', 'alerts', 'noreply', 'user']);
  return `${local}@${rng.pick(['example.com', 'example.org', 'example.net', 'staging.test', 'mail.example.com'])}`;
}

// ---------- phone numbers (always with a leading plus) ----------

const US_AREAS = ['212', '415', '646', '312', '617', '206', '303', '512', '718', '202', '305', '408'];

export function phoneNumber(rng: Rng): string {
  const d = (n: number) => String(rng.int(2, 9)) + rng.digits(n - 1);
  switch (rng.int(0, 5)) {
    case 0: return `+1 ${rng.pick(US_AREAS)} ${d(3)} ${rng.digits(4)}`;
    case 1: return `+1-${rng.pick(US_AREAS)}-${d(3)}-${rng.digits(4)}`;
    case 2: return rng.chance(0.5) ? `+44 20 ${d(4)} ${rng.digits(4)}` : `+44 7${rng.digits(3)} ${d(6)}`;
    case 3: return `+49 ${rng.pick(['30', '89', '40', '69'])} ${d(rng.int(6, 8))}`;
    case 4: return `+33 ${rng.pick(['1', '6', '7'])} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`;
    default: return `+${rng.pick(['31', '34', '39'])} ${d(3)} ${rng.digits(3)} ${rng.digits(3)}`;
  }
}

