import type { Db } from './db.js';
import type { PostureChanges, PreviousCheck } from '../inventory/posture/diff.js';
import type { PostureFailure, PostureScope, PostureSeverity, PostureStatus } from '../inventory/posture/types.js';

/**
 * Posture history (migration 7): one posture_runs row per run of one scope on one subject
 * (a workspace id, an organization id), one posture_results row per check with its failures as
 * JSON. A stored failure carries the fingerprint (and id) of its posture finding, so a failure that
 * lasts keeps its finding and a fixed one can be resolved.
 */

export interface StoredFailure extends PostureFailure {
  fingerprint: string;
  findingId: number | null;
}

export interface StoredResult {
  checkId: string;
  severity: PostureSeverity;
  status: PostureStatus;
  failures: StoredFailure[];
  error: string | null;
}

export interface PostureRunRow {
  id: number;
  runId: number;
  scope: PostureScope;
  subjectId: string;
  at: string;
  score: number | null;
  evaluated: number;
  failingChecks: number;
  failures: number;
  changes: PostureChanges;
}

export interface PostureHistory {
  /** The previous run of this scope and subject, if any. */
  previous: PostureRunRow | null;
  /** Per check: its status in the previous run and its failures when it last passed or failed. */
  checks: HistoryCheck[];
}

/** A PreviousCheck whose failures carry their findings' fingerprints. */
export interface HistoryCheck extends PreviousCheck {
  lastEvaluated: { failures: StoredFailure[] } | null;
}

interface RunDbRow {
  id: number;
  run_id: number;
  scope: PostureScope;
  subject_id: string;
  at: string;
  score: number | null;
  evaluated: number;
  failing_checks: number;
  failures: number;
  changes: string;
}

function runOf(r: RunDbRow): PostureRunRow {
  return {
    id: r.id, runId: r.run_id, scope: r.scope, subjectId: r.subject_id, at: r.at, score: r.score, evaluated: r.evaluated,
    failingChecks: r.failing_checks, failures: r.failures, changes: JSON.parse(r.changes) as PostureChanges,
  };
}

export function postureHistory(db: Db, scope: PostureScope, subjectId: string): PostureHistory {
  const prev = db.prepare('SELECT * FROM posture_runs WHERE scope = ? AND subject_id = ? ORDER BY id DESC LIMIT 1').get(scope, subjectId) as RunDbRow | undefined;
  const statuses = new Map<string, PostureStatus>();
  if (prev !== undefined) {
    for (const r of db.prepare('SELECT check_id, status FROM posture_results WHERE posture_run_id = ?').all(prev.id) as { check_id: string; status: PostureStatus }[]) {
      statuses.set(r.check_id, r.status);
    }
  }
  // Each check's latest evaluated (pass or fail) result among this subject's runs.
  const evaluated = db.prepare(`SELECT check_id, failures FROM (
      SELECT r.check_id, r.failures, ROW_NUMBER() OVER (PARTITION BY r.check_id ORDER BY r.posture_run_id DESC) AS rn
      FROM posture_results r JOIN posture_runs p ON p.id = r.posture_run_id
      WHERE p.scope = ? AND p.subject_id = ? AND r.status IN ('pass', 'fail')
    ) WHERE rn = 1`).all(scope, subjectId) as { check_id: string; failures: string }[];
  const lastEvaluated = new Map(evaluated.map((r) => [r.check_id, JSON.parse(r.failures) as StoredFailure[]]));
  const ids = new Set([...statuses.keys(), ...lastEvaluated.keys()]);
  return {
    previous: prev === undefined ? null : runOf(prev),
    checks: [...ids].sort().map((checkId) => {
      const failures = lastEvaluated.get(checkId);
      return { checkId, status: statuses.get(checkId) ?? null, lastEvaluated: failures === undefined ? null : { failures } };
    }),
  };
}

export interface NewPostureRun {
  runId: number;
  scope: PostureScope;
  subjectId: string;
  at: Date;
}

/** Starts a posture run's row (its id is the episode of failures that begin in it); completed by finishPostureRun. */
export function insertPostureRun(db: Db, r: NewPostureRun): number {
  const info = db.prepare(`INSERT INTO posture_runs (run_id, scope, subject_id, at, score, evaluated, failing_checks, failures, changes)
    VALUES (?, ?, ?, ?, NULL, 0, 0, 0, '{}')`).run(r.runId, r.scope, r.subjectId, r.at.toISOString());
  return Number(info.lastInsertRowid);
}

export function finishPostureRun(db: Db, postureRunId: number, results: readonly StoredResult[], score: number | null, changes: PostureChanges): void {
  const insert = db.prepare('INSERT INTO posture_results (posture_run_id, check_id, severity, status, failures, error) VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of results) insert.run(postureRunId, r.checkId, r.severity, r.status, JSON.stringify(r.failures), r.error);
  const evaluated = results.filter((r) => r.status === 'pass' || r.status === 'fail').length;
  const failing = results.filter((r) => r.status === 'fail');
  db.prepare('UPDATE posture_runs SET score = ?, evaluated = ?, failing_checks = ?, failures = ?, changes = ? WHERE id = ?')
    .run(score, evaluated, failing.length, failing.reduce((n, r) => n + r.failures.length, 0), JSON.stringify(changes), postureRunId);
}

/** Recent runs of one scope and subject, newest first (the score over time). */
export function postureRuns(db: Db, scope: PostureScope, subjectId: string, limit = 10): PostureRunRow[] {
  return (db.prepare('SELECT * FROM posture_runs WHERE scope = ? AND subject_id = ? ORDER BY id DESC LIMIT ?').all(scope, subjectId, limit) as RunDbRow[]).map(runOf);
}

export function postureResults(db: Db, postureRunId: number): StoredResult[] {
  return (db.prepare(`SELECT check_id, severity, status, failures, error FROM posture_results WHERE posture_run_id = ? ORDER BY rowid`).all(postureRunId) as
    { check_id: string; severity: PostureSeverity; status: PostureStatus; failures: string; error: string | null }[])
    .map((r) => ({ checkId: r.check_id, severity: r.severity, status: r.status, failures: JSON.parse(r.failures) as StoredFailure[], error: r.error }));
}
