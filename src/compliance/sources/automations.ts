import { isMissing } from '../client.js';
import type { ComplianceApi } from '../api.js';
import type { ApiUser } from '../schemas.js';
import { toMillis } from '../logs-source.js';
import type { MessageSource, SourceEvent, SourceUnit, TimeRange } from '../source.js';
import { textEvent, type SweepContext } from './sweep.js';
import { perUserUnits, type MissingOnce, type PerUserOptions } from './per-user.js';

export interface AutomationsOptions extends PerUserOptions {
  /** Automations per page (1-100). */
  pageSize: number;
}

/**
 * Automations (scheduled prompts): a sweep over the users, one unit per user, each automation's
 * title and prompt scanned (no version: an edited prompt is re-scanned by its content hash).
 * After a completed sweep the first page asks only for automations changed since that sweep
 * started, minus the overlap (`since_timestamp`, not with `after`). The first sweep of a
 * retroactive scan starts at range.since; range.until is ignored.
 */
export class AutomationsSource implements MessageSource {
  readonly name = 'automations' as const;

  constructor(
    private readonly api: ComplianceApi,
    private readonly opts: AutomationsOptions,
  ) {}

  units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    return perUserUnits(this.api, this.name, this.opts, checkpoint, range, signal, (u, ctx, missing) => this.userEvents(u, ctx, missing));
  }

  private async *userEvents(user: ApiUser, ctx: SweepContext, missing: MissingOnce): AsyncIterable<SourceEvent> {
    let cursor: { since: number | null } | { after: string } = { since: ctx.since };
    for (;;) {
      if (ctx.signal.aborted) return;
      const page = await this.api.listAutomations(user.id, cursor, this.opts.pageSize);
      if (isMissing(page)) {
        yield* missing.event(user, 'the automations', page);
        return;
      }
      for (const a of page.data) {
        const base = {
          source: this.name, kind: 'automation', objectId: a.id, version: null,
          userId: user.id, userEmail: user.email ?? null, createdAt: toMillis(a.updated_at ?? a.created_at ?? null),
        } as const;
        yield* textEvent({ ...base, location: 'automation:title', text: a.title ?? '' });
        yield* textEvent({ ...base, location: 'automation:prompt', text: a.prompt ?? '' });
      }
      if (!page.hasMore || page.lastId === null || ('after' in cursor && cursor.after === page.lastId)) return;
      cursor = { after: page.lastId };
    }
  }
}
