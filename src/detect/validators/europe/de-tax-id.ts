import { digitsOf } from './shared.js';

/**
 * German Steuerliche Identifikationsnummer (Steuer-IdNr, § 139b AO): 11 digits, the first not 0,
 * often written 12 345 678 901. In the first ten digits exactly one digit occurs twice or three
 * times (three times since 2016, never three in a row) and every other digit at most once. The
 * eleventh digit is the ISO 7064 MOD 11,10 check digit of the first ten.
 */
export function deTaxId(value: string): boolean {
  const s = value.replace(/[ /]/g, '');
  if (!/^[1-9][0-9]{10}$/.test(s)) return false;
  const d = digitsOf(s);

  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[d[i] ?? 0]! += 1;
  const repeated = counts.filter((c) => c > 1);
  if (repeated.length !== 1 || (repeated[0] ?? 0) > 3) return false;
  if (repeated[0] === 3) {
    for (let i = 0; i + 2 < 10; i++) if (d[i] === d[i + 1] && d[i] === d[i + 2]) return false;
  }

  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = ((d[i] ?? 0) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === d[10];
}
