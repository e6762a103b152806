import { isMissing } from '../client.js';
import type { AssistantKind, ComplianceApi } from '../api.js';
import type { ApiAssistant, ApiAssistantConfig } from '../schemas-objects.js';
import { toMillis } from '../logs-source.js';
import { fileRef, type MessageSource, type ScanItem, type SourceEvent, type SourceUnit, type TimeRange } from '../source.js';
import { afterPages, goneEvent, objectItem, sweepUnits, type ObjectText, type SweepContext, type SweepOptions } from './sweep.js';

export interface AssistantsOptions extends SweepOptions {
  /** GPTs or projects per list page (API default 20). */
  pageSize: number;
  /** Configuration versions per page (API default 20). */
  configPageSize: number;
  /** True when a text of this key (ScanItem.key) is recorded as scanned in this workspace. */
  recorded: (itemKey: string) => boolean;
}

/**
 * Custom GPTs (`gpts`) or projects (`projects`): a sweep of the live ones, one unit per GPT.
 * Each configuration version is scanned once: its name, description, instructions (carrying its
 * knowledge files, scanned by the file pipeline), each conversation starter, and the OpenAPI text
 * of its actions. Configurations are listed newest first, so a GPT whose latest configuration is
 * already recorded costs no configs call, and a changed one is paged only down to the first
 * version already recorded; the new versions are emitted oldest first, so a run stopped part way
 * leaves the newest version unrecorded and the next run pages down to the gap again. A run that
 * resumes an interrupted sweep trusts nothing recorded in it and pages every version (the
 * texts already scanned are still skipped by content hash). "Recorded" means scanned under the
 * rules in force (the `recorded` option), so a rules change pages every version once more.
 *
 * A sweep covers the objects as they are now: the time range is ignored (the API has no time filter).
 */
export class AssistantsSource implements MessageSource {
  readonly name: 'gpts' | 'projects';

  constructor(
    private readonly api: ComplianceApi,
    private readonly kind: AssistantKind,
    private readonly opts: AssistantsOptions,
  ) {
    this.name = kind === 'gpt' ? 'gpts' : 'projects';
  }

  units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    return sweepUnits<ApiAssistant>({
      source: this.name,
      cursorPaged: false,
      pages: (from) => afterPages(`GET /${this.name}`, from.after, (after) => this.api.listAssistants(this.kind, after, this.opts.pageSize)),
      idOf: (a) => a.id,
      events: (a, ctx) => this.events(a, ctx),
    }, checkpoint, range, signal, this.opts);
  }

  private async *events(a: ApiAssistant, ctx: SweepContext): AsyncIterable<SourceEvent> {
    const latest = a.latest_config ?? null;
    let configs: ApiAssistantConfig[];
    if (!ctx.resumed && latest !== null && this.isRecorded(a, latest)) {
      // Unchanged since it was scanned: its texts again (skipped by hash unless the rules changed).
      configs = [latest];
    } else {
      const listed = await this.newConfigs(a, ctx);
      if (listed === 'gone') {
        yield goneEvent(this.name, `${this.kind} ${a.id} configs`, { missing: true, status: 404, message: '' });
        return;
      }
      configs = listed;
      if (latest !== null && !configs.some((c) => c.id === latest.id) && !this.isRecorded(a, latest)) configs.unshift(latest);
    }
    // Oldest first: see the class comment.
    for (const config of [...configs].reverse()) {
      for (const item of this.configItems(a, config)) yield { type: 'item', item };
    }
  }

  /** Configurations newest first, down to (not including) the first one already recorded; every one when resuming. */
  private async newConfigs(a: ApiAssistant, ctx: SweepContext): Promise<ApiAssistantConfig[] | 'gone'> {
    const out: ApiAssistantConfig[] = [];
    let after: string | null = null;
    for (;;) {
      if (ctx.signal.aborted) return out;
      const page = await this.api.listAssistantConfigs(this.kind, a.id, after, this.opts.configPageSize);
      if (isMissing(page)) return out.length > 0 ? out : 'gone';
      for (const config of page.data) {
        if (!ctx.resumed && this.isRecorded(a, config)) return out;
        out.push(config);
      }
      if (!page.hasMore || page.lastId === null || page.lastId === after) return out;
      after = page.lastId;
    }
  }

  /** Every text of this configuration is recorded (a configuration with no text never counts as recorded). */
  private isRecorded(a: ApiAssistant, config: ApiAssistantConfig): boolean {
    const items = this.configItems(a, config);
    return items.length > 0 && items.every((i) => this.opts.recorded(i.key));
  }

  private configItems(a: ApiAssistant, config: ApiAssistantConfig): ScanItem[] {
    const k = this.kind;
    const base = {
      source: this.name, kind: k, objectId: a.id, version: config.id,
      userId: a.owner_id ?? config.version_author?.id ?? null,
      userEmail: a.owner_email ?? config.version_author?.email ?? null,
      createdAt: toMillis(config.created_at ?? a.created_at ?? null),
    } as const;
    const files = (config.files ?? []).map((f) => fileRef(f, a.owner_id ?? null, k));
    const texts: ObjectText[] = [
      { ...base, location: `${k}:name`, text: config.name ?? '' },
      { ...base, location: `${k}:description`, text: config.description ?? '' },
      { ...base, location: `${k}:instructions`, text: config.instructions ?? '', files },
      ...(config.conversation_starters ?? []).map((s, i) => ({ ...base, location: `${k}:conversation_starters[${i}]`, text: s ?? '' })),
      { ...base, location: `${k}:actions`, text: actionsText(config) },
    ];
    return texts.filter((t) => t.text.trim() !== '' || (t.files ?? []).length > 0).map(objectItem);
  }
}

/** The custom actions' domains and OpenAPI documents: credentials in auth headers and examples are common. */
function actionsText(config: ApiAssistantConfig): string {
  return (config.tools ?? [])
    .filter((t) => t.type === 'custom_action')
    .map((t) => [t.action_domain, t.action_openapi_raw].filter((s): s is string => typeof s === 'string' && s !== '').join('\n'))
    .filter((s) => s !== '')
    .join('\n\n');
}
