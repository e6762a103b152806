/**
 * Evaluation generators for identifiers outside Europe, US health and banking identifiers and
 * crypto wallet addresses (rules/ca-sin.yaml, br-cpf.yaml, ..., ethereum-address.yaml; see the
 * rule ids below).
 *
 * Every `valid(rng)` returns a synthetic value with correct check digits, formatted the way
 * people paste it, and exactly the span its rule reports. The check digits are computed here,
 * independently of src/detect/validators/intl, so the corpus also cross-checks the validators.
 * Templates carry the context words the rules need, placed just before the value, with enough
 * words before and after that a neighbouring sentence's number does not fall inside the rule's
 * context window. Only the given `rng` is used, so the corpus is reproducible; the text holds no
 * other long digit runs, no e-mail addresses and no '+' phone numbers.
 */
import { createHash } from 'node:crypto';
import { bech32, bech32m, createBase58check } from '@scure/base';
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { HardNegative, Rng, ValueGenerator } from '../types.js';
import { chance, digits, int, pick } from '../rand.js';

// ---------------------------------------------------------------------------------------------
// Random helpers

function letters(rng: Rng, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[int(rng, 0, alphabet.length - 1)];
  return s;
}

function bytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(rng, 0, 255);
  return out;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CONSONANTS = 'BCDFGHJKLMNPQRSTVWXYZ';
const HEX = '0123456789abcdef';

function birthDate(rng: Rng, fromYear: number, toYear: number): { year: number; month: number; day: number } {
  const year = int(rng, fromYear, toYear);
  const month = int(rng, 1, 12);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return { year, month, day: int(rng, 1, days) };
}

/** Replaces the last digit with a different one: a look-alike whose check digit is wrong. */
function breakLastDigit(rng: Rng, s: string): string {
  const last = s.charCodeAt(s.length - 1) - 48;
  return s.slice(0, -1) + String((last + int(rng, 1, 9)) % 10);
}

// ---------------------------------------------------------------------------------------------
// Check digit arithmetic (independent of the validators on purpose)

function luhnCheckDigit(body: string): number {
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

const VD = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VP = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 8, 5],
];
const VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

function verhoeffCheckDigit(body: string): number {
  let c = 0;
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    c = VD[c]![VP[(i + 1) % 8]![d]!]!;
  }
  return VINV[c]!;
}

function weighted(s: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (s.charCodeAt(i) - 48) * weights[i]!;
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Value makers (compact forms; formatting happens in the generators)

function caSin(rng: Rng): string {
  const body = pick(rng, ['1', '2', '3', '4', '5', '6', '7', '9']) + digits(rng, 7);
  return body + String(luhnCheckDigit(body));
}

function brCpf(rng: Rng): string {
  let base = digits(rng, 9);
  while (/^(\d)\1+$/.test(base)) base = digits(rng, 9);
  const d = (s: string): number => {
    const r = (weighted(s, Array.from({ length: s.length }, (_, i) => s.length + 1 - i)) * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = d(base);
  return base + String(d1) + String(d(base + String(d1)));
}

function brCnpj(rng: Rng): string {
  const base = String(int(rng, 1, 99)).padStart(2, '0') + digits(rng, 6) + pick(rng, ['0001', '0001', '0001', '0002', '0003']);
  const d = (s: string, w: number[]): number => {
    const r = weighted(s, w) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = d(base, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = d(base + String(d1), [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return base + String(d1) + String(d2);
}

function inAadhaar(rng: Rng): string {
  const body = String(int(rng, 2, 9)) + digits(rng, 10);
  return body + String(verhoeffCheckDigit(body));
}

function inPan(rng: Rng): string {
  const holder = pick(rng, ['P', 'P', 'P', 'P', 'C', 'H', 'F', 'T', 'A']);
  let serial = digits(rng, 4);
  while (serial === '0000') serial = digits(rng, 4);
  return letters(rng, UPPER, 3) + holder + letters(rng, UPPER, 1) + serial + letters(rng, UPPER, 1);
}

function sgNric(rng: Rng): string {
  const series = pick(rng, ['S', 'S', 'T', 'T', 'F', 'G', 'M']);
  const body = digits(rng, 7);
  const sum = weighted(body, [2, 7, 6, 5, 4, 3, 2]);
  let check: string;
  if (series === 'M') check = 'KLJNPQRTUWX'[10 - ((sum + 3) % 11)]!;
  else {
    const offset = series === 'T' || series === 'G' ? 4 : 0;
    check = (series === 'S' || series === 'T' ? 'JZIHGFEDCBA' : 'XWUTRQPNMLK')[(sum + offset) % 11]!;
  }
  return series + body + check;
}

const CN_REGIONS = ['110105', '110108', '310104', '310115', '440106', '440305', '330106', '320102', '510107', '420106', '610113', '500103', '370202', '350203'];

function cnResidentId(rng: Rng): string {
  const b = birthDate(rng, 1950, 2008);
  const body = pick(rng, CN_REGIONS) + String(b.year) + pad(b.month, 2) + pad(b.day, 2) + digits(rng, 3);
  const sum = weighted(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
  return body + '10X98765432'[sum % 11]!;
}

function jpMyNumber(rng: Rng): string {
  const body = digits(rng, 11);
  const r = weighted(body, [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
  return body + String(r <= 1 ? 0 : 11 - r);
}

function auTfn(rng: Rng): string {
  for (;;) {
    const body = digits(rng, 8);
    if (body === '00000000') continue;
    // Weight of the last digit is 10 = -1 (mod 11), so it must equal the weighted sum mod 11.
    const need = weighted(body, [1, 4, 3, 7, 5, 8, 6, 9]) % 11;
    if (need <= 9) return body + String(need);
  }
}

function auMedicare(rng: Rng): string {
  const body = String(int(rng, 2, 6)) + digits(rng, 7);
  return body + String(weighted(body, [1, 3, 7, 9, 1, 3, 7, 9]) % 10) + String(int(rng, 1, 9));
}

function krRrn(rng: Rng): string {
  const b = birthDate(rng, 1950, 2012);
  const sex = b.year < 2000 ? pick(rng, ['1', '2']) : pick(rng, ['3', '4']);
  const body = pad(b.year % 100, 2) + pad(b.month, 2) + pad(b.day, 2) + sex + pad(int(rng, 0, 96), 2) + digits(rng, 3);
  const sum = weighted(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]);
  return body + String((11 - (sum % 11)) % 10);
}

function zaId(rng: Rng): string {
  const b = birthDate(rng, 1950, 2005);
  const body = pad(b.year % 100, 2) + pad(b.month, 2) + pad(b.day, 2) + digits(rng, 4) + pick(rng, ['0', '0', '0', '1']) + '8';
  return body + String(luhnCheckDigit(body));
}

const CURP_STATES = ['AS', 'BC', 'CH', 'DF', 'GT', 'JC', 'MC', 'MN', 'NL', 'OC', 'PL', 'QT', 'SL', 'SR', 'VZ', 'YN', 'NE'];
const CURP_BLOCKED = new Set(
  (
    'BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI COJA COJE COJI COJO COLA CULO ' +
    'FALO FETO GETA GUEI GUEY JETA JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE KOGI KOJA KOJE KOJI ' +
    'KOJO KOLA KULO LILO LOCA LOCO LOKA LOKO MAME MAMO MEAR MEAS MEON MIAR MION MOCO MOKO MULA ' +
    'MULO NACA NACO PEDA PEDO PENE PIPI PITO POPO PUTA PUTO QULO RATA ROBA ROBE ROBO RUIN SENO ' +
    'TETA VACA VAGA VAGO VAKA VUEI VUEY WUEI WUEY'
  ).split(' '),
);
const CURP_ALPHABET = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ';

function mxCurp(rng: Rng): string {
  for (;;) {
    const name = letters(rng, UPPER, 1) + pick(rng, ['A', 'E', 'I', 'O', 'U']) + letters(rng, UPPER, 2);
    if (CURP_BLOCKED.has(name)) continue;
    const b = birthDate(rng, 1950, 2010);
    const diff = b.year >= 2000 ? letters(rng, UPPER, 1) : String(int(rng, 0, 9));
    const body =
      name + pad(b.year % 100, 2) + pad(b.month, 2) + pad(b.day, 2) + pick(rng, ['H', 'M']) + pick(rng, CURP_STATES) + letters(rng, CONSONANTS, 3) + diff;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += CURP_ALPHABET.indexOf(body[i]!) * (18 - i);
    return body + String((10 - (sum % 10)) % 10);
  }
}

function usItin(rng: Rng): string {
  const group = pick(rng, [int(rng, 50, 65), int(rng, 70, 88), int(rng, 90, 92), int(rng, 94, 99)]);
  let serial = digits(rng, 4);
  while (serial === '0000') serial = digits(rng, 4);
  return `9${digits(rng, 2)}-${pad(group, 2)}-${serial}`;
}

function usNpi(rng: Rng): string {
  const body = String(int(rng, 1, 2)) + digits(rng, 8);
  return body + String(luhnCheckDigit(`80840${body}`));
}

function usDea(rng: Rng): string {
  const d = digits(rng, 6);
  const n = d.split('').map(Number) as [number, number, number, number, number, number];
  const check = (n[0] + n[2] + n[4] + 2 * (n[1] + n[3] + n[5])) % 10;
  return pick(rng, ['A', 'B', 'F', 'G', 'M']) + letters(rng, UPPER, 1) + d + String(check);
}

function abaRouting(rng: Rng): string {
  const prefix = pad(pick(rng, [int(rng, 1, 12), int(rng, 21, 32)]), 2);
  const body = prefix + digits(rng, 6);
  const sum = weighted(body, [3, 7, 1, 3, 7, 1, 3, 7]);
  return body + String((10 - (sum % 10)) % 10);
}

const BIC_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'CH', 'NL', 'ES', 'IT', 'JP', 'SG', 'HK', 'AU', 'CA', 'IN', 'BR', 'MX', 'ZA', 'AE'];

function swiftBic(rng: Rng): string {
  const location = letters(rng, 'ABCDEFGHIJKLMNPQRSTUVWXYZ23456789', 1) + letters(rng, 'ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789', 1);
  const branch = pick(rng, ['', '', 'XXX', letters(rng, '0123456789', 3), letters(rng, 'ABCDEFGHIJKLMNOPQRSTUVW', 3)]);
  return letters(rng, UPPER, 4) + pick(rng, BIC_COUNTRIES) + location + branch;
}

function isin(rng: Rng): string {
  const country = pick(rng, ['US', 'US', 'GB', 'DE', 'FR', 'CH', 'NL', 'JP', 'AU', 'CA', 'IE', 'LU', 'XS']);
  const nsin = country === 'US' || country === 'CA' ? digits(rng, 6) + letters(rng, '0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 2) + digits(rng, 1) : digits(rng, 9);
  const body = country + nsin;
  let expanded = '';
  for (const ch of body) expanded += ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
  return body + String(luhnCheckDigit(expanded));
}

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());
const base58check = createBase58check(sha256);

function btcAddress(rng: Rng): string {
  const kind = int(rng, 0, 3);
  if (kind === 0 || kind === 1) {
    const payload = new Uint8Array(21);
    payload[0] = kind === 0 ? 0x00 : 0x05;
    payload.set(bytes(rng, 20), 1);
    return base58check.encode(payload);
  }
  if (kind === 2) return bech32.encode('bc', [0, ...bech32.toWords(bytes(rng, 20))]);
  return bech32m.encode('bc', [1, ...bech32m.toWords(bytes(rng, 32))]);
}

function eip55(hexLower: string): string {
  const hash = keccak_256(new TextEncoder().encode(hexLower));
  let out = '';
  for (let i = 0; i < 40; i++) {
    const ch = hexLower[i]!;
    const nibble = i % 2 === 0 ? hash[i >> 1]! >> 4 : hash[i >> 1]! & 0x0f;
    out += ch >= 'a' && nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}

function ethChecksummed(rng: Rng): string {
  for (;;) {
    const hex = eip55(letters(rng, HEX, 40));
    if (hex !== hex.toLowerCase() && hex !== hex.toUpperCase()) return `0x${hex}`;
  }
}

function icd10(rng: Rng): string {
  return pick(rng, [
    'E11.9', 'E11.65', 'J45.909', 'J45.40', 'I10', 'I25.10', 'F32.9', 'F41.1', 'F33.1', 'M54.5', 'M54.16', 'E78.5', 'K21.9',
    'N39.0', 'J06.9', 'G43.909', 'R51.9', 'Z79.4', 'E66.9', 'S72.001A', 'C50.911', 'O24.419', 'F90.0', 'G47.33', 'J44.9',
    'N18.3', 'L40.0', 'M17.11', 'E03.9', 'K58.9', 'R10.9', 'I48.91', 'G89.29', 'S83.511A', 'M79.7', 'F43.10',
  ]);
}

// ---------------------------------------------------------------------------------------------
// Generators, one per rule

const spaced = (s: string, groups: number[], sep: string): string => {
  const out: string[] = [];
  let i = 0;
  for (const g of groups) {
    out.push(s.slice(i, i + g));
    i += g;
  }
  return out.join(sep);
};

export const generators: ValueGenerator[] = [
  {
    ruleId: 'ca-sin',
    valid: (rng) => {
      const s = caSin(rng);
      return pick(rng, [spaced(s, [3, 3, 3], ' '), spaced(s, [3, 3, 3], '-'), s]);
    },
    templates: [
      'For the new hire paperwork in Toronto, her SIN is {v} and she starts on the first of the month.',
      'Payroll flagged a mismatch for the Calgary contractor: social insurance number {v} on the T4 slip.',
      'Pour le dossier de paie à Montréal, son numéro d\'assurance sociale (NAS) est {v}, merci de vérifier.',
      'Can you fill in the ROE form for the Ottawa employee? Employee SIN: {v}, last day worked was Friday.',
    ],
  },
  {
    ruleId: 'br-cpf',
    valid: (rng) => {
      const s = brCpf(rng);
      return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
    },
    templates: [
      'Oi, preciso emitir a nota fiscal para o cliente de Campinas, CPF {v}, pode conferir o cadastro?',
      'The Brazilian contractor sent her details for the invoice: CPF {v}, based in Belo Horizonte.',
      'Segue a planilha de reembolso com o nome e o documento {v} do colaborador de Recife.',
      'Cadastro do fornecedor pessoa física atualizado, documento {v}, favor validar com o financeiro.',
    ],
  },
  {
    ruleId: 'br-cpf-unformatted',
    valid: (rng) => {
      const s = brCpf(rng);
      return chance(rng, 0.7) ? s : `${s.slice(0, 9)}-${s.slice(9)}`;
    },
    templates: [
      'Para o cadastro do novo colaborador em Curitiba, o CPF {v} foi digitado sem pontos no sistema.',
      'The Sao Paulo vendor form only accepts digits, so I typed CPF {v} and it still gets rejected.',
      'Exportei a base de clientes do Rio, a coluna cpf: {v} aparece sem formatação, dá para ajustar?',
    ],
  },
  {
    ruleId: 'br-cnpj',
    valid: (rng) => {
      const s = brCnpj(rng);
      return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`;
    },
    templates: [
      'O fornecedor de logística de Santos mandou o contrato com CNPJ {v}, pode revisar as cláusulas?',
      'Please add the Brazilian subsidiary to the vendor master: CNPJ {v}, Porto Alegre office.',
      'A nota veio com o emitente {v} e o valor do frete diferente do pedido original de março.',
    ],
  },
  {
    ruleId: 'br-cnpj-unformatted',
    valid: (rng) => brCnpj(rng),
    templates: [
      'No sistema de faturamento de Goiânia o CNPJ {v} aparece sem pontuação, é o mesmo fornecedor?',
      'The ERP import failed for the Brazilian supplier with cnpj {v}, can you check the tax setup?',
      'Segue o cadastro da transportadora de Manaus, CNPJ: {v}, favor liberar o pagamento do frete.',
    ],
  },
  {
    ruleId: 'in-aadhaar',
    valid: (rng) => {
      const s = inAadhaar(rng);
      return chance(rng, 0.7) ? spaced(s, [4, 4, 4], ' ') : s;
    },
    templates: [
      'For the Bengaluru onboarding KYC, the candidate shared his Aadhaar {v} along with the offer letter.',
      'The vendor in Pune asked for identity proof, so the Aadhaar number {v} was added to the form.',
      'Please update the HR record of our Chennai employee: aadhar no. {v} (linked to the bank already).',
      'KYC pending for the Hyderabad intern, UIDAI number {v} needs to be verified before payroll runs.',
    ],
  },
  {
    ruleId: 'in-pan',
    valid: (rng) => inPan(rng),
    templates: [
      'For the TDS certificate of the Mumbai consultant, please use PAN {v} and the March invoice.',
      'Form 16 has the wrong PAN card number {v} for our Delhi employee, HR needs to reissue it.',
      'The Kolkata vendor onboarding sheet lists {v} as the company PAN, GST details are pending.',
    ],
  },
  {
    ruleId: 'sg-nric',
    valid: (rng) => sgNric(rng),
    templates: [
      'For the Singapore office access card, the contractor gave NRIC {v} and starts next Monday.',
      'The CPF submission for our Jurong staff member failed, FIN {v} does not match MOM records.',
      'Please book the clinic appointment under {v}, the patient is a Singapore permanent resident.',
    ],
  },
  {
    ruleId: 'cn-resident-id',
    valid: (rng) => cnResidentId(rng),
    templates: [
      '请帮我核对一下这位新员工的信息，身份证号 {v}，入职日期是下周一。',
      'For the Shanghai office visa letter, the candidate sent her resident identity card number {v} yesterday.',
      '报销系统里填写的居民身份证号码：{v}，和合同上的一致吗？',
      'The Shenzhen supplier contact listed a Chinese ID number {v} on the customs declaration form.',
    ],
  },
  {
    ruleId: 'jp-my-number',
    valid: (rng) => {
      const s = jpMyNumber(rng);
      return chance(rng, 0.6) ? spaced(s, [4, 4, 4], ' ') : s;
    },
    templates: [
      '年末調整の書類に記載されたマイナンバー {v} が正しいか、経理部で確認してもらえますか。',
      'For the Tokyo payroll setup, the employee submitted her My Number {v} with the withholding form.',
      '源泉徴収票の個人番号：{v} の桁が一つ違う気がするので、念のため確認をお願いします。',
    ],
  },
  {
    ruleId: 'au-tfn',
    valid: (rng) => {
      const s = auTfn(rng);
      return chance(rng, 0.6) ? spaced(s, [3, 3, 3], ' ') : s;
    },
    templates: [
      'For the Melbourne contractor onboarding, his TFN is {v} and super goes to the default fund.',
      'The Sydney payroll team needs the tax file number {v} on the declaration before the next pay run.',
      'Can you check the ATO letter for our Brisbane hire? TFN: {v} was quoted on the first page.',
    ],
  },
  {
    ruleId: 'au-medicare',
    valid: (rng) => {
      const s = auMedicare(rng);
      return chance(rng, 0.6) ? spaced(s, [4, 5, 1], ' ') : s;
    },
    templates: [
      'To book the Perth clinic visit for the patient, her Medicare card number is {v} (expires next year).',
      'The Adelaide physio practice rejected the claim because Medicare number {v} did not validate.',
      'Please update the patient file at the Hobart practice: medicare {v}, reference number on the card is 1.',
    ],
  },
  {
    ruleId: 'kr-rrn',
    valid: (rng) => {
      const s = krRrn(rng);
      return `${s.slice(0, 6)}-${s.slice(6)}`;
    },
    templates: [
      '신규 입사자 서류 확인 부탁드립니다. 주민등록번호 {v} 로 4대보험 신고가 필요합니다.',
      'For the Seoul office payroll, the new hire resident registration number is {v} according to HR.',
      '연말정산 자료에 적힌 주민번호: {v} 가 맞는지 인사팀에서 다시 확인해 주세요.',
    ],
  },
  {
    ruleId: 'za-id',
    valid: (rng) => {
      const s = zaId(rng);
      return chance(rng, 0.7) ? s : `${s.slice(0, 6)} ${s.slice(6, 10)} ${s.slice(10)}`;
    },
    templates: [
      'For the Johannesburg payroll, the new employee gave her SA ID number {v} and her tax reference.',
      'The Cape Town landlord asked for an identity number {v} before signing the lease agreement.',
      'Please capture the Durban client on the system with RSA ID {v}, FICA documents are attached.',
    ],
  },
  {
    ruleId: 'mx-curp',
    valid: (rng) => mxCurp(rng),
    templates: [
      'Para el alta en el IMSS del nuevo empleado de Guadalajara, su CURP es {v} según el acta.',
      'The Monterrey contractor sent his CURP {v} for the payroll setup, can you double-check it?',
      'Adjunto la constancia del colaborador de Puebla con la clave {v} para el trámite del SAT.',
    ],
  },
  {
    ruleId: 'us-itin',
    valid: (rng) => usItin(rng),
    templates: [
      'The 1099 for the freelance translator lists ITIN {v}, she does not have a social security number.',
      'Can you update the W-9 on file for the vendor? Individual taxpayer identification number {v} is new.',
      'Our tax preparer says the ITIN: {v} expired last year and must be renewed before we file again.',
    ],
  },
  {
    ruleId: 'us-npi',
    valid: (rng) => usNpi(rng),
    templates: [
      'The claim was denied because the referring physician NPI {v} is not enrolled with the payer.',
      'Please add Dr. Okafor to the credentialing sheet: National Provider Identifier {v}, cardiology.',
      'The pharmacy called about the prescriber, NPI: {v}, the script was written at the downtown clinic.',
    ],
  },
  {
    ruleId: 'us-dea',
    valid: (rng) => usDea(rng),
    templates: [
      'The pharmacy needs the prescriber DEA number {v} on the controlled substance order form.',
      'Credentialing asked for Dr. Patel registration details, DEA {v}, renewal is due in June.',
      'The refill for the Schedule II script was rejected, DEA# {v} did not match the physician record.',
    ],
  },
  {
    ruleId: 'aba-routing-number',
    valid: (rng) => abaRouting(rng),
    templates: [
      'For the direct deposit form of the new hire, the bank routing number {v} is on the voided check.',
      'The vendor ACH setup failed because ABA {v} was entered with the wrong bank name in the portal.',
      'Please wire the deposit using routing: {v} at the credit union, the memo should say invoice paid.',
    ],
  },
  {
    ruleId: 'swift-bic',
    valid: (rng) => swiftBic(rng),
    templates: [
      'For the international wire to our supplier, please use SWIFT code {v} and the invoice reference.',
      'The payment bounced back because the BIC {v} belongs to a different branch of the bank.',
      'Can you add the beneficiary bank details to the vendor file? SWIFT/BIC: {v}, and use the invoice number as the reference.',
    ],
  },
  {
    ruleId: 'isin',
    valid: (rng) => isin(rng),
    templates: [
      'Please add the bond with ISIN {v} to the model portfolio before the rebalance on Friday.',
      'The custodian statement shows a position in {v} that I do not recognise, which fund is that?',
      'Can you pull the factsheet for the ETF, ISIN: {v}, and summarise the fees for the committee?',
    ],
  },
  {
    ruleId: 'bitcoin-address',
    valid: (rng) => btcAddress(rng),
    templates: [
      'The ransom note asked for payment to the bitcoin address {v} within three days.',
      'Please send the refund in BTC to {v}, that is my hardware wallet, not the exchange one.',
      'The treasury team whitelisted {v} as the cold storage address for the quarterly sweep.',
    ],
  },
  {
    ruleId: 'ethereum-address',
    valid: (rng) => ethChecksummed(rng),
    templates: [
      'Please send the USDC payout to my wallet {v} on mainnet, not to the exchange deposit.',
      'The grant will be paid in ETH to {v}, can you confirm the address with the recipient first?',
      'Our multisig is {v}, add it to the allowlist in the treasury dashboard before Friday.',
    ],
  },
  {
    ruleId: 'ethereum-address-unchecksummed',
    valid: (rng) => `0x${chance(rng, 0.85) ? letters(rng, HEX, 40) : letters(rng, HEX, 40).toUpperCase()}`,
    templates: [
      'For the contributor bounty, send the ETH to my wallet {v} once the pull request is merged.',
      'The MetaMask wallet for the marketing budget is {v}, please top it up before the campaign.',
      'Customer support asked where the USDT went: the deposit address {v} shows no incoming transfer.',
    ],
  },
  {
    ruleId: 'us-passport',
    valid: (rng) => (chance(rng, 0.7) ? String(int(rng, 1, 9)) + digits(rng, 8) : letters(rng, 'ACDEFGHJKLMNPRSTUVWXZ', 1) + digits(rng, 8)),
    templates: [
      'For the conference visa letter, the speaker passport number is {v} and she flies in from Boston.',
      'The travel agent needs the passport no. {v} for the Chicago team lead before booking the flight.',
      'Please update the traveller profile in Concur: US passport {v}, expiry date in the attachment.',
    ],
  },
  {
    ruleId: 'uk-passport',
    valid: (rng) => String(int(rng, 1, 9)) + digits(rng, 8),
    templates: [
      'For the Schengen trip next month, my British passport number is {v} and it is valid until 2031.',
      'The relocation firm asked for the UK passport {v} of the Manchester engineer for the visa file.',
      'HR copied the number from the renewal letter, HMPO passport number {v}, issued to the new hire in Leeds.',
    ],
  },
  {
    ruleId: 'us-bank-account-number',
    valid: (rng) => {
      // 15 and 16 digits are left out: there a Luhn-valid value would also be a card number.
      const n = pick(rng, [8, 9, 10, 10, 11, 12, 12, 13, 14, 17]);
      return String(int(rng, 1, 9)) + digits(rng, n - 1);
    },
    templates: [
      'For the direct deposit change, the new checking account number is {v} at the same bank branch.',
      'The refund failed because the acct no. {v} on the form belongs to a customer who left last year.',
      'Please confirm the vendor payment details with the supplier: bank account {v} under the company name.',
    ],
  },
  {
    ruleId: 'medical-record-number',
    valid: (rng) => (chance(rng, 0.5) ? '00' + digits(rng, int(rng, 4, 6)) : String(int(rng, 1, 9)) + digits(rng, int(rng, 6, 8))),
    templates: [
      'The discharge summary for the cardiology patient is filed under MRN {v} in the hospital EHR system.',
      'Please pull the lab results for the follow-up visit, medical record number {v}, seen by Dr. Lee last week.',
      'The nurse asked to merge the duplicate chart with the patient ID {v} before the surgery on Monday.',
    ],
  },
  {
    ruleId: 'icd10-diagnosis-code',
    valid: (rng) => icd10(rng),
    templates: [
      'The claim for the clinic visit was coded with diagnosis {v} but the payer wants a more specific code.',
      'Can you check the billing note? The primary dx {v} does not match the procedure that was performed.',
      'The referral letter lists the ICD-10 code {v} for the patient, please attach it to the prior authorisation.',
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Hard negatives: look-alikes no rule may report

export const hardNegatives: HardNegative[] = [
  {
    category: 'pii',
    reason: 'CPF written with punctuation but a wrong check digit',
    text: (rng) => {
      const s = breakLastDigit(rng, brCpf(rng));
      return `Na hora de emitir a nota fiscal, o sistema recusou o documento ${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}, deve ter erro de digitação.`;
    },
  },
  {
    category: 'pii',
    reason: 'CNPJ written with punctuation but a wrong check digit',
    text: (rng) => {
      const s = breakLastDigit(rng, brCnpj(rng));
      return `A nota fiscal do fornecedor de embalagens veio com ${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)} e a validação falhou.`;
    },
  },
  {
    category: 'pii',
    reason: 'Luhn-valid nine digits shaped like a SIN, but an order number with no SIN context',
    text: (rng) => `The courier confirmed this morning that the Winnipeg order ${caSin(rng)} left the warehouse and arrives Thursday.`,
  },
  {
    category: 'pii',
    reason: 'Verhoeff-valid twelve digits in 4-4-4 groups without any Aadhaar or My Number context',
    text: (rng) => `According to the courier website this morning, the tracking reference ${spaced(inAadhaar(rng), [4, 4, 4], ' ')} is out for delivery.`,
  },
  {
    category: 'pii',
    reason: 'Aadhaar with a wrong Verhoeff check digit',
    text: (rng) => `The KYC step of the onboarding portal in Pune says Aadhaar ${spaced(breakLastDigit(rng, inAadhaar(rng)), [4, 4, 4], ' ')} is invalid.`,
  },
  {
    category: 'pii',
    reason: 'NRIC shape with the wrong check letter',
    text: (rng) => {
      const s = sgNric(rng);
      const table = 'ABCDEFGHIJKLMNPQRTUWXZ';
      let wrong = pick(rng, table.split(''));
      while (wrong === s[8]) wrong = pick(rng, table.split(''));
      return `The visitor registration kiosk at the Changi office rejects NRIC ${s.slice(0, 8)}${wrong} every time.`;
    },
  },
  {
    category: 'pii',
    reason: 'Chinese resident ID with a wrong check character',
    text: (rng) => {
      const s = cnResidentId(rng);
      const wrong = s.endsWith('X') ? '0' : s.endsWith('9') ? 'X' : String(Number(s[17]) + 1);
      return `人事部门昨天上传的入职材料里，系统提示身份证号 ${s.slice(0, 17)}${wrong} 校验失败，请重新输入。`;
    },
  },
  {
    category: 'pii',
    reason: 'CURP with a wrong check digit',
    text: (rng) => `El sistema de nómina de la oficina de Querétaro rechazó la CURP ${breakLastDigit(rng, mxCurp(rng))} por el dígito verificador.`,
  },
  {
    category: 'pii',
    reason: 'ITIN-shaped number in group 93, which the IRS never issues',
    text: (rng) => `The scanned tax return from the accountant shows ITIN 9${digits(rng, 2)}-93-${pad(int(rng, 1000, 9999), 4)}, which cannot be right.`,
  },
  {
    category: 'pii',
    reason: 'South African ID with an impossible birth date (month 13)',
    text: (rng) => `The onboarding portal for the Pretoria office says the SA ID number ${pad(int(rng, 50, 99), 2)}13${pad(int(rng, 10, 28), 2)}${digits(rng, 4)}08${digits(rng, 1)} has an impossible date.`,
  },
  {
    category: 'pii',
    reason: 'Korean RRN with a wrong check digit',
    text: (rng) => {
      const s = breakLastDigit(rng, krRrn(rng));
      return `인사팀에서 보내 준 신규 입사자 서류를 확인해 보니 주민등록번호 ${s.slice(0, 6)}-${s.slice(6)} 는 검증에 실패했습니다.`;
    },
  },
  {
    category: 'financial',
    reason: 'ABA-shaped nine digits with a wrong checksum',
    text: (rng) => `When I set up the vendor payment this morning, the bank portal rejected routing number ${breakLastDigit(rng, abaRouting(rng))} as invalid.`,
  },
  {
    category: 'financial',
    reason: 'git commit SHA (40 hex digits, no 0x)',
    text: (rng) => `Cherry-pick ${letters(rng, HEX, 40)} onto the release branch before tagging.`,
  },
  {
    category: 'financial',
    reason: '0x and 40 lower-case hex digits without any wallet context (a hash in a log)',
    text: (rng) => `While debugging the cache layer yesterday afternoon, the trace log printed 0x${letters(rng, HEX, 40)} as the storage key.`,
  },
  {
    category: 'financial',
    reason: 'mixed-case 0x address whose EIP-55 checksum does not match (a mistyped address)',
    text: (rng) => {
      for (;;) {
        const good = ethChecksummed(rng).slice(2);
        const i = good.search(/[a-fA-F]/);
        const flipped = good.slice(0, i) + (good[i] === good[i]!.toUpperCase() ? good[i]!.toLowerCase() : good[i]!.toUpperCase()) + good.slice(i + 1);
        if (flipped !== flipped.toLowerCase() && flipped !== flipped.toUpperCase()) return `The address pasted into the support chat looks mistyped: 0x${flipped} fails the checksum in the wallet.`;
      }
    },
  },
  {
    category: 'financial',
    reason: 'Bitcoin legacy address with a corrupted character (Base58Check fails)',
    text: (rng) => {
      const addr = base58check.encode(Uint8Array.of(0, ...bytes(rng, 20)));
      const i = int(rng, 5, addr.length - 2);
      const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
      const swapped = alphabet[(alphabet.indexOf(addr[i]!) + int(rng, 1, 57)) % 58]!;
      return `The exchange support team wrote back that it refused ${addr.slice(0, i)}${swapped}${addr.slice(i + 1)} as a withdrawal target, the checksum is off.`;
    },
  },
  {
    category: 'financial',
    reason: 'ISIN with a wrong check digit',
    text: (rng) => `The trade ticket from the broker this morning shows ISIN ${breakLastDigit(rng, isin(rng))} but the custodian does not recognise it.`,
  },
  {
    category: 'financial',
    reason: 'shouted upper-case words shaped like a BIC, no SWIFT context',
    text: (rng) => `The memo from the regional director ended in capitals: ${pick(rng, ['ABSOLUTE', 'BUSINESS', 'CHECKING', 'STANDARD', 'PRESSURE', 'PROBLEMS'])} PRIORITY for the team this quarter.`,
  },
  {
    category: 'financial',
    reason: 'long reference number without any account wording',
    text: (rng) => `The freight forwarder wrote on Friday afternoon that shipment reference ${String(int(rng, 1, 9))}${digits(rng, 10)} was delayed at customs in Rotterdam.`,
  },
  {
    category: 'health',
    reason: 'Medicare-shaped number with a wrong check digit',
    text: (rng) => {
      const s = auMedicare(rng);
      const wrong = s.slice(0, 8) + String((Number(s[8]) + int(rng, 1, 9)) % 10) + s.slice(9);
      return `The receptionist at the physiotherapy practice said the Medicare card number ${spaced(wrong, [4, 5, 1], ' ')} came back invalid.`;
    },
  },
  {
    category: 'health',
    reason: 'NPI-shaped ten digits with a wrong check digit',
    text: (rng) => `The billing team at the outpatient clinic says the payer rejected NPI ${breakLastDigit(rng, usNpi(rng))} as mistyped.`,
  },
  {
    category: 'health',
    reason: 'ICD-10-shaped codes with no diagnosis context (a room and a part number)',
    text: (rng) => `For the workshop on Thursday afternoon we will meet in room ${pick(rng, ['B', 'C', 'D'])}${int(rng, 10, 49)} next to the printer; spare part ${pick(rng, ['E', 'K', 'M'])}${int(rng, 10, 99)}.${int(rng, 1, 9)} is on the shelf.`,
  },
  {
    category: 'health',
    reason: 'eight-digit ticket number without any medical record wording',
    text: (rng) => `After the stand-up meeting the service desk lead said ticket ${'00' + digits(rng, 6)} was reassigned to the facilities team.`,
  },
  {
    category: 'health',
    reason: 'DEA-shaped purchase order without DEA context',
    text: (rng) => `The procurement team confirmed on Tuesday that purchase order ${usDea(rng)} for the office chairs was approved.`,
  },
];
