/**
 * The only form in which a matched value leaves the detector: a preview that keeps a few
 * characters at each end for triage and hides the rest. Never enough to reconstruct the value.
 */
const MAX_HIDDEN = 12;

export function maskValue(value: string): string {
  const flat = value.replace(/\s+/g, ' ');
  const chars = [...flat];
  const n = chars.length;
  // Reveal at most a quarter of the value, and at most 4 characters on each side.
  const keep = n >= 16 ? 4 : n >= 8 ? 2 : n >= 6 ? 1 : 0;
  const head = chars.slice(0, keep).join('');
  const tail = keep > 0 ? chars.slice(n - keep).join('') : '';
  const hidden = Math.min(n - 2 * keep, MAX_HIDDEN);
  const elided = n - 2 * keep > MAX_HIDDEN ? '…' : '';
  return `${head}${'*'.repeat(hidden)}${elided}${tail}`;
}
