import { createHash } from 'node:crypto';
import { bech32, bech32m, createBase58check } from '@scure/base';

/**
 * Bitcoin mainnet address:
 * - legacy Base58Check (25 bytes: version, 20-byte hash, 4-byte double-SHA-256 checksum) with
 *   version 0x00 (P2PKH, starts with 1) or 0x05 (P2SH, starts with 3);
 * - segwit (BIP 173 / BIP 350): human-readable part "bc", witness version 0 encoded in bech32
 *   with a 20- or 32-byte program, versions 1-16 encoded in bech32m with a 2-40 byte program
 *   (taproot, v1, is 32 bytes). All lower or all upper case, never mixed.
 */
const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());
const base58check = createBase58check(sha256);

function legacy(s: string): boolean {
  if (!/^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(s)) return false;
  let bytes: Uint8Array;
  try {
    bytes = base58check.decode(s);
  } catch {
    return false;
  }
  return bytes.length === 21 && (bytes[0] === 0x00 || bytes[0] === 0x05);
}

function segwit(s: string): boolean {
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) return false;
  const lower = s.toLowerCase();
  if (!lower.startsWith('bc1') || lower.length < 14 || lower.length > 90) return false;
  // The witness version is the first data character; it decides which checksum applies.
  const version = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'.indexOf(lower[3] ?? '');
  if (version < 0 || version > 16) return false;
  const decoded = (version === 0 ? bech32 : bech32m).decodeUnsafe(lower, 90);
  if (!decoded || decoded.prefix !== 'bc' || decoded.words.length < 1) return false;
  const program = (version === 0 ? bech32 : bech32m).fromWordsUnsafe(decoded.words.slice(1));
  if (!program) return false;
  if (version === 0) return program.length === 20 || program.length === 32;
  return program.length >= 2 && program.length <= 40;
}

export function btcAddress(value: string): boolean {
  const s = value.trim();
  return s.startsWith('1') || s.startsWith('3') ? legacy(s) : segwit(s);
}
