/**
 * CODEX_LOG and CUSTOM_AGENTS_LOG files of the logs feed: PROMPT_SENT events carry the prompt in
 * event_details.prompt_text (custom agents also their agent id); other events (task created,
 * run completed ...) carry no text. Files are time-contiguous runs of events with distinct end
 * times, so `after=<last_end_time>` paging works as for CONVERSATION_MESSAGE.
 */
import { Rng, ALNUM } from '../random.js';
import { paragraph, pickTopic } from '../text.js';
import { US_PER_DAY, US_PER_S, usToIso } from '../times.js';
import { ENV_KINDS, PII_KINDS } from '../files/plant-text.js';
import type { ObjectGenContext } from './context.js';
import type { ObjectLogFile, ObjectLogType, SimGpt, SimLogEvent } from './model.js';
import { clean, decoy, joined, planted, sentence } from './text.js';

const CODEX_PROMPTS = ['Write a migration that adds an index to the orders table.', 'Explain why the {lang} build fails on the release branch.', 'Add retries to the {product} client.'];
const AGENT_PROMPTS = ['Prepare the {quarter} summary for {company}.', 'Check {doc} against our playbook.', 'Draft the weekly update for the {team} team.'];
const CODEX_OTHER = ['TASK_CREATED', 'TASK_COMPLETED', 'ENVIRONMENT_UPDATED'];
const AGENT_OTHER = ['AGENT_RUN_STARTED', 'AGENT_RUN_COMPLETED'];
const EVENTS_PER_FILE = 4;

function codexEvent(ctx: ObjectGenContext, rng: Rng, timeUs: number, taskIds: readonly string[]): SimLogEvent {
  const user = rng.pick(ctx.active);
  const taskId = taskIds.length > 0 ? rng.pick(taskIds) : `task_e_${rng.hex(32)}`;
  const base = { eventId: `evt_${rng.hex(32)}`, type: 'CODEX_LOG' as const, timeUs, userId: user.id, userEmail: user.email };
  if (rng.chance(0.35)) return { ...base, eventType: rng.pick(CODEX_OTHER), prompt: null, details: { task_id: taskId } };
  const r = rng.float();
  const prompt = r < 0.55
    ? joined([sentence(rng, CODEX_PROMPTS), planted(rng, ctx.plant, 'text', { prefix: 'Use this for the test setup:\n', kinds: ENV_KINDS })], '\n')
    : r < 0.7 ? joined([sentence(rng, CODEX_PROMPTS), decoy(rng)]) : clean(`${sentence(rng, CODEX_PROMPTS)} ${paragraph(rng, 'code')}`);
  return { ...base, eventType: 'PROMPT_SENT', prompt, details: { task_id: taskId, model: 'codex' } };
}

function agentEvent(ctx: ObjectGenContext, rng: Rng, timeUs: number, agentIds: readonly string[]): SimLogEvent {
  const user = rng.pick(ctx.active);
  const agentId = agentIds.length > 0 ? rng.pick(agentIds) : `g-${rng.chars(ALNUM, 9)}`;
  const base = { eventId: `evt_${rng.hex(32)}`, type: 'CUSTOM_AGENTS_LOG' as const, timeUs, userId: user.id, userEmail: user.email };
  if (rng.chance(0.35)) return { ...base, eventType: rng.pick(AGENT_OTHER), prompt: null, details: { agent_id: agentId, run_id: rng.uuid() } };
  const prompt = rng.chance(0.55)
    ? joined([sentence(rng, AGENT_PROMPTS), planted(rng, ctx.plant, 'line', { prefix: 'Customer on file: ', kinds: PII_KINDS })])
    : clean(`${sentence(rng, AGENT_PROMPTS)} ${paragraph(rng, pickTopic(rng))}`);
  return { ...base, eventType: 'PROMPT_SENT', prompt, details: { agent_id: agentId, conversation_id: rng.uuid() } };
}

function group(rng: Rng, type: ObjectLogType, events: SimLogEvent[]): ObjectLogFile[] {
  const files: ObjectLogFile[] = [];
  const prefix = type === 'CODEX_LOG' ? 'codex_log' : 'custom_agents_log';
  for (let i = 0; i < events.length; i += EVENTS_PER_FILE) {
    const chunk = events.slice(i, i + EVENTS_PER_FILE);
    const first = chunk[0] as SimLogEvent, last = chunk[chunk.length - 1] as SimLogEvent;
    const id = rng.uuid();
    const stamp = usToIso(first.timeUs).replace(/[-:]/g, '').slice(0, 15);
    files.push({ id, eventType: type, fileName: `${prefix}_${stamp}Z_${id.slice(0, 8)}.jsonl`, startUs: first.timeUs, endUs: last.timeUs, events: chunk });
  }
  return files;
}

/** Distinct, ascending times within the last `days` days (inside the feed's retention). */
function times(rng: Rng, nowUs: number, n: number, days: number): number[] {
  const out = Array.from({ length: n }, () => nowUs - rng.int(60, days * 86_400) * US_PER_S - rng.int(0, US_PER_S - 1)).sort((a, b) => a - b);
  for (let i = 1; i < out.length; i++) if ((out[i] as number) <= (out[i - 1] as number)) out[i] = (out[i - 1] as number) + 1;
  return out;
}

export function buildObjectLogs(ctx: ObjectGenContext, codexEvents: number, agentEvents: number, taskIds: readonly string[], gpts: readonly SimGpt[]): ObjectLogFile[] {
  const rng = new Rng(ctx.seed, 'object-logs');
  const agentIds = gpts.filter((g) => g.kind === 'gpt').map((g) => g.id);
  const codex = times(rng, ctx.nowUs - US_PER_DAY / 24, codexEvents, 20).map((t) => codexEvent(ctx, rng, t, taskIds));
  const agents = times(rng, ctx.nowUs - US_PER_DAY / 24, agentEvents, 20).map((t) => agentEvent(ctx, rng, t, agentIds));
  return [...group(rng, 'CODEX_LOG', codex), ...group(rng, 'CUSTOM_AGENTS_LOG', agents)];
}

export function objectLogLine(workspaceId: string, e: SimLogEvent): string {
  const details: Record<string, unknown> = { ...e.details };
  if (e.prompt) details.prompt_text = e.prompt.text;
  return JSON.stringify({
    event_id: e.eventId, type: e.type,
    principal: { id: workspaceId, type: 'CHATGPT_WORKSPACE' },
    actor: { type: 'ACCOUNT_USER', user_id: e.userId, user_email: e.userEmail },
    timestamp: usToIso(e.timeUs), event_type: e.eventType, event_details: details,
  });
}

export function renderObjectLog(workspaceId: string, f: ObjectLogFile): Buffer {
  let out = '';
  for (const e of f.events) out += objectLogLine(workspaceId, e) + '\n';
  return Buffer.from(out, 'utf8');
}
