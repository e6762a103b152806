import type { PostureCheck, PostureCheckResult } from './types.js';

/**
 * Runs checks of one scope over one inventory snapshot. Pure, and the same for every scope: the
 * workspace checks (Compliance API inventory) and the organization checks (Administration API
 * inventory) go through here. A check is skipped when it says it is not configured, is an error
 * when a part it reads could not be fetched (or it throws), and otherwise passes or fails.
 */
export function evaluateChecks<Inventory, Params>(
  checks: readonly PostureCheck<Inventory, Params>[],
  inventory: Inventory,
  params: Params,
  /** Inventory parts that could not be read, with why. */
  unavailable: Readonly<Partial<Record<string, string>>> = {},
): PostureCheckResult[] {
  assertUniqueIds(checks);
  return checks.map((check): PostureCheckResult => {
    const base = { checkId: check.id, scope: check.scope, severity: check.severity };
    const skip = check.skip?.(params, inventory) ?? null;
    if (skip !== null) return { ...base, status: 'skipped', failures: [], error: skip };
    const missing = (check.reads ?? []).filter((part) => unavailable[part] !== undefined);
    if (missing.length > 0) {
      return { ...base, status: 'error', failures: [], error: missing.map((p) => `${p}: ${unavailable[p] ?? ''}`).join('; ') };
    }
    try {
      const failures = check.evaluate(inventory, params);
      return { ...base, status: failures.length > 0 ? 'fail' : 'pass', failures, error: null };
    } catch (err) {
      // A bug in one check must not hide the others' verdicts.
      return { ...base, status: 'error', failures: [], error: `the check failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  });
}

/** Check ids are rule ids of findings and keys of the history: two checks with one id is a programming error. */
export function assertUniqueIds(checks: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.id)) throw new Error(`two posture checks have the id ${c.id}`);
    seen.add(c.id);
  }
}
