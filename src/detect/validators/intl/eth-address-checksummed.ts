import { eip55Valid, isMixedCase } from './eth-address.js';

/**
 * Ethereum address that carries an EIP-55 checksum (mixed case) and whose checksum is right:
 * the form wallets and block explorers show, distinctive enough to report without context.
 */
export function ethAddressChecksummed(value: string): boolean {
  const s = value.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(s)) return false;
  const hex = s.slice(2);
  return isMixedCase(hex) && eip55Valid(hex);
}
