import type { Db } from '../store/db.js';
import type { CountRow } from '../store/queries.js';
import {
  checkpointRows, findingTotals, findingsBy, findingsByRuleIn, findingsTimeline, outboxHealth, recentFindings, reportWorkspaces, scanErrorsIn, topUsers,
  type DeadDelivery, type FindingScope, type FindingTotals, type OutboxCount, type RecentFinding, type RuleCount, type UserCount,
} from '../store/report.js';
import { userRisk, type UserRisk } from '../store/user-risk.js';

/**
 * What the report page shows, as plain data: computed once from the store for a time range and
 * an optional workspace, then rendered to HTML (page.ts) or served as JSON (/api/summary).
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export interface ReportRange {
  from: Date;
  to: Date;
  /** How the range was asked for, for the filters: '7d', '30d', '90d' or 'custom'. */
  preset: string;
}

export interface ReportQuery {
  range: ReportRange;
  workspace: string | null;
}

export interface CheckpointLag {
  namespace: string;
  source: string;
  /** The time the checkpoint has reached (logs: end of the last log file read; listing: start of the walk), or null if unknown. */
  position: string | null;
  /** now - position, in seconds; null if the position is unknown. */
  lagSeconds: number | null;
  updatedAt: string;
  /** now - updatedAt, in seconds: how long since the checkpoint last moved. */
  updatedAgoSeconds: number;
}

export interface Summary {
  generatedAt: string;
  range: { from: string; to: string; preset: string; unit: 'day' | 'hour' };
  workspace: string | null;
  /** Every workspace in the database with its all-time findings count. */
  workspaces: CountRow[];
  totals: FindingTotals & { open: number; scanErrors: number; deadDeliveries: number; pendingDeliveries: number };
  /** Bucket starts (unix seconds, UTC) and per-severity counts, zero-filled over the range. */
  timeline: { t: number[]; total: number[]; bySeverity: Record<string, number[]> };
  bySeverity: CountRow[];
  byCategory: CountRow[];
  bySourceKind: CountRow[];
  byStatus: CountRow[];
  byRule: RuleCount[];
  topUsers: UserCount[];
  /** Users ranked by severity-weighted findings in the range, with the trend against the range of the same length before it. */
  usersAtRisk: UserRisk[];
  recent: RecentFinding[];
  errors: { total: number; byCode: CountRow[]; recent: { at: string; source: string; item_key: string; code: string; message: string }[] };
  checkpoints: CheckpointLag[];
  delivery: { counts: OutboxCount[]; dead: DeadDelivery[] };
}

export const LIMITS = { rules: 25, users: 10, recent: 50, errors: 20, dead: 20 } as const;

/** Hour buckets up to three days, day buckets beyond. */
export function bucketUnit(range: ReportRange): 'day' | 'hour' {
  return range.to.getTime() - range.from.getTime() <= 3 * 86_400_000 ? 'hour' : 'day';
}

export function buildSummary(db: Db, q: ReportQuery, now: Date = new Date()): Summary {
  const scope: FindingScope = { from: q.range.from.toISOString(), to: q.range.to.toISOString(), workspace: q.workspace };
  const unit = bucketUnit(q.range);
  const byStatus = findingsBy(db, scope, 'status');
  const errors = scanErrorsIn(db, scope.from, scope.to, LIMITS.errors);
  const delivery = outboxHealth(db, q.workspace, LIMITS.dead);
  const count = (rows: readonly { status: string; n: number }[], status: string): number => rows.filter((r) => r.status === status).reduce((a, r) => a + r.n, 0);
  return {
    generatedAt: now.toISOString(),
    range: { from: scope.from, to: scope.to, preset: q.range.preset, unit },
    workspace: q.workspace,
    workspaces: reportWorkspaces(db),
    totals: {
      ...findingTotals(db, scope),
      open: byStatus.find((r) => r.key === 'open')?.n ?? 0,
      scanErrors: errors.total,
      deadDeliveries: count(delivery.counts, 'dead'),
      pendingDeliveries: count(delivery.counts, 'pending'),
    },
    timeline: timeline(findingsTimeline(db, scope, unit), q.range, unit),
    bySeverity: findingsBy(db, scope, 'severity'),
    byCategory: findingsBy(db, scope, 'category'),
    bySourceKind: findingsBy(db, scope, 'source_kind'),
    byStatus,
    byRule: findingsByRuleIn(db, scope, LIMITS.rules),
    topUsers: topUsers(db, scope, LIMITS.users),
    usersAtRisk: userRisk(db, { from: scope.from, to: scope.to, workspaces: q.workspace === null ? [] : [q.workspace], limit: LIMITS.users }),
    recent: recentFindings(db, scope, LIMITS.recent),
    errors,
    checkpoints: checkpointRows(db).map((c) => checkpointLag(c, now)),
    delivery,
  };
}

function timeline(rows: readonly { bucket: string; severity: string; n: number }[], range: ReportRange, unit: 'day' | 'hour'): Summary['timeline'] {
  const step = unit === 'day' ? 86_400_000 : 3_600_000;
  const first = Math.floor(range.from.getTime() / step) * step;
  const t: number[] = [];
  for (let ms = first; ms < range.to.getTime(); ms += step) t.push(ms / 1000);
  const index = new Map(t.map((s, i) => [new Date(s * 1000).toISOString().slice(0, unit === 'day' ? 10 : 13), i]));
  const total = t.map(() => 0);
  const bySeverity: Record<string, number[]> = Object.fromEntries(SEVERITIES.map((s) => [s, t.map(() => 0)]));
  for (const r of rows) {
    const i = index.get(r.bucket);
    if (i === undefined) continue;
    total[i] = (total[i] ?? 0) + r.n;
    const series = bySeverity[r.severity] ?? (bySeverity[r.severity] = t.map(() => 0));
    series[i] = (series[i] ?? 0) + r.n;
  }
  return { t, total, bySeverity };
}

/** Where a checkpoint stands: the logs feed records the end time of the last file read; the listing the start of its walk (unix seconds). */
export function checkpointLag(c: { namespace: string; source: string; state: string; updated_at: string }, now: Date): CheckpointLag {
  let position: string | null = null;
  try {
    const state = JSON.parse(c.state) as Record<string, unknown>;
    if (c.source === 'logs' && typeof state.after === 'string' && !Number.isNaN(Date.parse(state.after))) position = new Date(state.after).toISOString();
    if (c.source === 'conversations' && typeof state.since === 'number') position = new Date(state.since * 1000).toISOString();
  } catch {
    position = null; // an unreadable state shows as unknown; `leakwatch status` prints it raw
  }
  const updated = Date.parse(c.updated_at);
  return {
    namespace: c.namespace,
    source: c.source,
    position,
    lagSeconds: position === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(position)) / 1000)),
    updatedAt: c.updated_at,
    updatedAgoSeconds: Number.isNaN(updated) ? 0 : Math.max(0, Math.round((now.getTime() - updated) / 1000)),
  };
}
