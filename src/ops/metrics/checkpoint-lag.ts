import type { LogsCheckpoint } from '../../compliance/logs-source.js';
import type { ConversationsCheckpoint } from '../../compliance/conversations-source.js';

/**
 * The time (ms) up to which a source's checkpoint says everything is scanned: the logs feed's
 * `after` (end time of the last log file done), or the listing's `since` (whole seconds). Null
 * for a state this version does not know.
 */
export function checkpointPosition(source: string, stateJson: string): number | null {
  let state: unknown;
  try {
    state = JSON.parse(stateJson);
  } catch {
    return null;
  }
  if (typeof state !== 'object' || state === null) return null;
  if (source === 'logs') {
    const after = (state as Partial<LogsCheckpoint>).after;
    const t = typeof after === 'string' ? Date.parse(after) : NaN;
    return Number.isFinite(t) ? t : null;
  }
  if (source === 'conversations') {
    const since = (state as Partial<ConversationsCheckpoint>).since;
    return typeof since === 'number' && Number.isFinite(since) ? since * 1000 : null;
  }
  return null;
}

/** Seconds from the position to now; never negative (a checkpoint ahead of a skewed clock is 0). */
export function lagSeconds(position: number, now: number): number {
  return Math.max(0, (now - position) / 1000);
}
