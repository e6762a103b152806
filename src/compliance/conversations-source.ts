import { LeakwatchError } from '../errors.js';
import type { Logger } from '../log.js';
import { isMissing } from './client.js';
import type { ComplianceApi } from './api.js';
import type { ApiConversation } from './schemas.js';
import { MESSAGE_ITEM, fileRef, inRange, itemKey, messageText, type MessageSource, type SourceEvent, type SourceUnit, type TimeRange } from './source.js';

/**
 * Checkpoint of the conversation listing. During a walk: where it started (`since`, in whole
 * seconds as the API takes it), when (client clock), and the last page's cursor. The listing is
 * ordered by a hidden update time, so the next walk starts from when this one *started*, never
 * from the newest time seen.
 */
export interface ConversationsCheckpoint {
  since: number;
  walkStartedAt: number | null;
  after: string | null;
}

export class ConversationsClosedError extends LeakwatchError {
  constructor(status: number, message: string) {
    super('CONVERSATIONS_CLOSED', 'api',
      `GET /conversations answered ${status}: the conversation listing is closed for this workspace (OpenAI deprecated it for the Compliance Logs Platform). Use --source logs (or auto)${message ? ` [server: ${message}]` : ''}`);
  }
}

export class ConversationsSource implements MessageSource {
  readonly name = 'conversations' as const;

  constructor(
    private readonly api: ComplianceApi,
    private readonly opts: { pageSize: number; overlapSeconds: number; log: Logger; clock?: () => number },
  ) {}

  async *units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    const clock = this.opts.clock ?? Date.now;
    const prior = checkpoint as ConversationsCheckpoint | null;
    // A walk in progress resumes from its cursor; otherwise a new walk starts.
    const walk: ConversationsCheckpoint =
      prior !== null && prior.walkStartedAt !== null
        ? { ...prior }
        : { since: prior?.since ?? Math.floor(range.since / 1000), walkStartedAt: clock(), after: null };
    let pageNo = 0;
    for (;;) {
      if (signal.aborted) return;
      const cursor = walk.after === null ? { since: walk.since } : { after: walk.after };
      const page = await this.api.listConversations(cursor, this.opts.pageSize);
      if (isMissing(page)) throw new ConversationsClosedError(page.status, page.message);
      pageNo++;
      const done = !page.hasMore;
      if (!done && page.lastId === null) {
        throw new LeakwatchError('API_BAD_PAYLOAD', 'api', 'GET /conversations: has_more is true but last_id is null, cannot page on');
      }
      walk.after = page.lastId;
      const next: ConversationsCheckpoint = done
        ? { since: Math.floor((walk.walkStartedAt as number) / 1000) - this.opts.overlapSeconds, walkStartedAt: null, after: null }
        : { ...walk };
      yield { id: `conversations:page:${pageNo}:${walk.after ?? 'end'}`, events: pageEvents(page.data, range), checkpoint: next };
      if (done) return;
    }
  }
}

async function* pageEvents(conversations: ApiConversation[], range: TimeRange): AsyncIterable<SourceEvent> {
  for (const conv of conversations) {
    const messages = conv.messages?.data ?? [];
    const truncated = conv.messages?.has_more === true;
    if (truncated) {
      // No documented way to fetch the rest: record that this conversation was only partly scanned.
      yield { type: 'error', itemKey: `conversation:${conv.id}`, code: 'MESSAGES_TRUNCATED', message: `conversation ${conv.id}: embedded messages have has_more=true; scanned the ${messages.length} given` };
    }
    for (const msg of messages) {
      const createdAt = msg.created_at === null || msg.created_at === undefined ? null : Math.round(msg.created_at * 1000);
      if (!inRange(createdAt, range)) {
        yield { type: 'skipped', reason: 'out-of-range' };
        continue;
      }
      const anomalies: string[] = [];
      const text = messageText(msg.content, anomalies);
      if (text === null) {
        yield { type: 'skipped', reason: 'null-content' };
        continue;
      }
      if (createdAt === null) anomalies.push('no-created-at');
      yield {
        type: 'item',
        item: {
          key: itemKey(conv.id, msg.id),
          source: 'conversations',
          ...MESSAGE_ITEM,
          conversationId: conv.id,
          messageId: msg.id,
          userId: conv.user_id ?? null,
          userEmail: conv.user_email ?? null,
          authorRole: msg.author?.role ?? null,
          createdAt,
          text,
          files: (msg.files?.data ?? []).map((f) => fileRef(f, conv.user_id ?? null)),
          anomalies,
        },
      };
    }
  }
}
