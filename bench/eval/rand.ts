import type { Rng } from './types.js';

/** Random helpers shared by the corpus generators; all driven by the corpus rng, so reproducible. */

export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function chars(rng: Rng, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet.charAt(Math.floor(rng() * alphabet.length));
  return out;
}

export function digits(rng: Rng, n: number): string {
  return chars(rng, '0123456789', n);
}
