/**
 * Evaluation values for the shape-based PII, card-brand, financial-context and health-context
 * rules (rules/*-phone-number.yaml, *-card.yaml, date-of-birth, ipv4/ipv6/mac-address,
 * credit-card-cvv, card-expiry-date, uk-sort-code-account, health-insurance-member-id,
 * us-medicare-mbi, prescription-rx-number, us-drivers-license, uk-driving-licence, vehicle-vin,
 * physical-address-us).
 *
 * Every value is valid for its rule (Luhn for cards, the MBI and DVLA position rules, a VIN check
 * digit, public IP ranges) and is exactly the span the rule reports. Templates carry the context
 * words the rule needs. Where a rule's context window could reach into a neighbouring sentence of
 * the corpus (phone, birth and device words), the context word sits well inside the template, so
 * it does not make a date or number in the sentence before or after look sensitive; the hard
 * negatives keep their look-alike more than a context window away from either end for the same
 * reason. Only the given `rng` is used, so the corpus is reproducible.
 */
import type { HardNegative, Rng, ValueGenerator } from '../types.js';

// ---------- helpers ----------

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(Math.floor(rng() * 10))).join('');
const chars = (rng: Rng, alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789abcdef';

function luhnCheckDigit(payload: string): string {
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

function luhnInvalid(rng: Rng, prefix: string, length: number): string {
  const payload = prefix + digits(rng, length - 1 - prefix.length);
  return payload + String((Number(luhnCheckDigit(payload)) + int(rng, 1, 9)) % 10);
}

/** Groups `s` by `sizes` (the last size repeats), joined by `sep`. */
function group(s: string, sizes: readonly number[], sep: string): string {
  const out: string[] = [];
  let i = 0;
  for (let k = 0; i < s.length; k++) {
    const n = sizes[Math.min(k, sizes.length - 1)] as number;
    out.push(s.slice(i, i + n));
    i += n;
  }
  return out.join(sep);
}

// ---------- payment cards ----------

/** Published test numbers: the rules allowlist them, so they are never planted. */
const TEST_PANS = new Set([
  '4111111111111111', '4242424242424242', '4012888888881881', '5555555555554444', '5105105105105100', '378282246310005',
  '371449635398431', '6011111111111117', '6011000990139424', '30569309025904', '38520000023237', '3530111333300000',
  '3566002020360505', '6200000000000005', '6759649826438453', '2200000000000004',
]);

function pan(rng: Rng, prefixes: readonly string[], lengths: readonly number[]): string {
  for (;;) {
    const prefix = pick(rng, prefixes);
    const payload = prefix + digits(rng, pick(rng, lengths) - 1 - prefix.length);
    const number = payload + luhnCheckDigit(payload);
    // Runs of one digit read as placeholders; published test numbers are allowlisted.
    if (TEST_PANS.has(number) || /(\d)\1{5}/.test(number)) continue;
    return number;
  }
}

/** Compact, or in groups of four (Amex 4-6-5, Diners 4-6-4) with spaces or dashes. */
function formatPan(rng: Rng, number: string): string {
  const sep = pick(rng, ['', ' ', ' ', ' ', '-']);
  if (sep === '') return number;
  if (number.length === 15) return group(number, [4, 6, 5], sep);
  if (number.length === 14 && rng() < 0.6) return group(number, [4, 6, 4], sep);
  return group(number, [4], sep);
}

const CARD_TEMPLATES = [
  'Can you check why the charge on card {v} failed yesterday?',
  'Refund the duplicate payment back to {v} please, the customer asked twice.',
  'Corporate card: {v}, can you fill in the booking form for the hotel?',
  'The client paid the deposit with {v} and now wants an invoice.',
];

function cardGenerator(ruleId: string, prefixes: readonly string[], lengths: readonly number[], templates = CARD_TEMPLATES): ValueGenerator {
  return { ruleId, valid: (rng) => formatPan(rng, pan(rng, prefixes, lengths)), templates };
}

const range = (lo: number, hi: number): string[] => Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i));

const cardGenerators: ValueGenerator[] = [
  cardGenerator('visa-card', ['4'], [16], [...CARD_TEMPLATES, 'Her Visa {v} keeps getting declined at checkout.']),
  cardGenerator('mastercard-card', [...range(51, 55), ...range(2221, 2720)], [16], [...CARD_TEMPLATES, 'Mastercard {v} was charged twice for the same order.']),
  cardGenerator('amex-card', ['34', '37'], [15], [...CARD_TEMPLATES, 'Put the team dinner on the Amex {v} and send me the receipt.']),
  cardGenerator('discover-card', ['6011', ...range(644, 649), '65'], [16], [...CARD_TEMPLATES, 'The Discover card {v} shows a pending charge from Tuesday.']),
  cardGenerator('jcb-card', range(3528, 3589), [16], [...CARD_TEMPLATES, 'The guest from Osaka paid with JCB {v}, can you refund the deposit?']),
  cardGenerator('diners-club-card', [...range(300, 305), '36', '38', '39'], [14], [...CARD_TEMPLATES, 'Diners Club {v} is the card the partners use for travel.']),
  cardGenerator('unionpay-card', ['62'], [16, 16, 17, 18, 19], [...CARD_TEMPLATES, 'The Shanghai client paid with UnionPay {v}, the refund is pending.']),
  cardGenerator('mir-card', range(2200, 2204), [16], [...CARD_TEMPLATES, 'The Moscow office card is Mir {v}, can you check the payment?']),
  {
    ruleId: 'maestro-card',
    valid: (rng) => {
      const number = pan(rng, [...range(500, 507), '509', ...range(56, 59), '61', '63', ...range(66, 69)], [12, 13, 16, 16, 18, 19]);
      return rng() < 0.4 ? number : group(number, [4], pick(rng, [' ', '-']));
    },
    templates: [
      'Her Maestro card {v} was charged twice at the airport.',
      'Can you check why the Maestro debit card {v} was declined?',
      'Refund the deposit to the Maestro card {v}, the old one expired.',
    ],
  },
  {
    ruleId: 'rupay-card',
    valid: (rng) => formatPan(rng, pan(rng, ['600', '6010', ...range(6012, 6099), '81', '82', '508'], [16])),
    templates: [
      'My RuPay debit card {v} got blocked after the mandate failed.',
      'Please retry the payment on the RuPay card {v}.',
      'The RuPay card {v} is the one linked to the salary account.',
    ],
  },
];

// ---------- phone numbers (national formats) ----------

const PHONE_LEAD = 'For the delivery slot next week, ';

const phoneGenerators: ValueGenerator[] = [
  {
    ruleId: 'us-phone-number',
    valid: (rng) => {
      const area = `${int(rng, 2, 9)}${int(rng, 0, 8)}${int(rng, 0, 9)}`;
      const exchange = `${int(rng, 2, 9)}${digits(rng, 2)}`;
      const line = digits(rng, 4);
      return pick(rng, [`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `${area} ${exchange} ${line}`, `(${area})${exchange}-${line}`]);
    },
    templates: [
      `${PHONE_LEAD}you can call me at {v} after six in the evening.`,
      'The customer asked us to update her cell number to {v} in the account settings.',
      'Our new office phone is {v}, so please update the email signature template.',
      'If the courier cannot find the building, text me on {v} and I will come down.',
    ],
  },
  {
    ruleId: 'uk-phone-number',
    valid: (rng) => {
      const mobile = `07${int(rng, 1, 9)}${digits(rng, 2)}`;
      const rest = digits(rng, 6);
      return pick(rng, [
        `${mobile} ${rest}`,
        `${mobile} ${rest.slice(0, 3)} ${rest.slice(3)}`,
        `${mobile}${rest}`,
        `020 ${int(rng, 3, 8)}${digits(rng, 3)} ${digits(rng, 4)}`,
        `01${int(rng, 1, 9)}1 ${int(rng, 2, 9)}${digits(rng, 2)} ${digits(rng, 4)}`,
        `(01${digits(rng, 3)}) ${int(rng, 2, 9)}${digits(rng, 5)}`,
      ]);
    },
    templates: [
      `${PHONE_LEAD}her mobile is {v} if the driver cannot find the flat.`,
      'The London office switchboard number is {v}, ask for the facilities team.',
      'Please ring the branch manager on {v} before you send the contract.',
    ],
  },
  {
    ruleId: 'de-phone-number',
    valid: (rng) => {
      const mobile = `01${pick(rng, ['51', '52', '57', '60', '62', '70', '71', '72', '76', '79'])}`;
      const area = pick(rng, ['030', '089', '040', '069', '0221', '0711', '0351', '0911']);
      const sub = `${int(rng, 2, 9)}${digits(rng, area.length === 3 ? int(rng, 6, 7) : int(rng, 5, 6))}`;
      return pick(rng, [
        `${mobile} ${digits(rng, 8)}`,
        `${mobile}/${digits(rng, 7)}`,
        `${mobile}-${digits(rng, 8)}`,
        `${area} ${sub}`,
        `${area}/${sub}`,
        `(${area}) ${sub}`,
      ]);
    },
    templates: [
      `${PHONE_LEAD}meine Handynummer ist {v}, bitte nur abends anrufen.`,
      'Für Rückfragen erreichen Sie Herrn Braun unter der Telefonnummer {v} im Büro.',
      'The supplier in Hamburg gave us the phone number {v} for urgent orders.',
    ],
  },
  {
    ruleId: 'fr-phone-number',
    valid: (rng) => {
      const first = `0${pick(rng, ['1', '2', '3', '4', '5', '6', '6', '7', '9'])}`;
      const pairs = [digits(rng, 2), digits(rng, 2), digits(rng, 2), digits(rng, 2)];
      return pick(rng, [[first, ...pairs].join(' '), [first, ...pairs].join(' '), [first, ...pairs].join('.'), [first, ...pairs].join('')]);
    },
    templates: [
      `${PHONE_LEAD}mon portable est le {v}, appelez-moi après 18h.`,
      'Pour le dossier de location, le numéro de téléphone du locataire est {v}.',
      'The Lyon agency asked us to call them back on {v} about the lease.',
    ],
  },
  {
    ruleId: 'in-phone-number',
    valid: (rng) => `${int(rng, 6, 9)}${digits(rng, 4)}${pick(rng, [' ', ' ', '-'])}${digits(rng, 5)}`,
    templates: [
      `${PHONE_LEAD}my WhatsApp number is {v}, please message me there.`,
      'The driver said to call him on {v} when we reach the gate of the plant.',
      'Update the vendor record: mobile no. {v}, contact person Ravi.',
    ],
  },
  {
    ruleId: 'au-phone-number',
    valid: (rng) => {
      const mob = `04${digits(rng, 2)}`;
      return pick(rng, [
        `${mob} ${digits(rng, 3)} ${digits(rng, 3)}`,
        `${mob}${digits(rng, 6)}`,
        `${mob}-${digits(rng, 3)}-${digits(rng, 3)}`,
        `(0${pick(rng, ['2', '3', '7', '8'])}) ${int(rng, 3, 9)}${digits(rng, 3)} ${digits(rng, 4)}`,
      ]);
    },
    templates: [
      `${PHONE_LEAD}give me a ring on {v} when the truck arrives.`,
      'The Sydney office phone number is {v}, the front desk answers until five.',
      'Her mobile is {v} if the installer needs access to the unit.',
    ],
  },
  {
    ruleId: 'br-phone-number',
    valid: (rng) => {
      const ddd = `${int(rng, 1, 9)}${int(rng, 1, 9)}`;
      return pick(rng, [`(${ddd}) 9${digits(rng, 4)}-${digits(rng, 4)}`, `(${ddd}) ${int(rng, 2, 5)}${digits(rng, 3)}-${digits(rng, 4)}`, `${ddd} 9${digits(rng, 4)}-${digits(rng, 4)}`]);
    },
    templates: [
      `${PHONE_LEAD}meu celular é {v}, pode chamar no WhatsApp.`,
      'O telefone do escritório de Curitiba é {v}, falar com a recepção.',
      'Please call the São Paulo supplier on {v} to confirm the shipment.',
    ],
  },
  {
    ruleId: 'jp-phone-number',
    valid: (rng) => {
      const mob = `0${pick(rng, ['9', '8', '7'])}0`;
      return pick(rng, [`${mob}-${digits(rng, 4)}-${digits(rng, 4)}`, `${mob} ${digits(rng, 4)} ${digits(rng, 4)}`, `0${pick(rng, ['3', '6'])}-${int(rng, 3, 6)}${digits(rng, 3)}-${digits(rng, 4)}`]);
    },
    templates: [
      `${PHONE_LEAD}携帯 {v} までご連絡ください。`,
      'The Tokyo office tel is {v}, please ask for the sales team.',
      'Call her mobile on {v} if the train is late.',
    ],
  },
  {
    ruleId: 'es-phone-number',
    valid: (rng) => {
      const first = `${pick(rng, ['6', '6', '7', '9'])}${digits(rng, 2)}`;
      return pick(rng, [`${first} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`, `${first} ${digits(rng, 3)} ${digits(rng, 3)}`]);
    },
    templates: [
      `${PHONE_LEAD}mi móvil es el {v}, llámame por la tarde.`,
      'El teléfono de la oficina de Valencia es {v}, pregunta por Lucía.',
      'Please call the Madrid warehouse on {v} before the pallets leave.',
    ],
  },
  {
    ruleId: 'it-phone-number',
    valid: (rng) => {
      const mob = `3${pick(rng, ['28', '33', '39', '40', '47', '49', '66', '88', '93'])}`;
      return pick(rng, [`${mob} ${digits(rng, 7)}`, `${mob}-${digits(rng, 7)}`, `${mob} ${digits(rng, 3)} ${digits(rng, 4)}`, `0${pick(rng, ['2', '6'])} ${int(rng, 2, 9)}${digits(rng, 3)} ${digits(rng, 4)}`]);
    },
    templates: [
      `${PHONE_LEAD}il mio cellulare è {v}, chiamami dopo pranzo.`,
      'Il numero di telefono dell ufficio di Milano è {v}, chiedere di Giulia.',
      'His mobile {v} is the quickest way to reach the site manager.',
    ],
  },
  {
    ruleId: 'nl-phone-number',
    valid: (rng) => pick(rng, [`06-${digits(rng, 8)}`, `06 ${digits(rng, 8)}`, `06 ${digits(rng, 4)} ${digits(rng, 4)}`, `0${pick(rng, ['1', '2', '3', '4', '7'])}0 ${int(rng, 2, 9)}${digits(rng, 2)} ${digits(rng, 4)}`]),
    templates: [
      `${PHONE_LEAD}mijn mobiele nummer is {v}, bel gerust.`,
      'Het kantoor in Utrecht heeft telefoonnummer {v}, vraag naar Sanne.',
      'Call Jeroen on {v} about the pallets for the Rotterdam site.',
    ],
  },
];

// ---------- dates of birth ----------

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_DE = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_ES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

function birthDate(rng: Rng): string {
  const y = int(rng, 1940, 2012);
  const m = int(rng, 1, 12);
  const d = int(rng, 1, 28);
  switch (int(rng, 0, 8)) {
    case 0: return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
    case 1: return `${pad(m, 2)}/${pad(d, 2)}/${y}`;
    case 2: return `${pad(d, 2)}/${pad(m, 2)}/${y}`;
    case 3: return `${pad(d, 2)}.${pad(m, 2)}.${y}`;
    case 4: return `${d} ${MONTHS_EN[m - 1]} ${y}`;
    case 5: return `${MONTHS_EN[m - 1]} ${d}, ${y}`;
    case 6: return `${d}. ${MONTHS_DE[m - 1]} ${y}`;
    case 7: return `${d} ${MONTHS_FR[m - 1]} ${y}`;
    default: return `${d} de ${MONTHS_ES[m - 1]} de ${y}`;
  }
}

const dobGenerator: ValueGenerator = {
  ruleId: 'date-of-birth',
  valid: birthDate,
  templates: [
    'For the new patient record in the clinic system, her date of birth is {v}, please double check it.',
    'Before we can issue the visa letter for the conference, we need your DOB: {v} exactly as printed.',
    'Our HR onboarding checklist says the new analyst was born on {v} according to the signed contract.',
    'Could you fix the insurance enrolment form so it shows the birthday {v} for the dependent child?',
  ],
};

// ---------- network identifiers ----------

function publicIpv4(rng: Rng): string {
  for (;;) {
    const a = int(rng, 1, 223);
    const b = int(rng, 0, 255);
    if (a === 10 || a === 127 || a === 0) continue;
    if (a === 100 && b >= 64 && b <= 127) continue;
    if (a === 169 && b === 254) continue;
    if (a === 172 && b >= 16 && b <= 31) continue;
    if (a === 192 && (b === 168 || b === 0)) continue;
    if (a === 198 && (b === 18 || b === 19 || b === 51)) continue;
    if (a === 203 && b === 0) continue;
    return `${a}.${b}.${int(rng, 0, 255)}.${int(rng, 1, 254)}`;
  }
}

function publicIpv6(rng: Rng): string {
  const hex4 = (): string => chars(rng, HEX, int(rng, 1, 4)).replace(/^0+(?=.)/, '');
  let first: string;
  do first = `${pick(rng, ['2', '2', '3'])}${chars(rng, HEX, 3)}`; while (first === '2001');
  const groups = [first, ...Array.from({ length: 7 }, hex4)];
  if (rng() < 0.35) return groups.join(':');
  // Compressed: keep k groups before "::" and m after, k + m between 3 and 7.
  const k = int(rng, 2, 4);
  const m = int(rng, 1, 7 - k);
  return `${groups.slice(0, k).join(':')}::${groups.slice(8 - m).join(':')}`;
}

function macAddress(rng: Rng): string {
  let b: string[];
  do b = Array.from({ length: 6 }, () => chars(rng, HEX, 2)); while (b[0] === '00' || b[0] === 'ff');
  switch (int(rng, 0, 3)) {
    case 0: return b.join(':');
    case 1: return b.join(':').toUpperCase();
    case 2: return b.join('-').toUpperCase();
    default: return `${b[0]}${b[1]}.${b[2]}${b[3]}.${b[4]}${b[5]}`;
  }
}

const networkGenerators: ValueGenerator[] = [
  {
    ruleId: 'ipv4-address',
    valid: publicIpv4,
    templates: [
      'The suspicious login to the admin console came from {v} last night.',
      'Can you whitelist {v} on the firewall so the partner can reach the API?',
      'ssh to {v} times out since the maintenance window, any idea why?',
      'The webhook calls arrive from {v}:443 and then fail the signature check.',
    ],
  },
  {
    ruleId: 'ipv6-address',
    valid: publicIpv6,
    templates: [
      'The audit log shows the login came from {v} at midnight.',
      'Please block {v} on the edge firewall, it is scraping the pricing pages.',
      'Our egress IPv6 address is {v}, add it to the partner allowlist.',
    ],
  },
  {
    ruleId: 'mac-address',
    valid: macAddress,
    templates: [
      'For the office network migration, my laptop MAC address is {v}, can you add it to the wifi allowlist?',
      'The conference room display keeps dropping off, its device address is {v} in the router table.',
      'Please create a DHCP reservation for the printer with hardware address {v} before Monday.',
    ],
  },
];

// ---------- financial context ----------

const financialGenerators: ValueGenerator[] = [
  {
    ruleId: 'credit-card-cvv',
    valid: (rng) => {
      for (;;) {
        const v = rng() < 0.85 ? digits(rng, 3) : digits(rng, 4);
        if (!['000', '0000', '111', '1111', '123', '1234', '999', '9999', '321', '4321'].includes(v)) return v;
      }
    },
    templates: [
      'The customer read out the CVV {v} over the chat, how do I delete that message?',
      'She typed the security code: {v} into the support form by mistake.',
      'The booking tool asks for the cvc {v} again every time, is that normal?',
    ],
  },
  {
    ruleId: 'card-expiry-date',
    valid: (rng) => {
      const m = int(rng, 1, 12);
      const y = int(rng, 26, 33);
      return pick(rng, [`${pad(m, 2)}/${y}`, `${pad(m, 2)}/${y}`, `${pad(m, 2)}/20${y}`, `${m}/${y}`]);
    },
    templates: [
      'The card on file shows exp {v}, so the renewal will fail next year.',
      'She gave me the expiry date {v} but I did not write down anything else.',
      'The old company card is valid thru {v}, do we need to order a new one?',
    ],
  },
  {
    ruleId: 'uk-sort-code-account',
    valid: (rng) => {
      const sc = [pad(int(rng, 1, 99), 2), digits(rng, 2), digits(rng, 2)];
      const account = `${int(rng, 1, 9)}${digits(rng, 7)}`;
      return pick(rng, [`${sc.join('-')} ${account}`, `${sc.join('-')}, ${account}`, `${sc.join('-')} / ${account}`, `${sc.join(' ')} ${account}`]);
    },
    templates: [
      'Please pay the deposit to sort code and account {v}, reference INV.',
      'The landlord sent new bank details, sort code / account: {v}, is that legit?',
      'Update the payee with sort code and account {v} before the next run.',
    ],
  },
];

// ---------- health ----------

const MBI_LETTER = 'ACDEFGHJKMNPQRTUVWXY';

function mbi(rng: Rng): string {
  const alnum = (): string => (rng() < 0.5 ? chars(rng, MBI_LETTER, 1) : String(int(rng, 0, 9)));
  const a = `${int(rng, 1, 9)}${chars(rng, MBI_LETTER, 1)}${alnum()}${int(rng, 0, 9)}`;
  const b = `${chars(rng, MBI_LETTER, 1)}${alnum()}${int(rng, 0, 9)}`;
  const c = `${chars(rng, MBI_LETTER, 2)}${digits(rng, 2)}`;
  return rng() < 0.5 ? `${a}-${b}-${c}` : `${a}${b}${c}`;
}

const healthGenerators: ValueGenerator[] = [
  {
    ruleId: 'health-insurance-member-id',
    valid: (rng) => {
      for (;;) {
        const v = pick(rng, [
          // Not 2-3 letters and 9 digits in 12 characters: that is also an ISIN's shape.
          () => `${chars(rng, UPPER, 3)}${digits(rng, 8)}`,
          () => `${chars(rng, UPPER, 1)}${digits(rng, 9)}`,
          () => `${chars(rng, UPPER, 2)}${digits(rng, 8)}`,
          () => `${int(rng, 1, 9)}${digits(rng, int(rng, 8, 10))}`,
        ])();
        if (!/^[A-Z]{0,4}0+$/.test(v)) return v;
      }
    },
    templates: [
      'Her insurance member ID: {v}, can you check whether physiotherapy is covered?',
      'The subscriber id {v} is printed on the back of the card.',
      'Please add the policy number {v} to the claim for the March visit.',
    ],
  },
  {
    ruleId: 'us-medicare-mbi',
    valid: mbi,
    templates: [
      'His Medicare number is {v}, please verify the eligibility before Monday.',
      'The clearinghouse rejected MBI {v} on the claim, can you see why?',
      'Patient card shows Medicare ID {v}, the old number is no longer valid.',
    ],
  },
  {
    ruleId: 'prescription-rx-number',
    valid: (rng) => `${int(rng, 1, 9)}${digits(rng, int(rng, 5, 9))}`,
    templates: [
      'Can you call the pharmacy about Rx# {v}? The refill is late again.',
      'The prescription number {v} was transferred to the downtown store.',
      'The label says RX: {v}, but the dosage looks wrong to me.',
    ],
  },
];

// ---------- other personal identifiers ----------

const SURNAMES = ['MORGAN', 'JONES', 'SMITH', 'COX', 'PATEL', 'WALSH', 'OKAFOR', 'NG', 'BRENNAN', 'HADDAD', 'MURPHY', 'LEE', 'FISCHER', 'KOWALSKI', 'TANAKA'];

function ukDrivingLicence(rng: Rng): string {
  const surname = pick(rng, SURNAMES).slice(0, 5).padEnd(5, '9');
  const year = int(rng, 1950, 2005);
  const month = int(rng, 1, 12) + (rng() < 0.5 ? 50 : 0);
  const day = int(rng, 1, 28);
  const initials = rng() < 0.3 ? `${chars(rng, UPPER, 1)}9` : chars(rng, UPPER, 2);
  const head = surname;
  const dob = `${Math.floor(year / 10) % 10}${pad(month, 2)}${pad(day, 2)}${year % 10}`;
  const tail = `${initials}9${chars(rng, UPPER, 2)}`;
  return rng() < 0.8 ? `${head}${dob}${tail}` : `${head} ${dob} ${tail}`;
}

const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_VALUE: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
const VIN_WEIGHT = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

function vin(rng: Rng): string {
  for (;;) {
    const wmi = pick(rng, ['1FT', '1HG', '2T1', '3VW', '5YJ', 'JHM', 'WVW', 'WBA', 'SAL', 'YV1', 'KMH', 'VF1']);
    const body = wmi + chars(rng, VIN_ALPHABET, 5) + '0' + pick(rng, ['J', 'K', 'L', 'M', 'N', 'P', 'R', 'S']) + chars(rng, VIN_ALPHABET, 1) + digits(rng, 6);
    // Not all digits or all letters (allowlisted as placeholders); always true with the WMIs and serial above.
    let sum = 0;
    for (let i = 0; i < 17; i++) {
      const c = body[i] as string;
      sum += (c >= '0' && c <= '9' ? Number(c) : (VIN_VALUE[c] as number)) * (VIN_WEIGHT[i] as number);
    }
    const check = sum % 11 === 10 ? 'X' : String(sum % 11);
    const v = body.slice(0, 8) + check + body.slice(9);
    if (v !== '1HGCM82633A004352') return v;
  }
}

const STREETS = ['Evergreen', 'Maple', 'Oak', 'Cedar', 'Pine', 'Lakeview', 'Sunset', 'Hillcrest', 'Washington', 'Lincoln', 'Jefferson', 'Willow', 'Chestnut', 'Park', 'Riverside', 'Highland', 'Magnolia', 'Harbor View', 'Spring Valley', 'Fifth', 'Elm'];
const SUFFIXES = ['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive', 'Dr', 'Court', 'Ct', 'Place', 'Terrace', 'Way', 'Parkway', 'Circle'];

function streetAddress(rng: Rng): string {
  const number = String(int(rng, 1, 9999));
  const dir = rng() < 0.15 ? `${pick(rng, ['N', 'S', 'E', 'W', 'North', 'South'])} ` : '';
  const unit = rng() < 0.3 ? pick(rng, [`, Apt ${int(rng, 1, 40)}`, `, Suite ${int(rng, 100, 3400)}`, ` #${int(rng, 1, 999)}`, `, Unit ${int(rng, 1, 30)}${pick(rng, ['', 'B'])}`]) : '';
  return `${number} ${dir}${pick(rng, STREETS)} ${pick(rng, SUFFIXES)}${unit}`;
}

const otherGenerators: ValueGenerator[] = [
  {
    ruleId: 'us-drivers-license',
    valid: (rng) => pick(rng, [
      () => `${chars(rng, UPPER, 1)}${digits(rng, 7)}`,
      () => `${chars(rng, UPPER, 1)}${digits(rng, 12)}`,
      () => `${int(rng, 1, 9)}${digits(rng, 8)}`,
      () => `${int(rng, 1, 9)}${digits(rng, 7)}`,
      () => `WDL${chars(rng, UPPER + '0123456789', 9)}`,
    ])(),
    templates: [
      'For the rental car form, her California driver\'s license {v} expires next year.',
      'Driver License #: {v}, please add it to the fleet insurance list.',
      'The applicant typed DL: {v} into the free-text field of the form.',
    ],
  },
  {
    ruleId: 'uk-driving-licence',
    valid: ukDrivingLicence,
    templates: [
      'My driving licence number is {v}, do you need the issue number too?',
      'The DVLA check for {v} shows three penalty points.',
      'Please copy the licence {v} into the hire car booking.',
    ],
  },
  {
    ruleId: 'vehicle-vin',
    valid: vin,
    templates: [
      'The VIN on the title is {v}, can you run a history check on it?',
      'Per the import papers the vehicle identification number is {v}.',
      'The insurer wants the VIN {v} on the claim form as well.',
    ],
  },
  {
    ruleId: 'physical-address-us',
    valid: streetAddress,
    templates: [
      'Please ship the replacement monitor to {v}, Springfield, and mark it fragile.',
      'She lives at {v} and prefers deliveries after noon.',
      'Our new billing address is {v}, could you update the invoices?',
      'Return the equipment to {v} by the end of the month.',
    ],
  },
];

export const generators: ValueGenerator[] = [
  ...cardGenerators,
  ...phoneGenerators,
  dobGenerator,
  ...networkGenerators,
  ...financialGenerators,
  ...healthGenerators,
  ...otherGenerators,
];

// ---------- hard negatives ----------

/** Neutral padding, longer than any context window of these rules, around a look-alike. */
const OPEN = 'In the spreadsheet that the logistics team shared this morning, ';
const CLOSE = ' appears in a column that nobody on the team can explain so far.';

function privateIpv4(rng: Rng): string {
  switch (int(rng, 0, 4)) {
    case 0: return `10.${int(rng, 0, 255)}.${int(rng, 0, 255)}.${int(rng, 1, 254)}`;
    case 1: return `192.168.${int(rng, 0, 255)}.${int(rng, 1, 254)}`;
    case 2: return `172.${int(rng, 16, 31)}.${int(rng, 0, 255)}.${int(rng, 1, 254)}`;
    case 3: return `127.0.0.${int(rng, 1, 9)}`;
    default: return `169.254.${int(rng, 0, 255)}.${int(rng, 1, 254)}`;
  }
}

export const hardNegatives: HardNegative[] = [
  {
    category: 'financial',
    reason: 'Luhn-invalid 16-digit order number with a card prefix',
    text: (rng) => `Where is order ${group(luhnInvalid(rng, pick(rng, ['4532', '4916', '5412', '6011', '3541', '6214', '2202']), 16), [4], pick(rng, [' ', '-', '']))}? The buyer says it never arrived.`,
  },
  {
    category: 'financial',
    reason: 'Luhn-invalid 15-digit reference with an Amex prefix',
    text: (rng) => `Shipment ${group(luhnInvalid(rng, pick(rng, ['34', '37']), 15), [4, 6, 5], ' ')} left the depot on time.`,
  },
  {
    category: 'financial',
    reason: 'published test card numbers',
    text: (rng) => `For the sandbox checkout use the test card ${group(pick(rng, ['4242424242424242', '5555555555554444', '3530111333300000', '6200000000000005', '6011111111111117']), [4], ' ')} with any future date.`,
  },
  {
    category: 'financial',
    reason: '20-digit tracking id: a card-shaped prefix inside a longer digit run',
    text: (rng) => `Tracking id ${digits(rng, 20)} was created by the carrier.`,
  },
  {
    category: 'financial',
    reason: 'month/year pair without an expiry label',
    text: (rng) => `The quarterly report covers ${pad(int(rng, 1, 12), 2)}/${int(rng, 24, 27)} and the audit is due soon.`,
  },
  {
    category: 'financial',
    reason: 'three-digit numbers without a card security label',
    text: (rng) => `Room ${int(rng, 100, 599)} on floor ${int(rng, 2, 9)} has a latency of ${int(rng, 100, 999)} ms to the gateway.`,
  },
  {
    category: 'financial',
    reason: 'a sort code without an account number',
    text: (rng) => `The branch sort code ${pad(int(rng, 10, 99), 2)}-${digits(rng, 2)}-${digits(rng, 2)} is printed on the letterhead of the old bank.`,
  },
  {
    category: 'pii',
    reason: 'private, loopback and link-local IPv4 addresses',
    text: (rng) => `The NAS answers on ${privateIpv4(rng)} and the printer on ${privateIpv4(rng)} inside the office LAN.`,
  },
  {
    category: 'pii',
    reason: 'documentation IPv4 ranges',
    text: (rng) => `The runbook uses ${pick(rng, ['192.0.2', '198.51.100', '203.0.113'])}.${int(rng, 1, 254)} as the example address.`,
  },
  {
    category: 'pii',
    reason: 'four-part version string after "version"',
    text: (rng) => `Upgrade the agent to version ${int(rng, 1, 12)}.${int(rng, 0, 9)}.${int(rng, 0, 20)}.${int(rng, 0, 250)} before Friday.`,
  },
  {
    category: 'pii',
    reason: 'four-part build number with a v prefix',
    text: (rng) => `We pinned v${int(rng, 1, 9)}.${int(rng, 0, 9)}.${int(rng, 0, 9)}.${int(rng, 0, 99)} in the lockfile.`,
  },
  {
    category: 'pii',
    reason: 'documentation and link-local IPv6 addresses',
    text: (rng) => `Use 2001:db8:${chars(rng, HEX, 4)}::${chars(rng, HEX, 3)}:${chars(rng, HEX, 4)} in the examples and fe80::${chars(rng, HEX, 4)}:${chars(rng, HEX, 4)}:1 for the lab.`,
  },
  {
    category: 'pii',
    reason: 'dates without a birth word',
    text: (rng) => `${OPEN}the migration date ${int(rng, 2019, 2027)}-${pad(int(rng, 1, 12), 2)}-${pad(int(rng, 1, 28), 2)} and the review on ${int(rng, 1, 28)} ${pick(rng, MONTHS_EN)} ${int(rng, 1980, 2026)}${CLOSE}`,
  },
  {
    category: 'pii',
    reason: 'timestamps and times',
    text: (rng) => `The job ran at 20${int(rng, 20, 26)}-${pad(int(rng, 1, 12), 2)}-${pad(int(rng, 1, 28), 2)}T${pad(int(rng, 0, 23), 2)}:${pad(int(rng, 0, 59), 2)}:${pad(int(rng, 0, 59), 2)}Z and again at ${pad(int(rng, 0, 23), 2)}:${pad(int(rng, 0, 59), 2)}:${pad(int(rng, 0, 59), 2)}.`,
  },
  {
    category: 'pii',
    reason: 'phone-shaped numbers without a phone word',
    text: (rng) =>
      `${OPEN}the reference ${pick(rng, [
        `${int(rng, 2, 9)}${digits(rng, 2)}-${int(rng, 2, 9)}${digits(rng, 2)}-${digits(rng, 4)}`,
        `07${int(rng, 1, 9)}${digits(rng, 2)} ${digits(rng, 6)}`,
        `06 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`,
        `0151 ${digits(rng, 8)}`,
        `090-${digits(rng, 4)}-${digits(rng, 4)}`,
        `${int(rng, 6, 9)}${digits(rng, 4)} ${digits(rng, 5)}`,
      ])}${CLOSE}`,
  },
  {
    category: 'pii',
    reason: 'colon-separated hex without a device word',
    text: (rng) => `${OPEN}the checksum prefix ${Array.from({ length: 6 }, () => chars(rng, HEX, 2)).join(':')}${CLOSE}`,
  },
  {
    category: 'pii',
    reason: 'seventeen-character build id without a VIN word',
    text: (rng) => `${OPEN}the artefact ${chars(rng, 'ABCDEFGHJKLMNPRSTUVWXYZ', 3)}${digits(rng, 14)}${CLOSE}`,
  },
  {
    category: 'pii',
    reason: 'numbered capitalised phrases that are not street addresses',
    text: (rng) => pick(rng, [
      `We keep ${int(rng, 2, 9)} Google Drive folders for the launch material.`,
      `The ${int(rng, 2, 9)} Supreme Court justices ruled on the case on Monday.`,
      `Step ${int(rng, 2, 9)}: drive to the office and collect the badges.`,
    ]),
  },
  {
    category: 'pii',
    reason: 'a birth year without a full date',
    text: (rng) => `She was born in ${int(rng, 1950, 2005)} and joined the company in ${int(rng, 2010, 2024)}.`,
  },
  {
    category: 'health',
    reason: 'insurance and prescription labels without an identifier',
    text: () => 'The member id field on the form is still empty, and the prescription number will follow by post.',
  },
  {
    category: 'health',
    reason: 'MBI-shaped ids that break the position rules',
    text: (rng) => `Ticket ${int(rng, 1, 9)}B${chars(rng, 'ACDEFGH', 1)}${int(rng, 0, 9)}${chars(rng, 'ACDEFGH', 1)}${int(rng, 0, 9)}${int(rng, 0, 9)}${chars(rng, 'KMNP', 2)}${digits(rng, 2)} was closed as a duplicate.`,
  },
  {
    category: 'health',
    reason: 'network counters after RX',
    text: (rng) => `ifconfig shows RX packets ${int(rng, 100000, 9999999)} bytes ${int(rng, 10000000, 999999999)} on eth0.`,
  },
];
