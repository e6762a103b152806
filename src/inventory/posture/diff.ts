import type { PostureCheckResult, PostureFailure, PostureSeverity, PostureStatus, PostureSubject } from './types.js';

/**
 * What changed since the previous posture run of the same scope and subject (workspace or
 * organization). Pure. A failure is the pair (check, subject); it is compared with the last run in
 * which that check was evaluated (passed or failed), so a check that errored or was skipped in
 * between does not make its failures look fixed and then new again.
 */

/** A check as the history knows it. */
export interface PreviousCheck {
  checkId: string;
  /** Its status in the previous run (null: not in that run, e.g. a check added since). */
  status: PostureStatus | null;
  /** Its failures in the last run where it passed or failed; null if it never was evaluated. */
  lastEvaluated: { failures: readonly Pick<PostureFailure, 'subject' | 'summary'>[] } | null;
}

export interface FailureChange {
  checkId: string;
  severity: PostureSeverity;
  subject: PostureSubject;
  summary: string;
}

export interface PostureChanges {
  /** Failing now, not failing when the check last ran. */
  newFailures: FailureChange[];
  /** Failing when the check last ran, passing now (fixed, or the subject is gone). */
  fixed: FailureChange[];
  /** Checks in error now; `wasError` false means it worked in the previous run. */
  checkErrors: { checkId: string; error: string; wasError: boolean }[];
  /** Checks whose status differs from the previous run's (pass -> fail, fail -> pass, error -> pass ...). */
  statusChanges: { checkId: string; from: PostureStatus | null; to: PostureStatus }[];
}

export function subjectKey(s: Pick<PostureSubject, 'type' | 'id'>): string {
  return `${s.type}:${s.id}`;
}

export function diffPosture(current: readonly PostureCheckResult[], previous: readonly PreviousCheck[]): PostureChanges {
  const prev = new Map(previous.map((p) => [p.checkId, p]));
  const changes: PostureChanges = { newFailures: [], fixed: [], checkErrors: [], statusChanges: [] };
  for (const r of current) {
    const p = prev.get(r.checkId);
    if ((p?.status ?? null) !== r.status && p !== undefined) changes.statusChanges.push({ checkId: r.checkId, from: p.status, to: r.status });
    if (r.status === 'error') changes.checkErrors.push({ checkId: r.checkId, error: r.error ?? 'unknown error', wasError: p?.status === 'error' });
    if (r.status !== 'pass' && r.status !== 'fail') continue;
    const before = new Map((p?.lastEvaluated?.failures ?? []).map((f) => [subjectKey(f.subject), f]));
    const now = new Set(r.failures.map((f) => subjectKey(f.subject)));
    for (const f of r.failures) {
      if (!before.has(subjectKey(f.subject))) changes.newFailures.push({ checkId: r.checkId, severity: r.severity, subject: f.subject, summary: f.summary });
    }
    for (const [key, f] of before) {
      if (!now.has(key)) changes.fixed.push({ checkId: r.checkId, severity: r.severity, subject: f.subject, summary: f.summary });
    }
  }
  return changes;
}
