import { digitsOf } from './shared.js';

/**
 * Swiss AHV/AVS number (AHVN13, since 2008): 756.XXXX.XXXX.XC, an EAN-13 whose country prefix is
 * 756. Check digit: weights 1, 3, 1, 3, ... over the first twelve digits, (10 - sum mod 10) mod 10.
 */
export function chAhv(value: string): boolean {
  const s = value.replace(/[ .]/g, '');
  if (!/^756[0-9]{10}$/.test(s)) return false;
  const d = digitsOf(s);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (d[i] ?? 0) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === d[12];
}
