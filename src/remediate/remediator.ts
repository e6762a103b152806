import type { ComplianceApi } from '../compliance/api.js';
import { Pacer } from '../compliance/pacer.js';
import { retryWait } from '../compliance/backoff.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { alreadyDeleted, audit, findingPlace, type AuditEntry, type AuditMode } from '../store/audit.js';
import type { Store } from '../store/store.js';
import type { OutboxRow } from '../store/outbox.js';

export interface RemediatorOptions {
  /** The API of each configured workspace, by id: a deletion goes to its finding's own workspace. */
  apis: ReadonlyMap<string, ComplianceApi>;
  store: Store;
  log: Logger;
  /** remediation.enabled: false = dry run (recorded, nothing deleted). */
  enabled: boolean;
  perMinute: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
}

/**
 * Carries out the deletions policies asked for (outbox rows of kind `delete`, one per
 * conversation). Behind the safety switch: with remediation.enabled false every row becomes a
 * `dry-run / would-delete` audit entry and nothing is deleted. A 403 (no delete scope) stops
 * remediation for this process with a message naming the scope; scanning goes on.
 */
export class Remediator {
  private readonly abort = new AbortController();
  private readonly pacer: Pacer;
  private loop: Promise<void> | null = null;
  private ticker: NodeJS.Timeout | null = null;
  /** One pass at a time: a flush waits for the background pass (no double DELETE). */
  private chain: Promise<void> = Promise.resolve();
  /** Workspaces that answered 403: no deletion is attempted there again until restart (others go on). */
  private readonly forbidden = new Set<string>();

  constructor(private readonly opts: RemediatorOptions) {
    this.pacer = new Pacer(opts.perMinute);
  }

  start(): void {
    const kick = (): void => {
      if (this.loop === null) this.loop = this.flush().catch((err: unknown) => this.opts.log.error({ err: errorMessage(err) }, 'remediation loop failed')).finally(() => (this.loop = null));
    };
    kick();
    this.ticker = setInterval(kick, this.opts.pollMs);
    this.ticker.unref();
  }

  /**
   * Handles the due deletions, as many as the pace allows now (never waiting on it: the rest stay
   * queued for the next poll, the daemon or the next run, so stop() and a scan's end are bounded).
   */
  async flush(): Promise<void> {
    // One deleter at a time: a flush waits for the background loop's pass (no double DELETE).
    const previous = this.chain;
    let release = (): void => undefined;
    this.chain = new Promise<void>((r) => (release = r));
    await previous;
    try {
      await this.drain();
    } finally {
      release();
    }
  }


  private async drain(): Promise<void> {
    const { store } = this.opts;
    for (;;) {
      if (this.abort.signal.aborted || (this.forbidden.size > 0 && this.forbidden.size >= this.opts.apis.size)) return;
      const rows = store.outbox.due('delete', new Date(), 50);
      if (rows.length === 0) return;
      // Every row changes state (sent, failed, dead, dry run) unless it is left for later.
      for (const row of rows) {
        if (this.abort.signal.aborted) return;
        if ((await this.handle(row)) === 'later') return;
      }
    }
  }

  async stop(): Promise<void> {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.abort.abort();
    await this.loop;
    await this.chain;
  }

  /** 'later' when the row was left for later (no pace left for now); 'skipped' when its workspace refused deletion (marked dead). */
  private async handle(row: OutboxRow): Promise<'handled' | 'later' | 'skipped'> {
    const { store, log } = this.opts;
    const place = findingPlace(store.db, row.finding_id);
    const conversationId = place?.conversationId ?? null;
    const workspaceId = place?.workspaceId ?? '(unknown)';
    const base = { findingId: row.finding_id, policy: row.policy, workspaceId, conversationId: conversationId ?? '(unknown)' };
    if (conversationId === null) {
      audit(store.db, { ...base, mode: 'delete', outcome: 'failed', httpStatus: null, detail: 'the finding has no conversation' });
      store.outbox.markFailed([row.id], 'no conversation', new Date(), true);
      return 'handled';
    }
    if (this.forbidden.has(workspaceId)) {
      // Left pending, these rows would fill every pass and starve the other workspaces' deletions.
      store.outbox.markFailed([row.id], 'the API key lacks the delete scope', new Date(), true);
      return 'skipped';
    }
    const api = this.opts.apis.get(workspaceId);
    if (api === undefined) {
      // Its workspace was removed from the config: kept as dead, `alerts retry --deletions` revives it.
      const detail = `workspace ${workspaceId} is not in the configuration: nothing was deleted`;
      if (this.opts.enabled) audit(store.db, { ...base, mode: 'delete', outcome: 'failed', httpStatus: null, detail });
      store.outbox.markFailed([row.id], detail, new Date(), true);
      log.warn({ workspace: workspaceId, conversation: conversationId }, 'deletion not attempted: its workspace is no longer configured');
      return 'handled';
    }
    if (!this.opts.enabled) {
      audit(store.db, { ...base, mode: 'dry-run', outcome: 'would-delete', httpStatus: null, detail: 'remediation.enabled is false: nothing was deleted' });
      // Not 'sent': a later finding in this conversation, once remediation is enabled, queues it again.
      store.outbox.markDryRun(row.id, new Date());
      log.info({ workspace: workspaceId, conversation: conversationId, policy: row.policy }, 'remediation dry run: would delete the conversation');
      return 'handled';
    }
    if (alreadyDeleted(store.db, workspaceId, conversationId)) {
      store.outbox.markSent([row.id], new Date());
      return 'handled';
    }
    if (!this.pacer.tryTake()) return 'later';
    const r = await deleteConversation(api, store.db, { ...base, conversationId }, 'delete');
    if (r === 'forbidden') {
      this.forbidden.add(workspaceId);
      store.outbox.markFailed([row.id], 'the API key lacks the delete scope', new Date(), true);
      log.error({ workspace: workspaceId, conversation: conversationId },
        'remediation stopped for this workspace: 403 on DELETE: its Compliance API key lacks the "delete" scope of chatgpt.enterprise.compliance_export; ask OpenAI support to grant it, then run leakwatch alerts retry --deletions. Scanning goes on.');
      return 'handled';
    }
    if (r === 'done') store.outbox.markSent([row.id], new Date());
    else {
      const attempts = row.attempts + 1;
      const dead = attempts >= this.opts.maxAttempts;
      store.outbox.markFailed([row.id], r, new Date(Date.now() + retryWait(attempts, null, this.opts.retryBaseMs, this.opts.retryMaxMs)), dead);
    }
    return 'handled';
  }
}

/** One deletion through the API, audited whatever happens: 'done' (deleted or already gone), 'forbidden', or why it failed. */
export async function deleteConversation(
  api: ComplianceApi, db: Db, e: Omit<AuditEntry, 'mode' | 'outcome' | 'httpStatus' | 'detail'>, mode: AuditMode,
): Promise<string> {
  try {
    const res = await api.deleteConversation(e.conversationId);
    if (res.outcome === 'deleted' || res.outcome === 'gone') {
      audit(db, { ...e, mode, outcome: res.outcome === 'deleted' ? 'deleted' : 'already-gone', httpStatus: res.status, detail: null });
      return 'done';
    }
    audit(db, { ...e, mode, outcome: res.outcome === 'forbidden' ? 'forbidden' : 'failed', httpStatus: res.status, detail: res.message.slice(0, 300) || null });
    return res.outcome === 'forbidden' ? 'forbidden' : `${res.status} ${res.outcome}`;
  } catch (err) {
    audit(db, { ...e, mode, outcome: 'failed', httpStatus: null, detail: errorMessage(err).slice(0, 300) });
    return errorMessage(err);
  }
}
