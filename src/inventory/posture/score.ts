import type { PostureCheckResult, PostureSeverity } from './types.js';

/**
 * The posture score (README "Posture score"): 100 when every evaluated check passes, 0 when every
 * one fails with five or more subjects.
 *
 *   score = 100 × (1 − Σ weight(check) × share(failing subjects) / Σ weight(check))
 *
 * over the checks that were evaluated (pass or fail; skipped and errored checks are left out of
 * both sums, so a check that could not run neither lowers nor raises the score). weight by
 * severity: critical 10, high 6, medium 3, low 1. share(n) = 0 for n = 0, else
 * min(1, 0.5 + 0.1 × n): one failing subject costs 60 % of the check's weight, each further one
 * 10 % more, five or more the full weight. So fixing most of a check's failures shows, and one
 * critical failure outweighs several low ones. Rounded to one decimal; null when no check was
 * evaluated.
 */
export const SEVERITY_WEIGHTS: Readonly<Record<PostureSeverity, number>> = { critical: 10, high: 6, medium: 3, low: 1 };

export function failureShare(failures: number): number {
  return failures <= 0 ? 0 : Math.min(1, 0.5 + 0.1 * failures);
}

export function postureScore(results: readonly Pick<PostureCheckResult, 'severity' | 'status' | 'failures'>[]): number | null {
  let total = 0;
  let lost = 0;
  for (const r of results) {
    if (r.status !== 'pass' && r.status !== 'fail') continue;
    const w = SEVERITY_WEIGHTS[r.severity];
    total += w;
    if (r.status === 'fail') lost += w * failureShare(r.failures.length);
  }
  if (total === 0) return null;
  return Math.round(1000 * (1 - lost / total)) / 10;
}
