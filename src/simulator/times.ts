/**
 * Time is kept as integer microseconds since the epoch (safe in a double until year 2255), so
 * float seconds and ISO strings with six fraction digits round-trip exactly and no two events
 * share a timestamp by accident of millisecond rounding.
 */

export const US_PER_MS = 1000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60 * US_PER_S;
export const US_PER_H = 60 * US_PER_MIN;
export const US_PER_DAY = 24 * US_PER_H;

export function dateToUs(d: Date): number {
  return d.getTime() * US_PER_MS;
}

/** Float Unix seconds as the listing API sends them (e.g. 1760231119.916074). */
export function usToFloat(us: number): number {
  return us / US_PER_S;
}

/** ISO 8601 UTC with microseconds, as the logs feed sends them: 2026-05-20T12:47:09.501218Z. */
export function usToIso(us: number): string {
  const ms = Math.floor(us / US_PER_MS);
  const micro = us - ms * US_PER_MS;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, -1)}${String(micro).padStart(3, '0')}Z`;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Parses ISO 8601 with an explicit zone to microseconds, or null. Date.parse would drop the
 * microseconds, and a cursor that loses precision would make the inclusive `after` return files
 * from just before the boundary.
 * A space where the zone's sign should be is read as '+': an unencoded '+' in a query string
 * arrives as a space.
 */
export function parseIsoToUs(input: string): number | null {
  let s = input.trim();
  const spaceZone = /^(.*\d) (\d{2}(?::?\d{2})?)$/.exec(s);
  if (spaceZone) s = `${spaceZone[1]}+${spaceZone[2]}`;
  const m = ISO_RE.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone] = m as unknown as string[];
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const baseMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(baseMs);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const micro = frac ? Number(frac.padEnd(6, '0').slice(0, 6)) : 0;
  let offsetMin = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return (baseMs - offsetMin * 60_000) * US_PER_MS + micro;
}
