import type { ObjectSourceName } from '../../config/schema.js';
import type { Missing } from '../client.js';
import type { ComplianceApi } from '../api.js';
import type { ApiUser } from '../schemas.js';
import type { SourceEvent, SourceUnit, TimeRange } from '../source.js';
import { sweepUnits, userPages, type SweepContext, type SweepOptions } from './sweep.js';

export interface PerUserOptions extends SweepOptions {
  /** Users per page of GET /users (api.page_size.users). */
  usersPageSize: number;
}

/** Reports a user's 404 once per run: a feature off for the workspace answers 404 for every user. */
export class MissingOnce {
  private said = false;

  constructor(private readonly source: ObjectSourceName) {}

  event(user: ApiUser, what: string, missing: Missing): SourceEvent[] {
    if (this.said) return [];
    this.said = true;
    return [{
      type: 'error', itemKey: `${this.source}:${user.id}`, code: 'SOURCE_UNAVAILABLE',
      message: `${this.source}: the API answered ${missing.status} for ${what} of user ${user.id} (a user deleted since listed, or the feature is off for this workspace); further 404s of this run are not recorded`,
    }];
  }
}

/**
 * A sweep over the workspace's users (GET /users, ascending id), one unit per user: the kinds
 * the API lists per user (canvases, automations, recordings). An interrupted sweep resumes
 * after the last user finished.
 */
export function perUserUnits(
  api: ComplianceApi, source: ObjectSourceName, opts: PerUserOptions,
  checkpoint: unknown, range: TimeRange, signal: AbortSignal,
  events: (user: ApiUser, ctx: SweepContext, missing: MissingOnce) => AsyncIterable<SourceEvent>,
): AsyncIterable<SourceUnit> {
  const missing = new MissingOnce(source);
  return sweepUnits<ApiUser>({
    source,
    cursorPaged: false,
    pages: (from) => userPages(api, from.after, opts.usersPageSize),
    idOf: (u) => u.id,
    events: (u, ctx) => events(u, ctx, missing),
  }, checkpoint, range, signal, opts);
}
