import { diffPosture, subjectKey, type PostureChanges } from '../inventory/posture/diff.js';
import { evaluateChecks } from '../inventory/posture/evaluate.js';
import { postureFindingRow, postureFingerprint } from '../inventory/posture/finding.js';
import { postureScore } from '../inventory/posture/score.js';
import type { PostureCheck, PostureScope } from '../inventory/posture/types.js';
import { WORKSPACE_CHECKS, workspaceParams } from '../inventory/posture/workspace-checks.js';
import type { WorkspaceInventory } from '../inventory/types.js';
import { loadInventory } from '../store/inventory.js';
import { finishPostureRun, insertPostureRun, postureHistory, type StoredFailure, type StoredResult } from '../store/posture.js';
import { setStatus } from '../store/triage.js';
import type { FindingRow } from '../store/store.js';
import { refreshInventory } from './inventory.js';
import type { Runtime, WorkspaceRuntime } from './runtime.js';
import { openAdminApi } from '../admin/connect.js';
import { readOrgInventory } from '../inventory/organization.js';
import { ORG_CHECKS, orgParams, type OrgParams } from '../inventory/posture/org-checks.js';
import type { OrgInventory } from '../inventory/posture/org-inventory.js';

/**
 * A posture run (issues 10 and 11), the same for every scope: get the inventory (refreshed or as
 * stored), evaluate every check of the scope, and in one transaction store the run with its
 * results, commit the failures as `posture` findings through the store (so policies and alerts
 * apply as to any finding), resolve the findings of failures that are fixed, and record what
 * changed since the previous run of the same scope and subject.
 *
 * Fixed failures: their open (or acknowledged) finding is resolved in the triage history by
 * `leakwatch-posture`, with a note naming the check and the run; a finding someone already
 * resolved or marked a false positive is left as it is. A failure that returns later is a new
 * episode, so a new finding (finding.ts).
 */

/** Who resolves the findings of fixed failures in the triage history. */
export const POSTURE_ACTOR = 'leakwatch-posture';

/** One scope's checks on one subject, with how to get its inventory. */
export interface PostureTarget<Inventory, Params> {
  scope: PostureScope;
  /** The workspace id, or the organization id: the history's key. */
  subjectId: string;
  /** For output: the workspace's or organization's name, else its id. */
  label: string;
  /** The workspace_id column of its posture findings: the workspace, or (organization checks) the organization id. */
  recordedUnder: string;
  checks: readonly PostureCheck<Inventory, Params>[];
  params: Params;
  /** The inventory (refreshed first when asked) and its parts that could not be read, with why. */
  inventory(refresh: boolean): Promise<{ inventory: Inventory; unavailable: Readonly<Partial<Record<string, string>>> }>;
}

/** A target of any scope (what providers return; definePostureTarget keeps each one typed). */
export type AnyPostureTarget = PostureTarget<unknown, unknown>;

export function definePostureTarget<Inventory, Params>(t: PostureTarget<Inventory, Params>): AnyPostureTarget {
  return t as unknown as AnyPostureTarget;
}

/** Where the targets of one scope come from: adding a scope is adding a provider to POSTURE_PROVIDERS. */
export interface PostureProvider {
  scope: PostureScope;
  /** This scope's targets in the runtime's configuration (none when the scope is not configured); `only`: ids asked for. */
  targets(rt: Runtime, only: readonly string[] | undefined): AnyPostureTarget[];
}

export interface PostureCheckView {
  id: string;
  title: string;
  severity: string;
  rationale: string;
  remediation: string;
}

export interface PostureRunReport {
  postureRunId: number;
  runId: number;
  scope: PostureScope;
  subjectId: string;
  label: string;
  at: string;
  score: number | null;
  /** The previous run's score (null: no previous run, or nothing evaluated then). */
  previousScore: number | null;
  previousAt: string | null;
  checks: PostureCheckView[];
  results: StoredResult[];
  changes: PostureChanges;
  /** Posture findings recorded for the first time by this run. */
  newFindings: number;
  /** Findings resolved because their failure is fixed. */
  resolvedFindings: number[];
}

type PostureRuntime = Pick<Runtime, 'db' | 'store' | 'log'>;

export async function runPostureTarget(rt: PostureRuntime, target: AnyPostureTarget, opts: { refresh: boolean; at?: Date }): Promise<PostureRunReport> {
  const { inventory, unavailable } = await target.inventory(opts.refresh);
  const results = evaluateChecks(target.checks, inventory, target.params, unavailable);
  const at = opts.at ?? new Date();
  const runId = rt.store.startRun('posture', { scope: target.scope, subject: target.subjectId, workspace: target.recordedUnder }, null);
  try {
    const report = rt.db.transaction(() => {
      const history = postureHistory(rt.db, target.scope, target.subjectId);
      const postureRunId = insertPostureRun(rt.db, { runId, scope: target.scope, subjectId: target.subjectId, at });
      const previous = new Map(history.checks.map((c) => [c.checkId, c]));
      // A lasting failure keeps the fingerprint of the episode it began in; a new one starts an episode here.
      const stored: StoredResult[] = results.map((r) => {
        const before = new Map((previous.get(r.checkId)?.lastEvaluated?.failures ?? []).map((f) => [subjectKey(f.subject), f.fingerprint]));
        return {
          checkId: r.checkId, severity: r.severity, status: r.status, error: r.error,
          failures: r.failures.map((f): StoredFailure => ({
            ...f,
            fingerprint: before.get(subjectKey(f.subject)) ?? postureFingerprint(target.recordedUnder, target.scope, r.checkId, f.subject, postureRunId),
            findingId: null,
          })),
        };
      });
      const rows: FindingRow[] = stored.flatMap((r) => r.failures.map((f) => postureFindingRow({
        recordedUnder: target.recordedUnder, scope: target.scope, checkId: r.checkId, severity: r.severity, failure: f, fingerprint: f.fingerprint,
      })));
      // Every failing subject each run: the insert is idempotent by fingerprint, so a lasting failure stays one finding.
      const commit = rt.store.commitBatch({ runId, rulesDigest: '', findings: rows, scanned: [], errors: [], checkpoint: null });
      const idOf = rt.db.prepare('SELECT id, status FROM findings WHERE fingerprint = ?');
      for (const r of stored) for (const f of r.failures) f.findingId = (idOf.get(f.fingerprint) as { id: number } | undefined)?.id ?? null;
      const changes = diffPosture(results, history.checks);
      const resolved: number[] = [];
      for (const fixed of changes.fixed) {
        const fp = previous.get(fixed.checkId)?.lastEvaluated?.failures.find((f) => subjectKey(f.subject) === subjectKey(fixed.subject))?.fingerprint;
        const row = fp === undefined ? undefined : (idOf.get(fp) as { id: number; status: string } | undefined);
        if (row === undefined || (row.status !== 'open' && row.status !== 'acknowledged')) continue;
        setStatus(rt.db, row.id, {
          status: 'resolved', by: POSTURE_ACTOR,
          note: `${fixed.checkId} passes again for ${fixed.subject.type} ${fixed.subject.id} (posture run ${postureRunId})`,
        }, at);
        resolved.push(row.id);
      }
      const score = postureScore(stored);
      finishPostureRun(rt.db, postureRunId, stored, score, changes);
      return {
        postureRunId, runId, scope: target.scope, subjectId: target.subjectId, label: target.label, at: at.toISOString(), score,
        previousScore: history.previous?.score ?? null, previousAt: history.previous?.at ?? null,
        checks: target.checks.map((c) => ({ id: c.id, title: c.title, severity: c.severity, rationale: c.rationale, remediation: c.remediation })),
        results: stored, changes, newFindings: commit.inserted, resolvedFindings: resolved,
      } satisfies PostureRunReport;
    })();
    rt.store.finishRun(runId, 'completed', {
      scope: target.scope, subject: target.subjectId, score: report.score, failing: report.results.filter((r) => r.status === 'fail').map((r) => r.checkId),
      errors: report.results.filter((r) => r.status === 'error').map((r) => r.checkId), newFindings: report.newFindings, resolved: report.resolvedFindings.length,
    });
    rt.log.info({ scope: target.scope, subject: target.subjectId, score: report.score, newFailures: report.changes.newFailures.length, fixed: report.changes.fixed.length },
      'posture run done');
    return report;
  } catch (err) {
    rt.store.finishRun(runId, 'failed', { error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

/** The workspace checks of one configured workspace: the Compliance API inventory as stored (refreshed first when asked). */
export function workspacePostureTarget(rt: Runtime, ws: WorkspaceRuntime): AnyPostureTarget {
  return definePostureTarget<WorkspaceInventory, ReturnType<typeof workspaceParams>>({
    scope: 'workspace',
    subjectId: ws.id,
    label: ws.label,
    recordedUnder: ws.id,
    checks: WORKSPACE_CHECKS,
    params: workspaceParams(rt.config.posture),
    async inventory(refresh) {
      if (refresh) await refreshInventory(rt, ws);
      const inventory = loadInventory(rt.db, ws.id);
      return { inventory, unavailable: inventory.unavailable };
    },
  });
}

/**
 * The daemon's periodic step for one workspace (every inventory.refresh_minutes): refresh its
 * inventory, then run its workspace checks. Throws only when the whole refresh failed (every
 * part: a refused key, the API down) or the database did; a part that failed is an error result.
 */
export async function refreshWorkspacePosture(rt: Runtime, ws: WorkspaceRuntime): Promise<PostureRunReport> {
  return runPostureTarget(rt, workspacePostureTarget(rt, ws), { refresh: true });
}

export const workspacePostureProvider: PostureProvider = {
  scope: 'workspace',
  targets: (rt, only) => rt.workspaces.filter((w) => only === undefined || only.length === 0 || only.includes(w.id)).map((w) => workspacePostureTarget(rt, w)),
};

/**
 * The organization checks (issue 11) of the organization behind the workspaces, when `admin` is
 * enabled: its inventory is read live through the Administration API at every run (it is not
 * stored; each run's results keep the evidence), so `--no-refresh` does not apply to it. Its
 * history and posture findings are kept under the organization id (or `organization`).
 */
export function organizationPostureTarget(rt: Runtime): AnyPostureTarget {
  const { admin } = rt.config;
  const subjectId = admin.organization_id ?? 'organization';
  return definePostureTarget<OrgInventory, OrgParams>({
    scope: 'organization',
    subjectId,
    label: subjectId,
    recordedUnder: subjectId,
    checks: ORG_CHECKS,
    params: orgParams(rt.config),
    async inventory() {
      const connection = openAdminApi(rt.config, rt.log, process.env, {}, rt.abort.signal);
      try {
        const inventory = await readOrgInventory(connection.api, { pageSize: admin.page_size, organizationId: admin.organization_id, log: rt.log });
        return { inventory, unavailable: inventory.unavailable };
      } finally {
        await connection.close();
      }
    },
  });
}

export const organizationPostureProvider: PostureProvider = {
  scope: 'organization',
  targets: (rt, only) => {
    if (!rt.config.admin.enabled) return [];
    const target = organizationPostureTarget(rt);
    // --workspace names workspaces: the organization is run when nothing is named, or its id is.
    return only === undefined || only.length === 0 || only.includes(target.subjectId) ? [target] : [];
  },
};

/** Every posture scope leakwatch runs, in order; `leakwatch posture` and the daemon run whatever is listed. */
export const POSTURE_PROVIDERS: readonly PostureProvider[] = [workspacePostureProvider, organizationPostureProvider];

/** Runs the posture of every target of the given scopes (default: all); one report per target, in order. */
export async function runPosture(
  rt: Runtime,
  opts: { refresh: boolean; scopes?: readonly PostureScope[]; only?: readonly string[]; providers?: readonly PostureProvider[] },
): Promise<PostureRunReport[]> {
  const reports: PostureRunReport[] = [];
  for (const p of opts.providers ?? POSTURE_PROVIDERS) {
    if (opts.scopes !== undefined && !opts.scopes.includes(p.scope)) continue;
    for (const t of p.targets(rt, opts.only)) reports.push(await runPostureTarget(rt, t, { refresh: opts.refresh }));
  }
  return reports;
}
