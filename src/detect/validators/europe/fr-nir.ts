/**
 * French NIR (numéro de sécurité sociale, "numéro INSEE"): 13 characters and a 2-digit key,
 * usually written 1 85 05 78 006 084 36. Sex 1/2 (3, 4, 7, 8 for provisional numbers), year,
 * month (01-12, or 20, 30-42, 50-99 when unknown), department (2A/2B for Corsica), commune,
 * order number. Key = 97 - (number mod 97), with 2A read as 19 and 2B as 18.
 */
const SHAPE = /^[1-478][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{8}$/;

export function frNir(value: string): boolean {
  const s = value.replace(/ /g, '').toUpperCase();
  if (!SHAPE.test(s)) return false;
  const month = Number(s.slice(3, 5));
  if (!((month >= 1 && month <= 12) || month === 20 || (month >= 30 && month <= 42) || month >= 50)) return false;
  const dept = s.slice(5, 7);
  if (dept === '00') return false;
  if (s.slice(10, 13) === '000') return false; // order number starts at 001
  const body = s.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(s.slice(13));
  return 97 - (Number(body) % 97) === key;
}
