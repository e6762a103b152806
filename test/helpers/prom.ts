import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';

export interface Scrape {
  status: number;
  contentType: string;
  text: string;
  families: PromFamily[];
}

/** GETs a Prometheus text endpoint and parses it. */
export async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, families: parsePrometheusTextFormat(text) };
}

export function family(s: Scrape, name: string): PromFamily {
  const f = s.families.find((x) => x.name === name);
  if (f === undefined) throw new Error(`metric ${name} is not in the scrape`);
  return f;
}

/**
 * The samples of a metric keyed by the given labels' values joined with `|` (samples that share
 * the key are added), as numbers. Zero samples are left out, as a GROUP BY would.
 */
export function byLabels(s: Scrape, name: string, labels: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of family(s, name).metrics) {
    const key = labels.map((l) => m.labels?.[l] ?? '').join('|');
    out[key] = (out[key] ?? 0) + Number(m.value);
  }
  for (const [k, v] of Object.entries(out)) if (v === 0) delete out[k];
  return out;
}

/** Sum of every sample of a metric, optionally of those whose labels include `where`. */
export function total(s: Scrape, name: string, where: Record<string, string> = {}): number {
  return family(s, name).metrics
    .filter((m) => Object.entries(where).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value), 0);
}

/** Rows of a GROUP BY as the same keyed map (key columns first, `n` the count). */
export function rowsByKey(rows: readonly Record<string, unknown>[], keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[keys.map((k) => String(r[k])).join('|')] = Number(r.n);
  return out;
}

/** Every leakwatch_* family name the exposition declares (# TYPE lines), counters with no sample yet included. */
export function declaredNames(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE (leakwatch_[a-z0-9_]+) /gm)].map((m) => m[1] as string));
}
