import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * Ethereum address: 0x and 40 hex digits. Mixed case carries the EIP-55 checksum: each letter
 * is upper case exactly when the matching nibble of keccak-256(lower-case hex) is 8 or more.
 * All-lower and all-upper addresses have no checksum and pass on shape alone, so a rule that
 * accepts them must require context (see the ethereum-address-unchecksummed rule).
 */
const SHAPE = /^0x[0-9a-fA-F]{40}$/;

export function isMixedCase(hex: string): boolean {
  return hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
}

/** Whether the 40 hex digits (no 0x) carry a correct EIP-55 checksum. */
export function eip55Valid(hex: string): boolean {
  const lower = hex.toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  for (let i = 0; i < 40; i++) {
    const ch = hex[i] ?? '';
    if (ch >= '0' && ch <= '9') continue;
    const byte = hash[i >> 1] ?? 0;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    const upper = ch >= 'A' && ch <= 'F';
    if (upper !== nibble >= 8) return false;
  }
  return true;
}

export function ethAddress(value: string): boolean {
  const s = value.trim();
  if (!SHAPE.test(s)) return false;
  const hex = s.slice(2);
  return isMixedCase(hex) ? eip55Valid(hex) : true;
}
