import { createHmac } from 'node:crypto';

/**
 * Exact data match without plaintext: values are normalised, keyed-hashed with a per-index salt
 * and kept as a set of hashes; a candidate token is hashed the same way and looked up.
 */
export const EDM_ALGORITHM = 'hmac-sha256-128';

export function normaliseExactValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function exactDataHash(salt: string, value: string): string {
  return createHmac('sha256', salt).update(normaliseExactValue(value)).digest('hex').slice(0, 32);
}

export class ExactDataSet {
  private readonly hashes: Set<string>;
  constructor(
    private readonly salt: string,
    hashes: readonly string[],
  ) {
    this.hashes = new Set(hashes);
  }

  has(value: string): boolean {
    return this.hashes.has(exactDataHash(this.salt, value));
  }
}
