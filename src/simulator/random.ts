/**
 * Seeded randomness for the synthetic workspace. sfc32 is fast and has 128 bits of state; each
 * (seed, stream) pair gets its own independent generator, so conversation N always comes out the
 * same no matter how many other conversations, users or appends were generated before it.
 */

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
export function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over a string, mixed: a cheap stable hash for request parameters and stream names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const BASE64URL = ALNUM + '-_';
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number | string = 0) {
    const s = Math.trunc(seed);
    const lo = mix32(s >>> 0);
    const hi = mix32(Math.floor(s / 4294967296) >>> 0 ^ 0x5bd1e995);
    const st = typeof stream === 'string' ? hashString(stream) : mix32(stream + 0x9e3779b9);
    this.a = mix32(lo ^ 0x2545f491);
    this.b = mix32(hi ^ st);
    this.c = mix32(st ^ 0x6c078965);
    this.d = 1;
    // sfc32 needs a few rounds before its output stops reflecting the seed words.
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.float() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  chars(alphabet: string, n: number): string {
    // Building from char codes avoids one intermediate string per character (GC-heavy at scale).
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i++) codes[i] = alphabet.charCodeAt(Math.floor(this.float() * alphabet.length));
    return String.fromCharCode(...codes);
  }

  digits(n: number): string {
    return this.chars(DIGITS, n);
  }

  hex(n: number): string {
    // A byte table: Number#toString(16) is slow enough to dominate workspace generation.
    let out = '';
    while (out.length < n) {
      const x = this.u32();
      out += (HEX_BYTES[x >>> 24] as string) + HEX_BYTES[(x >>> 16) & 255] + HEX_BYTES[(x >>> 8) & 255] + HEX_BYTES[x & 255];
    }
    return out.length === n ? out : out.slice(0, n);
  }

  bytes(n: number): Buffer {
    const buf = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) buf[i] = this.u32() & 0xff;
    return buf;
  }

  /** A version-4-shaped UUID drawn from this generator (never from the OS). */
  uuid(): string {
    const h = this.hex(32);
    const variant = HEX[8 + (this.u32() & 3)] as string;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
