/**
 * UK National Insurance number (HMRC NIM39110): two prefix letters, six digits, a suffix A-D.
 * Neither prefix letter is D, F, I, Q, U or V; the second is not O; the prefixes BG, GB, NK, KN,
 * TN, NT and ZZ are never allocated (so the documentation example QQ 12 34 56 C fails, as meant).
 * Spaces between the groups are allowed; case is ignored.
 */
const SHAPE = /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$/;
const NOT_ALLOCATED: ReadonlySet<string> = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

export function ukNino(value: string): boolean {
  const s = value.replace(/ /g, '').toUpperCase();
  if (!SHAPE.test(s)) return false;
  return !NOT_ALLOCATED.has(s.slice(0, 2));
}
