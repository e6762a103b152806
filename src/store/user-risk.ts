import type { Db } from './db.js';

/**
 * User risk (README "User risk"): users ranked by their findings weighted by severity, over a
 * period, with the same measure over the period of the same length just before it (the trend) and
 * the categories that weigh most. A finding's time is its message time, else when leakwatch first
 * recorded it (as on the report page); its user is its e-mail, else the users table's, else its user
 * id. Findings with no user are not ranked.
 *
 *   risk = Σ weight(severity) over the user's findings in the period
 *   weight: critical 10, high 6, medium 3, low 1 (the posture score's weights)
 *
 * Every finding counts whatever its triage status (a resolved finding was still a leak); `open`
 * says how many still wait for triage.
 */
export const RISK_WEIGHTS: Readonly<Record<string, number>> = { critical: 10, high: 6, medium: 3, low: 1 };

export interface UserRiskQuery {
  /** Inclusive start of the period, ISO 8601 UTC. */
  from: string;
  /** Exclusive end, ISO 8601 UTC. The previous period is [from − (to − from), from). */
  to: string;
  /** Only these workspaces (empty or absent: all). */
  workspaces?: readonly string[];
  limit: number;
  /** Categories listed per user. Default 3. */
  categories?: number;
}

export interface UserRisk {
  rank: number;
  user: string;
  userId: string | null;
  risk: number;
  findings: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  open: number;
  previousRisk: number;
  previousFindings: number;
  /** risk − previousRisk. */
  change: number;
  /** 'new' (nothing in the previous period), 'up', 'down' or 'same'. */
  trend: 'new' | 'up' | 'down' | 'same';
  /** The categories weighing most in the period, heaviest first, with their weighted share. */
  topCategories: { category: string; risk: number; findings: number }[];
  lastAt: string;
}

const AT = 'COALESCE(f.message_time, f.first_seen_at)';
const USER = 'COALESCE(f.user_email, u.email, f.user_id)';
const WEIGHT = `CASE f.severity ${Object.entries(RISK_WEIGHTS).map(([s, w]) => `WHEN '${s}' THEN ${w}`).join(' ')} ELSE 0 END`;

export function userRisk(db: Db, q: UserRiskQuery): UserRisk[] {
  const span = Date.parse(q.to) - Date.parse(q.from);
  const ws = q.workspaces !== undefined && q.workspaces.length > 0 ? [...q.workspaces] : [];
  const params: Record<string, string | number> = { from: q.from, to: q.to, prevFrom: new Date(Date.parse(q.from) - span).toISOString(), limit: q.limit };
  ws.forEach((w, i) => (params[`w${i}`] = w));
  const wsSql = ws.length === 0 ? '' : `AND f.workspace_id IN (${ws.map((_, i) => `@w${i}`).join(', ')})`;
  // Both periods in one pass over [prevFrom, to), written so that the message_time index serves it.
  const range = (from: string): string => `((f.message_time >= ${from} AND f.message_time < @to) OR (f.message_time IS NULL AND f.first_seen_at >= ${from} AND f.first_seen_at < @to))`;
  const cur = `${AT} >= @from`;
  const rows = db.prepare(`SELECT ${USER} AS user, MAX(f.user_id) AS userId,
      SUM(CASE WHEN ${cur} THEN ${WEIGHT} ELSE 0 END) AS risk,
      SUM(${cur}) AS findings,
      SUM(${cur} AND f.severity = 'critical') AS critical, SUM(${cur} AND f.severity = 'high') AS high,
      SUM(${cur} AND f.severity = 'medium') AS medium, SUM(${cur} AND f.severity = 'low') AS low,
      SUM(${cur} AND f.status = 'open') AS open,
      SUM(CASE WHEN ${cur} THEN 0 ELSE ${WEIGHT} END) AS previousRisk,
      SUM(NOT (${cur})) AS previousFindings,
      MAX(CASE WHEN ${cur} THEN ${AT} END) AS lastAt
    FROM findings f LEFT JOIN users u ON u.id = f.user_id
    WHERE ${range('@prevFrom')} AND ${USER} IS NOT NULL ${wsSql}
    GROUP BY user HAVING findings > 0
    ORDER BY risk DESC, findings DESC, user LIMIT @limit`).all(params) as Omit<UserRisk, 'rank' | 'change' | 'trend' | 'topCategories'>[];
  if (rows.length === 0) return [];
  const users: Record<string, string> = {};
  rows.forEach((r, i) => (users[`u${i}`] = r.user));
  const cats = db.prepare(`SELECT ${USER} AS user, f.category, SUM(${WEIGHT}) AS risk, COUNT(*) AS findings
    FROM findings f LEFT JOIN users u ON u.id = f.user_id
    WHERE ${range('@from')} AND ${USER} IN (${rows.map((_, i) => `@u${i}`).join(', ')}) ${wsSql}
    GROUP BY user, f.category ORDER BY risk DESC, findings DESC, f.category`)
    .all({ ...params, ...users }) as { user: string; category: string; risk: number; findings: number }[];
  const byUser = new Map<string, UserRisk['topCategories']>();
  for (const c of cats) {
    const list = byUser.get(c.user) ?? [];
    byUser.set(c.user, list);
    if (list.length < (q.categories ?? 3)) list.push({ category: c.category, risk: c.risk, findings: c.findings });
  }
  return rows.map((r, i) => ({
    ...r,
    rank: i + 1,
    change: r.risk - r.previousRisk,
    trend: r.previousFindings === 0 ? 'new' : r.risk > r.previousRisk ? 'up' : r.risk < r.previousRisk ? 'down' : 'same',
    topCategories: byUser.get(r.user) ?? [],
  }));
}
