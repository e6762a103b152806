import { isMissing } from '../client.js';
import type { ComplianceApi } from '../api.js';
import type { ApiUser } from '../schemas.js';
import { toMillis } from '../logs-source.js';
import type { MessageSource, SourceEvent, SourceUnit, TimeRange } from '../source.js';
import { goneEvent, textEvent } from './sweep.js';
import { perUserUnits, type MissingOnce, type PerUserOptions } from './per-user.js';

export interface RecordingsOptions extends PerUserOptions {
  /** Recordings per page (1-20). */
  pageSize: number;
}

/**
 * Recordings (meeting notes): a sweep over the users, one unit per user, each recording's
 * transcript and summary scanned. No time filter in the API: a re-sweep reads every transcript
 * again (an API call each) and run-source skips those already scanned. range is ignored.
 */
export class RecordingsSource implements MessageSource {
  readonly name = 'recordings' as const;

  constructor(
    private readonly api: ComplianceApi,
    private readonly opts: RecordingsOptions,
  ) {}

  units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    return perUserUnits(this.api, this.name, this.opts, checkpoint, range, signal, (u, ctx, missing) => this.userEvents(u, ctx.signal, missing));
  }

  private async *userEvents(user: ApiUser, signal: AbortSignal, missing: MissingOnce): AsyncIterable<SourceEvent> {
    let cursor: string | null = null;
    for (;;) {
      if (signal.aborted) return;
      const page = await this.api.listRecordings(user.id, cursor, this.opts.pageSize);
      if (isMissing(page)) {
        yield* missing.event(user, 'the recordings', page);
        return;
      }
      for (const r of page.data) {
        if (signal.aborted) return;
        const got = await this.api.getRecordingTranscript(user.id, r.id, true);
        if (isMissing(got)) {
          yield goneEvent(this.name, `recording ${r.id} of user ${user.id}`, got);
          continue;
        }
        const base = {
          source: this.name, kind: 'recording', objectId: r.id, version: null,
          userId: user.id, userEmail: user.email ?? null, createdAt: toMillis(r.created_at ?? null),
        } as const;
        yield* textEvent({ ...base, location: 'recording:transcript', text: got.transcript ?? '' });
        yield* textEvent({ ...base, location: 'recording:summary', text: got.summary ?? '' });
      }
      if (!page.hasMore || page.cursor === null || page.cursor === cursor) return;
      cursor = page.cursor;
    }
  }
}
