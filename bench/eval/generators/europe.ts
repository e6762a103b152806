/**
 * Evaluation generators for the European national, tax and health identifier rules
 * (rules/uk-*.yaml, nl-bsn.yaml, ... see the rule ids below).
 *
 * Every `valid(rng)` returns a synthetic value with correct check digits, written the way people
 * paste it, and exactly the span its rule reports. Templates carry the native-language context
 * words the rules need (most of these rules require them). Only the given `rng` is used, so the
 * corpus is reproducible; the text holds no other long digit runs, no e-mail addresses and no
 * '+' phone numbers.
 */
import type { HardNegative, Rng, ValueGenerator } from '../types.js';
import { chance, digits, int, pick } from '../rand.js';

// ---------------------------------------------------------------------------------------------
// Random helpers

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function letters(rng: Rng, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[int(rng, 0, alphabet.length - 1)];
  return s;
}

interface Birth {
  year: number;
  month: number;
  day: number;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function birth(rng: Rng, fromYear: number, toYear: number): Birth {
  const year = int(rng, fromYear, toYear);
  const month = int(rng, 1, 12);
  const days = month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return { year, month, day: int(rng, 1, days) };
}

function weighted(s: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (s.charCodeAt(i) - 48) * (weights[i] ?? 0);
  return sum;
}

/** The Luhn check digit to append to `body`. */
function luhnCheck(body: string): number {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

/** Changes the last character to another digit (a wrong check digit). */
function breakLastDigit(rng: Rng, value: string): string {
  const last = value.charCodeAt(value.length - 1) - 48;
  return value.slice(0, -1) + String((last + int(rng, 1, 9)) % 10);
}

// ---------------------------------------------------------------------------------------------
// Value makers (compact forms; the generators add the usual separators)

function ukNhs(rng: Rng): string {
  for (;;) {
    const body = pick(rng, ['4', '6', '7']) + digits(rng, 8);
    let check = 11 - (weighted(body, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
    if (check === 11) check = 0;
    if (check !== 10) return body + String(check);
  }
}

const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';

function ukNino(rng: Rng): string {
  for (;;) {
    const prefix = letters(rng, NINO_FIRST, 1) + letters(rng, NINO_SECOND, 1);
    if (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix)) continue;
    return prefix + digits(rng, 6) + pick(rng, ['A', 'B', 'C', 'D']);
  }
}

function nlBsn(rng: Rng): string {
  for (;;) {
    const body = String(int(rng, 1, 6)) + digits(rng, 7);
    const r = weighted(body, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
    if (r <= 9) return body + String(r);
  }
}

function noFnr(rng: Rng): string {
  for (;;) {
    const b = birth(rng, 1945, 2015);
    const individual = b.year >= 2000 ? int(rng, 500, 999) : chance(rng, 0.8) ? int(rng, 0, 499) : int(rng, 900, 999);
    const body = pad(b.day, 2) + pad(b.month, 2) + pad(b.year % 100, 2) + pad(individual, 3);
    let k1 = 11 - (weighted(body, [3, 7, 6, 1, 8, 9, 4, 5, 2]) % 11);
    if (k1 === 11) k1 = 0;
    if (k1 === 10) continue;
    let k2 = 11 - (weighted(body + String(k1), [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11);
    if (k2 === 11) k2 = 0;
    if (k2 === 10) continue;
    return body + String(k1) + String(k2);
  }
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Eight digits that read as a date stamp YYYYMMDD: the es-dni validator rejects them. */
const DATE_STAMP = /^(?:19[5-9][0-9]|20[0-9]{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])$/;

function esDni(rng: Rng): string {
  for (;;) {
    const n = int(rng, 10_000_000, 79_999_999);
    if (!DATE_STAMP.test(String(n))) return pad(n, 8) + DNI_LETTERS[n % 23];
  }
}

function esNie(rng: Rng): string {
  const prefix = pick(rng, ['X', 'Y', 'Y', 'Z']);
  const body = digits(rng, 7);
  const n = Number(String('XYZ'.indexOf(prefix)) + body);
  return prefix + body + DNI_LETTERS[n % 23];
}

function frNir(rng: Rng): string {
  const b = birth(rng, 1945, 2015);
  const dept = chance(rng, 0.05) ? pick(rng, ['2A', '2B']) : pad(pick(rng, [int(rng, 1, 19), int(rng, 21, 95)]), 2);
  const body = String(int(rng, 1, 2)) + pad(b.year % 100, 2) + pad(b.month, 2) + dept + pad(int(rng, 1, 999), 3) + pad(int(rng, 1, 999), 3);
  const numeric = body.replace('2A', '19').replace('2B', '18');
  return body + pad(97 - (Number(numeric) % 97), 2);
}

const CF_ODD_DIGITS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
const CF_ODD_LETTERS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const CF_MUNICIPALITIES = ['H501', 'F205', 'A944', 'L219', 'G273', 'D612', 'A662', 'F839', 'C351', 'L736', 'E506', 'B157', 'G224'];

function cfCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = body.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    const v = isDigit ? c - 48 : c - 65;
    sum += i % 2 === 0 ? ((isDigit ? CF_ODD_DIGITS[v] : CF_ODD_LETTERS[v]) ?? 0) : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

function itCodiceFiscale(rng: Rng): string {
  const consonants = 'BCDFGLMNPRSTVZ';
  const b = birth(rng, 1945, 2010);
  const day = b.day + (chance(rng, 0.5) ? 40 : 0);
  const body =
    letters(rng, consonants, 2) + letters(rng, 'AEIOU', 1) + letters(rng, consonants, 3) +
    pad(b.year % 100, 2) + 'ABCDEHLMPRST'[b.month - 1] + pad(day, 2) + pick(rng, CF_MUNICIPALITIES);
  return body + cfCheck(body);
}

function deTaxIdCheck(body: string): number {
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (body.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

function deTaxId(rng: Rng): string {
  for (;;) {
    // Nine distinct digits and one of them a second time: one digit of 0-9 is missing.
    const missing = int(rng, 0, 9);
    const pool = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => d !== missing);
    pool.push(pick(rng, pool));
    for (let i = pool.length - 1; i > 0; i--) {
      const j = int(rng, 0, i);
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    if (pool[0] === 0) continue;
    const body = pool.join('');
    return body + String(deTaxIdCheck(body));
  }
}

function plPesel(rng: Rng): string {
  const b = birth(rng, 1945, 2015);
  const month = b.month + (b.year >= 2000 ? 20 : 0);
  const body = pad(b.year % 100, 2) + pad(month, 2) + pad(b.day, 2) + digits(rng, 4);
  const check = (10 - (weighted(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10;
  return body + String(check);
}

/** Swedish personnummer as { ten digits, full year }. */
function sePersonnummer(rng: Rng): { ten: string; year: number } {
  const b = birth(rng, 1940, 2012);
  const day = b.day + (chance(rng, 0.05) ? 60 : 0); // a few samordningsnummer
  const body = pad(b.year % 100, 2) + pad(b.month, 2) + pad(day, 2) + pad(int(rng, 1, 999), 3);
  return { ten: body + String(luhnCheck(body)), year: b.year };
}

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

function fiHetu(rng: Rng): string {
  const b = birth(rng, 1945, 2015);
  const sign = b.year >= 2000 ? (chance(rng, 0.85) ? 'A' : pick(rng, ['B', 'C', 'D', 'E', 'F'])) : chance(rng, 0.9) ? '-' : pick(rng, ['Y', 'X', 'W', 'V', 'U']);
  const date = pad(b.day, 2) + pad(b.month, 2) + pad(b.year % 100, 2);
  const individual = pad(int(rng, 2, 899), 3);
  return date + sign + individual + HETU_CHECK[Number(date + individual) % 31];
}

function dkCpr(rng: Rng): string {
  const b = birth(rng, 1940, 2015);
  const yy = b.year % 100;
  // Seventh digit: 0-3 always 1900s; 4 and 9 mean 2000s for 00-36; 5-8 mean 2000s for 00-57.
  const seventh = b.year >= 2000 ? pick(rng, [4, 5, 6, 7, 8, 9]) : yy >= 37 && chance(rng, 0.2) ? pick(rng, [4, 9]) : int(rng, 0, 3);
  return pad(b.day, 2) + pad(b.month, 2) + pad(yy, 2) + String(seventh) + digits(rng, 3);
}

function beNationalNumber(rng: Rng): string {
  const b = birth(rng, 1945, 2015);
  const body = pad(b.year % 100, 2) + pad(b.month, 2) + pad(b.day, 2) + pad(int(rng, 1, 997), 3);
  const n = Number(body) + (b.year >= 2000 ? 2_000_000_000 : 0);
  return body + pad(97 - (n % 97), 2);
}

function ptNif(rng: Rng): string {
  const body = pick(rng, ['1', '2', '2', '5']) + digits(rng, 7);
  const r = weighted(body, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  return body + String(r < 2 ? 0 : 11 - r);
}

function chAhv(rng: Rng): string {
  const body = '756' + digits(rng, 9);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (body.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

const PPSN_TABLE = 'WABCDEFGHIJKLMNOPQRSTUV';

function iePpsn(rng: Rng): string {
  const body = String(int(rng, 1, 9)) + digits(rng, 6);
  const second = chance(rng, 0.5) ? 'A' : '';
  const sum = weighted(body, [8, 7, 6, 5, 4, 3, 2]) + (second === 'A' ? 9 : 0);
  return body + PPSN_TABLE[sum % 23] + second;
}

function atSvnr(rng: Rng): string {
  for (;;) {
    const b = birth(rng, 1940, 2015);
    const serial = String(int(rng, 1, 9)) + digits(rng, 2);
    const date = pad(b.day, 2) + pad(b.month, 2) + pad(b.year % 100, 2);
    const r = weighted(serial + '0' + date, [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]) % 11;
    if (r !== 10) return serial + String(r) + date;
  }
}

function czBirthNumber(rng: Rng): string {
  for (;;) {
    const b = birth(rng, 1954, 2015);
    const month = b.month + (chance(rng, 0.5) ? 50 : 0);
    const first9 = pad(b.year % 100, 2) + pad(month, 2) + pad(b.day, 2) + digits(rng, 3);
    const c = (11 - ((Number(first9) * 10) % 11)) % 11;
    if (c !== 10) return first9 + String(c);
  }
}

function roCnp(rng: Rng): string {
  const b = birth(rng, 1945, 2015);
  const sex = (b.year >= 2000 ? 5 : 1) + int(rng, 0, 1);
  const county = pick(rng, [int(rng, 1, 46), int(rng, 1, 46), 51, 52]);
  const body = String(sex) + pad(b.year % 100, 2) + pad(b.month, 2) + pad(b.day, 2) + pad(county, 2) + pad(int(rng, 1, 999), 3);
  let check = weighted(body, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
  if (check === 10) check = 1;
  return body + String(check);
}

function grAmka(rng: Rng): string {
  const b = birth(rng, 1945, 2015);
  const body = pad(b.day, 2) + pad(b.month, 2) + pad(b.year % 100, 2) + digits(rng, 4);
  return body + String(luhnCheck(body));
}

function eeIsikukood(rng: Rng): string {
  const b = birth(rng, 1945, 2015);
  const g = (b.year >= 2000 ? 5 : 3) + int(rng, 0, 1);
  const body = String(g) + pad(b.year % 100, 2) + pad(b.month, 2) + pad(b.day, 2) + pad(int(rng, 0, 999), 3);
  let check = weighted(body, [1, 2, 3, 4, 5, 6, 7, 8, 9, 1]) % 11;
  if (check === 10) {
    check = weighted(body, [3, 4, 5, 6, 7, 8, 9, 1, 2, 3]) % 11;
    if (check === 10) check = 0;
  }
  return body + String(check);
}

// ---------------------------------------------------------------------------------------------
// Generators, one per rule

export const generators: ValueGenerator[] = [
  {
    ruleId: 'uk-nhs-number',
    valid: (rng) => {
      const s = ukNhs(rng);
      return chance(rng, 0.6) ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}` : s;
    },
    templates: [
      'Patient NHS number {v}, referred by her GP for a follow up scan.',
      'Can you draft the discharge letter? NHS no. {v}, admitted on the ward last night.',
      'The clinic letter lists the NHS number as {v} but the portal shows a different one.',
      'Please add NHS number: {v} to the referral form before it goes to the hospital.',
    ],
  },
  {
    ruleId: 'uk-nino',
    valid: (rng) => {
      const s = ukNino(rng);
      return chance(rng, 0.4) ? `${s.slice(0, 2)} ${s.slice(2, 4)} ${s.slice(4, 6)} ${s.slice(6, 8)} ${s[8]}` : s;
    },
    templates: [
      'My National Insurance number is {v}, can you put it in the payroll starter form?',
      'HMRC letter attached, NINO {v}, please check the tax code they used.',
      'New starter details: Priya Shah, NI number {v}, begins on Monday.',
      'For the pension enrolment I need to quote {v} as my national insurance number.',
    ],
  },
  {
    ruleId: 'nl-bsn',
    valid: (rng) => {
      const s = nlBsn(rng);
      return chance(rng, 0.2) ? `${s.slice(0, 4)}.${s.slice(4, 6)}.${s.slice(6)}` : s;
    },
    templates: [
      'Can you fill in the onboarding form for the new hire? BSN: {v}, she starts next month.',
      'Mijn burgerservicenummer is {v}, kun je dat in het dossier zetten?',
      'The payroll export is missing the sofinummer for Jan de Vries ({v}).',
      'Klant gaf haar BSN {v} door, klopt dat met de gegevens in het systeem?',
    ],
  },
  {
    ruleId: 'no-fodselsnummer',
    valid: (rng) => {
      const s = noFnr(rng);
      return chance(rng, 0.2) ? `${s.slice(0, 6)} ${s.slice(6)}` : s;
    },
    templates: [
      'Fødselsnummer {v} må legges inn i lønnssystemet før fredag.',
      'The Norwegian employee gave her fødselsnummer as {v}, can you check the format?',
      'Kan du sjekke om personnummer {v} er registrert hos oss?',
      'For the A-melding we need the fnr {v} of the new consultant.',
    ],
  },
  {
    ruleId: 'es-dni',
    valid: (rng) => {
      const s = esDni(rng);
      const r = rng();
      if (r < 0.5) return s;
      if (r < 0.8) return `${s.slice(0, 8)}-${s[8]}`;
      return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}-${s[8]}`;
    },
    templates: [
      'El cliente nos ha enviado su DNI {v} para completar el contrato.',
      'Can you check the NIF on this invoice? It says {v} but the name looks wrong.',
      'Mi DNI es {v}, ¿me puedes rellenar el formulario de la matrícula?',
      'Datos del trabajador: Lucía Martín García, DNI {v}, alta el lunes.',
    ],
  },
  {
    ruleId: 'es-nie',
    valid: (rng) => {
      const s = esNie(rng);
      return chance(rng, 0.3) ? `${s[0]}-${s.slice(1, 8)}-${s[8]}` : s;
    },
    templates: [
      'My NIE is {v}, do I need it for the rental contract in Madrid?',
      'El trabajador extranjero tiene NIE {v}, ¿lo damos de alta igualmente?',
      'Please update the supplier record: NIE {v}, the freelancer moved to Valencia.',
      'Número de identidad de extranjero: {v}, pendiente de renovar la tarjeta.',
    ],
  },
  {
    ruleId: 'fr-nir',
    valid: (rng) => {
      const s = frNir(rng);
      if (chance(rng, 0.4)) return s;
      return `${s[0]} ${s.slice(1, 3)} ${s.slice(3, 5)} ${s.slice(5, 7)} ${s.slice(7, 10)} ${s.slice(10, 13)} ${s.slice(13)}`;
    },
    templates: [
      'Mon numéro de sécurité sociale est le {v}, pouvez-vous mettre à jour mon dossier ?',
      'The French contractor gave his NIR {v} for the payroll setup.',
      'Numéro de sécu du salarié : {v}, à reporter sur la DPAE.',
      'Carte Vitale {v} refusée à la pharmacie, que faire ?',
    ],
  },
  {
    ruleId: 'it-codice-fiscale',
    valid: (rng) => itCodiceFiscale(rng),
    templates: [
      'Il mio codice fiscale è {v}, puoi compilare il modulo di iscrizione?',
      'Can you check if the fiscal code {v} matches the name on the invoice?',
      'Dati del fornitore: Mario Bianchi, C.F. {v}, partita IVA in arrivo.',
      'The Italian client sent {v} as his tax code for the contract.',
    ],
  },
  {
    ruleId: 'de-tax-id',
    valid: (rng) => {
      const s = deTaxId(rng);
      return chance(rng, 0.5) ? `${s.slice(0, 2)} ${s.slice(2, 5)} ${s.slice(5, 8)} ${s.slice(8)}` : s;
    },
    templates: [
      'Meine Steuer-ID ist {v}, kannst du sie in die Lohnabrechnung eintragen?',
      'The new hire in Munich sent her Steuer-IdNr {v} for the payroll setup.',
      'Bitte die steuerliche Identifikationsnummer {v} im Personalbogen ergänzen.',
      'Die Identifikationsnummer {v} steht oben rechts auf dem Brief vom Bundeszentralamt.',
    ],
  },
  {
    ruleId: 'pl-pesel',
    valid: (rng) => plPesel(rng),
    templates: [
      'Mój numer PESEL to {v}, czy możesz uzupełnić wniosek?',
      'The Polish employee gave PESEL {v} for the health insurance form.',
      'Pacjent, PESEL: {v}, skierowanie na badania kontrolne.',
      'Please check whether the PESEL {v} matches the birth date on the contract.',
    ],
  },
  {
    ruleId: 'se-personnummer',
    valid: (rng) => {
      const { ten, year } = sePersonnummer(rng);
      const r = rng();
      if (r < 0.7) return `${ten.slice(0, 6)}-${ten.slice(6)}`;
      const full = String(Math.floor(year / 100)) + ten;
      return r < 0.9 ? `${full.slice(0, 8)}-${full.slice(8)}` : full;
    },
    templates: [
      'Mitt personnummer är {v}, kan du fylla i blanketten åt mig?',
      'The Swedish candidate gave her personnummer {v} for the background check.',
      'Kund med personnummer {v} ringde om fakturan igen.',
      'Ny anställd: Erik Lindqvist, personnr {v}, börjar på måndag.',
    ],
  },
  {
    ruleId: 'fi-hetu',
    valid: (rng) => {
      for (;;) {
        const s = fiHetu(rng);
        const sign = s[6] ?? '-';
        const check = s[10] ?? '0';
        if (!'-+'.includes(sign) || !/[0-9]/.test(check)) return s;
      }
    },
    templates: [
      'Henkilötunnus {v}, voitko lisätä sen potilastietoihin?',
      'The Finnish employee sent her hetu {v} for the payroll.',
      'Asiakkaan tiedot: Matti Virtanen, {v}, Helsinki.',
      'Please fill in the form for Aino Korhonen ({v}) before the visit.',
    ],
  },
  {
    ruleId: 'fi-hetu-numeric',
    valid: (rng) => {
      for (;;) {
        const s = fiHetu(rng);
        if (s[6] === '-' && /[0-9]/.test(s[10] ?? '')) return s;
      }
    },
    templates: [
      'Henkilötunnus {v}, voitko lisätä sen potilastietoihin?',
      'The Finnish employee sent her hetu {v} for the payroll.',
      'Asiakkaan hetu on {v}, tarkista osoite.',
      'Personal identity code {v} is on the Kela decision letter.',
    ],
  },
  {
    ruleId: 'dk-cpr',
    valid: (rng) => {
      const s = dkCpr(rng);
      // Compact only when it cannot also be read as a Dutch mobile number (06 + 8 digits), which
      // nl-phone-number reports: such a value would be a finding of two rules at once.
      return chance(rng, 0.7) || s.startsWith('06') ? `${s.slice(0, 6)}-${s.slice(6)}` : s;
    },
    templates: [
      'Mit CPR-nummer er {v}, kan du udfylde blanketten?',
      'The Danish employee gave her CPR number {v} for the pension scheme.',
      'Borger med cpr {v} har ringet om sin sag.',
      'Please add CPR {v} to the patient record before the appointment.',
    ],
  },
  {
    ruleId: 'be-national-number',
    valid: (rng) => {
      const s = beNationalNumber(rng);
      return chance(rng, 0.6) ? `${s.slice(0, 2)}.${s.slice(2, 4)}.${s.slice(4, 6)}-${s.slice(6, 9)}.${s.slice(9)}` : s;
    },
    templates: [
      'Mijn rijksregisternummer is {v}, kun je het formulier invullen?',
      'Numéro de registre national : {v}, merci de compléter le dossier.',
      'The Belgian consultant sent his national number {v} for the Limosa declaration.',
      'INSZ {v} ontbreekt nog in de aangifte, kan je dat nakijken?',
    ],
  },
  {
    ruleId: 'pt-nif',
    valid: (rng) => {
      const s = ptNif(rng);
      return chance(rng, 0.2) ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}` : s;
    },
    templates: [
      'O meu NIF é {v}, pode emitir a fatura com contribuinte?',
      'Please add the Portuguese NIF {v} to the supplier invoice.',
      'Número de contribuinte {v}, a fatura tem de sair em nome da empresa.',
      'Cliente pediu fatura com NIF {v} depois de pagar.',
    ],
  },
  {
    ruleId: 'ch-ahv',
    valid: (rng) => {
      const s = chAhv(rng);
      return chance(rng, 0.8) ? `${s.slice(0, 3)}.${s.slice(3, 7)}.${s.slice(7, 11)}.${s.slice(11)}` : s;
    },
    templates: [
      'Meine AHV-Nummer ist {v}, kannst du sie im Personalstamm ergänzen?',
      'Numéro AVS : {v}, à reporter sur le certificat de salaire.',
      'The Swiss employee sent his AHV number {v} for the pension fund.',
      'AHV-Nr. {v} fehlt noch auf der Lohnabrechnung.',
    ],
  },
  {
    ruleId: 'ie-ppsn',
    valid: (rng) => iePpsn(rng),
    templates: [
      'My PPS number is {v}, can you put it on the employment form?',
      'The new hire in Dublin sent PPSN {v} for Revenue.',
      'Please check the PPSN {v} against the payslip before we file.',
      'Personal public service number: {v}, needed for the medical card.',
    ],
  },
  {
    ruleId: 'at-svnr',
    valid: (rng) => {
      const s = atSvnr(rng);
      return chance(rng, 0.6) ? `${s.slice(0, 4)} ${s.slice(4)}` : s;
    },
    templates: [
      'Meine Sozialversicherungsnummer ist {v}, bitte im Lohnzettel ergänzen.',
      'SVNR {v} steht auf der e-card, kannst du das für die Anmeldung übernehmen?',
      'The Austrian employee sent his social insurance number (SV-Nummer) {v}.',
      'Versicherungsnummer {v} bitte bei der ÖGK Anmeldung angeben.',
    ],
  },
  {
    ruleId: 'cz-birth-number',
    valid: (rng) => {
      const s = czBirthNumber(rng);
      return chance(rng, 0.7) ? `${s.slice(0, 6)}/${s.slice(6)}` : s;
    },
    templates: [
      'Moje rodné číslo je {v}, můžete vyplnit přihlášku?',
      'The Czech employee gave her birth number {v} for the health insurer.',
      'Pacient, r.č. {v}, objednán na kontrolu.',
      'Rodné číslo: {v}, prosím doplnit do smlouvy.',
    ],
  },
  {
    ruleId: 'ro-cnp',
    valid: (rng) => roCnp(rng),
    templates: [
      'CNP-ul meu este {v}, poți completa formularul?',
      'The Romanian contractor sent his CNP {v} for the contract.',
      'Date angajat: Andrei Popescu, CNP {v}, începe luni.',
      'Cod numeric personal {v}, necesar pentru dosarul de angajare.',
    ],
  },
  {
    ruleId: 'gr-amka',
    valid: (rng) => grAmka(rng),
    templates: [
      'Ο ΑΜΚΑ μου είναι {v}, μπορείς να συμπληρώσεις την αίτηση;',
      'The Greek employee gave her AMKA {v} for the health insurance.',
      'AMKA: {v}, please add it to the payroll file.',
      'Ασθενής με ΑΜΚΑ {v} για επανεξέταση.',
    ],
  },
  {
    ruleId: 'ee-isikukood',
    valid: (rng) => eeIsikukood(rng),
    templates: [
      'Minu isikukood on {v}, kas saad avalduse ära täita?',
      'The Estonian contractor sent his isikukood {v} for the invoice.',
      'Personal identification code {v}, needed for the e-residency form.',
      'Töötaja isikukood: {v}, palun lisa see lepingusse.',
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Hard negatives: look-alikes no rule may report

export const hardNegatives: HardNegative[] = [
  {
    category: 'pii',
    reason: 'BSN failing the 11-test (wrong last digit)',
    text: (rng) => `The onboarding form for the Rotterdam office rejected BSN ${breakLastDigit(rng, nlBsn(rng))}, is there a typo?`,
  },
  {
    category: 'pii',
    reason: 'valid-looking 9-digit number without a BSN context word (an order number)',
    text: (rng) => `De webshop heeft de bestelling met nummer ${nlBsn(rng)} vandaag verzonden, bezorging morgen.`,
  },
  {
    category: 'pii',
    reason: 'PESEL with a wrong check digit',
    text: (rng) => `Formularz w systemie kadrowym odrzucił numer PESEL ${breakLastDigit(rng, plPesel(rng))}, proszę sprawdzić.`,
  },
  {
    category: 'pii',
    reason: '11-digit reference that passes the PESEL check but has no context word',
    text: (rng) => `The warehouse attached the shipment reference ${plPesel(rng)} to the pallet.`,
  },
  {
    category: 'health',
    reason: 'NHS number failing the mod-11 check',
    text: (rng) => {
      const s = breakLastDigit(rng, ukNhs(rng));
      return `The referral portal at the hospital keeps rejecting NHS number ${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}, is it mistyped?`;
    },
  },
  {
    category: 'pii',
    reason: 'National Insurance number with a prefix HMRC never allocates (QQ, GB, BG, ZZ, D/F/I/Q/U/V)',
    text: (rng) => {
      const prefix = pick(rng, ['QQ', 'GB', 'BG', 'ZZ', 'NK', 'TN', 'DA', 'FA', 'AO', 'UV']);
      return `The payroll training slides from last year use ${prefix} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${pick(rng, ['A', 'B', 'C', 'D'])} as the example NI number.`;
    },
  },
  {
    category: 'pii',
    reason: 'National Insurance number with suffix letter outside A-D',
    text: (rng) => `The new starter typed the NI number with a wrong last letter: ${ukNino(rng).slice(0, 8)}${pick(rng, ['E', 'F', 'X'])} cannot be right.`,
  },
  {
    category: 'pii',
    reason: 'DNI with the wrong control letter',
    text: (rng) => {
      const s = esDni(rng);
      const n = Number(s.slice(0, 8));
      const wrong = DNI_LETTERS[(n + int(rng, 1, 22)) % 23];
      return `La plataforma de nóminas de la oficina rechaza el DNI ${s.slice(0, 8)}${wrong} no pasa la validación, revisa la letra.`;
    },
  },
  {
    category: 'pii',
    reason: 'codice fiscale with a wrong check character',
    text: (rng) => {
      const s = itCodiceFiscale(rng);
      const wrong = String.fromCharCode(65 + ((s.charCodeAt(15) - 65 + int(rng, 1, 25)) % 26));
      return `Il portale dell'agenzia segnala che il codice fiscale ${s.slice(0, 15)}${wrong} risulta errato, puoi ricontrollare?`;
    },
  },
  {
    category: 'pii',
    reason: 'Steuer-IdNr with a wrong check digit',
    text: (rng) => `Das ELSTER-Formular für die Lohnsteuer lehnt die Steuer-ID ${breakLastDigit(rng, deTaxId(rng))} ab.`,
  },
  {
    category: 'pii',
    reason: 'personnummer failing the Luhn check',
    text: (rng) => {
      const s = breakLastDigit(rng, sePersonnummer(rng).ten);
      return `Lönesystemet på kontoret i Göteborg godkänner inte personnummer ${s.slice(0, 6)}-${s.slice(6)}.`;
    },
  },
  {
    category: 'pii',
    reason: 'date-prefixed ticket number in DDMMYY-NNNN shape without any CPR, HETU or personnummer context',
    text: (rng) => {
      const s = dkCpr(rng);
      return `The support team in the Aarhus office closed the ticket ${s.slice(0, 6)}-${s.slice(6)} yesterday.`;
    },
  },
  {
    category: 'pii',
    reason: 'CPR-shaped number with an impossible date',
    text: (rng) => `Borgerservice i kommunen siger at CPR-nummer ${pick(rng, ['32', '45', '00'])}${pad(int(rng, 1, 12), 2)}${pad(int(rng, 40, 99), 2)}-${digits(rng, 4)} findes ikke.`,
  },
  {
    category: 'pii',
    reason: 'HETU with a wrong check character',
    text: (rng) => {
      for (;;) {
        const s = fiHetu(rng);
        const i = HETU_CHECK.indexOf(s[10] ?? '0');
        const wrong = HETU_CHECK[(i + int(rng, 1, 30)) % 31] ?? '0';
        if (/[0-9]/.test(wrong) && '-+'.includes(s[6] ?? '')) continue; // keep the letter-bearing shape
        return `Palkanlaskennan järjestelmä hylkää henkilötunnuksen ${s.slice(0, 10)}${wrong}, tarkista tarkistusmerkki.`;
      }
    },
  },
  {
    category: 'pii',
    reason: 'NIR with a wrong key',
    text: (rng) => {
      const s = frNir(rng);
      const key = Number(s.slice(13));
      // (key + k) mod 97 + 1 with k in 1..95 is never the key itself, and stays in 01..97.
      const wrong = pad(((key + int(rng, 1, 95)) % 97) + 1, 2);
      return `Le site de la mutuelle refuse toujours le numéro de sécurité sociale ${s.slice(0, 13)}${wrong}.`;
    },
  },
  {
    category: 'pii',
    reason: 'AHV number with a wrong EAN-13 check digit',
    text: (rng) => {
      const s = breakLastDigit(rng, chAhv(rng));
      return `Laut der Ausgleichskasse im Kanton Bern ist die AHV-Nummer ${s.slice(0, 3)}.${s.slice(3, 7)}.${s.slice(7, 11)}.${s.slice(11)} ungültig.`;
    },
  },
  {
    category: 'pii',
    reason: '13-digit number passing the CNP check but without a CNP context word',
    text: (rng) => `Furnizorul din Cluj a emis ieri factura cu numărul ${roCnp(rng)}, plata în termen de o lună.`,
  },
  {
    category: 'pii',
    reason: 'Belgian national number with wrong check digits',
    text: (rng) => {
      const s = beNationalNumber(rng);
      const cc = Number(s.slice(9));
      // Neither check for 19xx nor for 20xx births: try offsets until both fail.
      let wrong = cc;
      for (let k = int(rng, 1, 40); ; k++) {
        wrong = ((cc + k) % 97) + 1;
        const n = Number(s.slice(0, 9));
        if (wrong !== 97 - (n % 97) && wrong !== 97 - ((2_000_000_000 + n) % 97)) break;
      }
      return `De portal van het sociaal secretariaat weigert rijksregisternummer ${s.slice(0, 9)}${pad(wrong, 2)}.`;
    },
  },
  {
    category: 'pii',
    reason: 'NIE with the wrong control letter',
    text: (rng) => {
      const s = esNie(rng);
      const i = DNI_LETTERS.indexOf(s[8] ?? 'T');
      return `La oficina de extranjería dice que el NIE ${s.slice(0, 8)}${DNI_LETTERS[(i + int(rng, 1, 22)) % 23]} no es válido según la administración.`;
    },
  },
  {
    category: 'pii',
    reason: 'PPSN with the wrong check letter',
    text: (rng) => {
      const s = iePpsn(rng);
      const i = PPSN_TABLE.indexOf(s[7] ?? 'W');
      return `The payroll bureau in Cork says Revenue rejected PPSN ${s.slice(0, 7)}${PPSN_TABLE[(i + int(rng, 1, 22)) % 23]}${s.slice(8)} is not valid.`;
    },
  },
];
