import { isMissing } from '../client.js';
import type { ComplianceApi } from '../api.js';
import type { ApiUser } from '../schemas.js';
import type { ApiCanvasVersion } from '../schemas-objects.js';
import { toMillis } from '../logs-source.js';
import type { MessageSource, SourceEvent, SourceUnit, TimeRange } from '../source.js';
import { goneEvent, textEvent, type ObjectText } from './sweep.js';
import { perUserUnits, type MissingOnce, type PerUserOptions } from './per-user.js';

export interface CanvasesOptions extends PerUserOptions {
  /** Canvases and versions per page (1-30). */
  pageSize: number;
}

/**
 * Canvases: a sweep over the users, one unit per user, reading each canvas and every version of
 * it (name, content, each comment; version = the version number). The API has no time filter
 * here: a sweep re-reads every canvas and run-source skips the texts already scanned (content
 * hash), so a re-sweep costs API calls, not scans. range is ignored (canvases as they are now).
 */
export class CanvasesSource implements MessageSource {
  readonly name = 'canvases' as const;

  constructor(
    private readonly api: ComplianceApi,
    private readonly opts: CanvasesOptions,
  ) {}

  units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    return perUserUnits(this.api, this.name, this.opts, checkpoint, range, signal, (u, ctx, missing) => this.userEvents(u, ctx.signal, missing));
  }

  private async *userEvents(user: ApiUser, signal: AbortSignal, missing: MissingOnce): AsyncIterable<SourceEvent> {
    let after: string | null = null;
    for (;;) {
      if (signal.aborted) return;
      const page = await this.api.listCanvases(user.id, after, this.opts.pageSize);
      if (isMissing(page)) {
        yield* missing.event(user, 'the canvases', page);
        return;
      }
      for (const c of page.data) yield* this.canvasEvents(user, c.id, signal);
      if (!page.hasMore || page.lastId === null || page.lastId === after) return;
      after = page.lastId;
    }
  }

  private async *canvasEvents(user: ApiUser, textdocId: string, signal: AbortSignal): AsyncIterable<SourceEvent> {
    let after: number | null = null;
    for (;;) {
      if (signal.aborted) return;
      const page = await this.api.getCanvas(user.id, textdocId, after, this.opts.pageSize);
      if (isMissing(page)) {
        yield goneEvent(this.name, `canvas ${textdocId} of user ${user.id}`, page);
        return;
      }
      for (const v of page.canvas.version_contents.data) yield* versionEvents(user, textdocId, v);
      if (!page.hasMore || page.lastVersion === null || page.lastVersion === after) return;
      after = page.lastVersion;
    }
  }
}

function* versionEvents(user: ApiUser, textdocId: string, v: ApiCanvasVersion): Iterable<SourceEvent> {
  const base = {
    source: 'canvases', kind: 'canvas', objectId: textdocId, version: String(v.version),
    userId: user.id, userEmail: user.email ?? null, createdAt: toMillis(v.updated_at ?? null),
  } as const;
  const texts: ObjectText[] = [
    { ...base, location: 'canvas:name', text: v.name ?? '' },
    { ...base, location: 'canvas:content', text: v.content ?? '' },
    // Several comments share the location; the comment id keeps their keys apart.
    ...(v.comments ?? []).map((c) => ({ ...base, location: 'canvas:comment', keySuffix: c.id, text: c.content ?? '' })),
  ];
  for (const t of texts) yield* textEvent(t);
}
