import { isMissing } from '../client.js';
import type { ComplianceApi } from '../api.js';
import { codexPrompt, lacksValues, type ApiCodexEnvironment, type ApiCodexTask } from '../schemas-objects.js';
import { toMillis } from '../logs-source.js';
import type { MessageSource, SourceEvent, SourceUnit, TimeRange } from '../source.js';
import { afterPages, cursorPages, goneEvent, sweepUnits, textEvent, type SweepOptions } from './sweep.js';

export interface CodexOptions extends SweepOptions {
  /** Tasks or environments per page (the spec says both 50 and 30: at most 30 is sent). */
  pageSize: number;
}

/**
 * Codex tasks: a sweep of GET /codex_tasks (newest update first, paged by `cursor`), one unit per
 * task, its title and prompt (found in `denormalized_metadata`, whose shape is not documented)
 * scanned. An interrupted sweep resumes at the stored page, after the last task finished; a task
 * updated meanwhile moves to the front and is read by the next sweep. range is ignored.
 */
export class CodexTasksSource implements MessageSource {
  readonly name = 'codex_tasks' as const;

  constructor(
    private readonly api: ComplianceApi,
    private readonly opts: CodexOptions,
  ) {}

  units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    return sweepUnits<ApiCodexTask>({
      source: this.name,
      cursorPaged: true,
      pages: (from) => cursorPages('GET /codex_tasks', from.cursor, (cursor) => this.api.listCodexTasks(cursor, this.opts.pageSize)),
      idOf: (t) => t.id,
      events: (t) => taskEvents(t),
    }, checkpoint, range, signal, this.opts);
  }
}

async function* taskEvents(t: ApiCodexTask): AsyncIterable<SourceEvent> {
  const base = {
    source: 'codex_tasks', kind: 'codex_task', objectId: t.id, version: null,
    userId: t.created_by_id ?? null, userEmail: null, createdAt: toMillis(t.created_at ?? null),
  } as const;
  yield* textEvent({ ...base, location: 'codex_task:title', text: t.title ?? '' });
  yield* textEvent({ ...base, location: 'codex_task:prompt', text: codexPrompt(t.denormalized_metadata) ?? '' });
}

/**
 * Codex environments: a sweep of GET /codex_environments, one unit per environment, each
 * environment variable, secret and the setup script scanned as its own text
 * (`codex_environment:env_vars.<NAME>`, `codex_environment:secrets.<NAME>`,
 * `codex_environment:setup`). Secret values go to the detectors like any text and nowhere else:
 * the store keeps a content hash and masked previews only, logs never carry item text. An
 * environment listed without its variables is read whole (GET /codex_environments/{id}).
 * range is ignored.
 */
export class CodexEnvironmentsSource implements MessageSource {
  readonly name = 'codex_environments' as const;

  constructor(
    private readonly api: ComplianceApi,
    private readonly opts: CodexOptions,
  ) {}

  units(checkpoint: unknown, range: TimeRange, signal: AbortSignal): AsyncIterable<SourceUnit> {
    return sweepUnits<ApiCodexEnvironment>({
      source: this.name,
      cursorPaged: false,
      pages: (from) => afterPages('GET /codex_environments', from.after, (after) => this.api.listCodexEnvironments(after, this.opts.pageSize)),
      idOf: (e) => e.id,
      events: (e) => this.events(e),
    }, checkpoint, range, signal, this.opts);
  }

  private async *events(listed: ApiCodexEnvironment): AsyncIterable<SourceEvent> {
    let env = listed;
    if (lacksValues(listed)) {
      const got = await this.api.getCodexEnvironment(listed.id);
      if (isMissing(got)) {
        yield goneEvent(this.name, `Codex environment ${listed.id}`, got);
        return;
      }
      env = got;
    }
    const base = {
      source: this.name, kind: 'codex_environment', objectId: env.id, version: null,
      userId: env.created_by_id ?? null, userEmail: null, createdAt: toMillis(env.updated_at ?? env.created_at ?? null),
    } as const;
    for (const v of env.env_vars ?? []) yield* textEvent({ ...base, location: `codex_environment:env_vars.${v.name}`, text: v.value ?? '' });
    for (const v of env.secrets ?? []) yield* textEvent({ ...base, location: `codex_environment:secrets.${v.name}`, text: v.value ?? '' });
    yield* textEvent({ ...base, location: 'codex_environment:setup', text: env.setup ?? '' });
  }
}
