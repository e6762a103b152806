import type { ComplianceApi } from '../api.js';
import type { ApiMemory } from '../schemas-objects.js';
import { toMillis } from '../logs-source.js';
import type { MessageSource, SourceEvent, SourceUnit, TimeRange } from '../source.js';
import { afterPages, sweepUnits, textEvent, type SweepOptions } from './sweep.js';

export interface MemoriesOptions extends SweepOptions {
  /** Users' memories per page of GET /memories (max 200). */
  pageSize: number;
}

/**
 * What ChatGPT's memory keeps about each user ("my SSN is ..."): a sweep of GET /memories, one
 * unit per user, each memory entry one text (`memory:content`, version = the entry id, time = its
 * update time). After a completed sweep the next asks only for memories changed since that sweep
 * started, minus the overlap (`since_timestamp`, sent on every page: the list is ordered by user
 * id, so the filter is not a cursor). The first sweep of a retroactive scan starts at range.since;
 * range.until is ignored (memories are read as they are now).
 */
export class MemoriesSource implements MessageSource {
  readonly name = 'memories' as const;

  constructor(
    private readonly api: ComplianceApi,
    private readonly opts: MemoriesOptions,
  ) {}

  units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    return sweepUnits<ApiMemory>({
      source: this.name,
      cursorPaged: false,
      pages: (from, ctx) => afterPages('GET /memories', from.after, (after) => this.api.listMemories(after, ctx.since, Math.min(this.opts.pageSize, 200))),
      idOf: (m) => m.id,
      events: (m) => memoryEvents(m),
    }, checkpoint, range, signal, this.opts);
  }
}

async function* memoryEvents(m: ApiMemory): AsyncIterable<SourceEvent> {
  for (const context of m.memory_contexts ?? []) {
    for (const entry of context.memory_entries ?? []) {
      yield* textEvent({
        source: 'memories', kind: 'memory', objectId: m.id, version: entry.id, location: 'memory:content',
        text: entry.content ?? '', userId: m.id, userEmail: null, createdAt: toMillis(entry.updated_at ?? null),
      });
    }
  }
}
