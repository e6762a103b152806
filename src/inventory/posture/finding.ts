import { createHash } from 'node:crypto';
import type { FindingRow } from '../../store/store.js';
import type { PostureFailure, PostureScope, PostureSeverity } from './types.js';

/**
 * A failing check's subject as a `posture` finding: rule id = check id, category `posture`,
 * object id = the subject's id, location `posture:<subject type>`, preview = the failure summary
 * (names and counts, never a secret). It goes through the store's commit like any finding, so
 * policies and alerts apply to it.
 *
 * Identity: one finding per failure episode. The fingerprint is keyed by (recorded-under id, check,
 * subject, episode), where the episode is the posture run in which this subject started failing
 * this check: while the failure lasts every run computes the same fingerprint (one finding, one
 * alert); once fixed (and auto-resolved) a later relapse is a new episode, so a new finding that
 * alerts again instead of a resolved one that stays silent.
 */

export const POSTURE_SOURCE = 'posture';
export const POSTURE_CATEGORY = 'posture';

export function postureFingerprint(recordedUnder: string, scope: PostureScope, checkId: string, subject: { type: string; id: string }, episode: number): string {
  return createHash('sha256')
    .update(['posture', recordedUnder, scope, checkId, subject.type, subject.id, String(episode)].join('\u0000'))
    .digest('hex').slice(0, 32);
}

/** Longest preview kept (a summary listing many domains or secret names is cut). */
const MAX_PREVIEW = 400;

export function postureFindingRow(opts: {
  /** The workspace id the finding is recorded under (an organization check: the organization id). */
  recordedUnder: string;
  scope: PostureScope;
  checkId: string;
  severity: PostureSeverity;
  failure: PostureFailure;
  fingerprint: string;
}): FindingRow {
  const { failure: f } = opts;
  const preview = f.summary.length > MAX_PREVIEW ? `${f.summary.slice(0, MAX_PREVIEW - 1)}…` : f.summary;
  return {
    fingerprint: opts.fingerprint,
    workspaceId: opts.recordedUnder,
    source: POSTURE_SOURCE,
    sourceKind: POSTURE_SOURCE,
    conversationId: null,
    messageId: null,
    fileId: null,
    userId: f.user?.id ?? null,
    userEmail: f.user?.email ?? null,
    authorRole: null,
    messageTime: null,
    start: 0,
    end: 0,
    ruleId: opts.checkId,
    category: POSTURE_CATEGORY,
    severity: opts.severity,
    confidence: 'high',
    preview,
    location: `posture:${f.subject.type}`,
    objectId: f.subject.id,
    objectVersion: null,
    valueHash: null,
  };
}
