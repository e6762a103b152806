/**
 * Generators of planted credentials. Formats follow what the providers issue today, so rules are
 * measured against the real shapes; random tails end in a letter or digit so that where a span
 * ends is never a question of whether a trailing '-' or '_' belongs to the token.
 */
import { type Rng, ALNUM, BASE64URL, UPPER } from './random.js';

const BASE32_UPPER = UPPER + '234567';

function tail(rng: Rng, alphabet: string, n: number): string {
  if (n <= 0) return '';
  return rng.chars(alphabet, n - 1) + rng.chars(ALNUM, 1);
}

function head(rng: Rng, alphabet: string, n: number): string {
  if (n <= 1) return rng.chars(ALNUM, n);
  return rng.chars(ALNUM, 1) + rng.chars(alphabet, n - 1);
}

export function awsAccessKeyId(rng: Rng): string {
  for (;;) {
    const key = rng.pick(['AKIA', 'AKIA', 'ASIA']) + rng.chars(BASE32_UPPER, 16);
    if (!key.endsWith('EXAMPLE')) return key;
  }
}

let crcTable: Uint32Array | undefined;
function crc32(s: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = (crcTable[(crc ^ s.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function base62(n: number, width: number): string {
  let out = '';
  let v = n;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/** GitHub's classic tokens end in a base62 CRC32 of the random part; we keep that true. */
export function githubToken(rng: Rng): string {
  if (rng.chance(0.25)) return `github_pat_${rng.chars(ALNUM, 22)}_${rng.chars(ALNUM, 59)}`;
  const random = rng.chars(ALNUM, 30);
  return `${rng.pick(['ghp_', 'ghp_', 'gho_', 'ghs_'])}${random}${base62(crc32(random), 6)}`;
}

export function openaiApiKey(rng: Rng): string {
  const prefix = rng.weighted([['sk-proj-', 6], ['sk-svcacct-', 2], ['sk-admin-', 1]] as const);
  const bodyLen = rng.weighted([[156, 3], [rng.int(48, 155), 2]] as const);
  const left = Math.floor((bodyLen - 8) / 2);
  return prefix + head(rng, BASE64URL, left) + 'T3BlbkFJ' + tail(rng, BASE64URL, bodyLen - 8 - left);
}

export function slackToken(rng: Rng): string {
  return `${rng.pick(['xoxb-', 'xoxb-', 'xoxp-'])}${rng.int(1, 9)}${rng.digits(rng.int(9, 12))}-${rng.int(1, 9)}${rng.digits(rng.int(9, 12))}-${rng.chars(ALNUM, 24)}`;
}

export function stripeSecretKey(rng: Rng): string {
  const prefix = rng.chance(0.75) ? 'sk_live_' : 'rk_live_';
  const len = rng.chance(0.5) ? 99 : rng.int(24, 98);
  return prefix + '51' + rng.chars(ALNUM, len - 2);
}

export function googleApiKey(rng: Rng): string {
  return 'AIza' + head(rng, BASE64URL, 1) + tail(rng, BASE64URL, 34);
}

export function anthropicApiKey(rng: Rng): string {
  return 'sk-ant-api03-' + head(rng, BASE64URL, 93) + 'AA';
}

function b64url(buf: Buffer | string): string {
  return Buffer.from(buf).toString('base64url');
}

export function jwt(rng: Rng, name: string, issuedAtS: number): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sub: rng.uuid(), name, role: rng.pick(['admin', 'member', 'service']), iat: issuedAtS, exp: issuedAtS + 3600 * rng.pick([1, 8, 24]) }));
  for (;;) {
    const sig = b64url(rng.bytes(32));
    if (/[A-Za-z0-9]$/.test(sig)) return `${header}.${payload}.${sig}`;
  }
}

// DER prefixes make the first base64 characters look like real keys (MIIEpAIBAAKCAQEA ...).
const KEY_KINDS = [
  { label: 'RSA PRIVATE KEY', prefix: [0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00] },
  { label: 'PRIVATE KEY', prefix: [0x30, 0x82, 0x04, 0xbd, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04, 0x82, 0x04, 0xa7] },
  { label: 'OPENSSH PRIVATE KEY', prefix: [...Buffer.from('openssh-key-v1\0', 'latin1'), 0, 0, 0, 4] },
  { label: 'EC PRIVATE KEY', prefix: [0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20] },
] as const;

export function privateKey(rng: Rng): string {
  const kind = rng.pick(KEY_KINDS);
  const lines = kind.label === 'EC PRIVATE KEY' ? rng.int(5, 6) : rng.int(8, 20);
  const body = rng.bytes(lines * 48);
  Buffer.from(kind.prefix).copy(body, 0);
  const b64 = body.toString('base64');
  const rows: string[] = [];
  for (let i = 0; i < b64.length; i += 64) rows.push(b64.slice(i, i + 64));
  return `-----BEGIN ${kind.label}-----\n${rows.join('\n')}\n-----END ${kind.label}-----`;
}

const PASSWORD_CHARS = ALNUM + '!#%^*_+=-';

/** Only the password is the sensitive span; the URL around it is context. */
export function connectionString(rng: Rng): { before: string; password: string; after: string } {
  let password: string;
  do {
    password = rng.chars(ALNUM, 1) + rng.chars(PASSWORD_CHARS, rng.int(9, 23));
  } while (!/[0-9]/.test(password) || !/[A-Za-z]/.test(password) || /\d{4}/.test(password));
  const user = rng.pick(['app_user', 'svc_billing', 'analytics_ro', 'etl', 'admin', 'reporting']);
  const shape = rng.int(0, 5);
  switch (shape) {
    case 0: return { before: `postgres://${user}:`, password, after: `@db.internal:5432/app` };
    case 1: return { before: `postgresql://${user}:`, password, after: `@orders-db.c9akciq3x.eu-west-1.rds.amazonaws.com:5432/orders?sslmode=require` };
    case 2: return { before: `mysql://${user}:`, password, after: `@mysql-primary.prod.svc.cluster.local:3306/shop` };
    case 3: return { before: `mongodb+srv://${user}:`, password, after: `@cluster0.x7kq2.mongodb.net/reports?retryWrites=true&w=majority` };
    case 4: return { before: 'redis://default:', password, after: `@cache.internal:6379/0` };
    default: return { before: `amqp://${user}:`, password, after: `@rabbitmq.internal:5672/jobs` };
  }
}
