import type { Logger } from '../../log.js';
import type { ComplianceApi } from '../api.js';
import { LogFeedSource, toMillis, type LogLineParser } from '../logs-source.js';
import { tryParse } from '../schemas.js';
import { agentLogEventSchema, agentPromptText } from '../schemas-objects.js';
import { inRange } from '../source.js';
import { objectItem } from './sweep.js';

/** The agent activity feeds of the logs platform and what their prompts are recorded as. */
const FEEDS = {
  codex_logs: { eventType: 'CODEX_LOG', kind: 'codex_log' },
  custom_agent_logs: { eventType: 'CUSTOM_AGENTS_LOG', kind: 'custom_agent_log' },
} as const;

export type AgentLogSourceName = keyof typeof FEEDS;

/**
 * A line of a CODEX_LOG or CUSTOM_AGENTS_LOG file: a prompt event (PROMPT_SENT, text in
 * `event_details.prompt_text`, `prompt` tolerated) becomes one text, `<kind>:prompt_text`, keyed
 * by its event id; other events carry no text ('not-a-message'). Time-bound like messages.
 */
export function agentLogLine(name: AgentLogSourceName): LogLineParser {
  const { eventType, kind } = FEEDS[name];
  return (json, where, seen, range) => {
    const parsed = tryParse(agentLogEventSchema, json);
    if (!parsed.ok) return { type: 'error', itemKey: where, code: 'LOG_LINE_BAD_SHAPE', message: `${where}: ${parsed.problem}` };
    const ev = parsed.value;
    if (ev.type != null && ev.type !== eventType) return { type: 'skipped', reason: 'not-a-message' };
    const text = agentPromptText(ev);
    if (text === null) return { type: 'skipped', reason: 'not-a-message' };
    if (seen.has(ev.event_id)) return { type: 'skipped', reason: 'duplicate' };
    seen.add(ev.event_id);
    const createdAt = toMillis(ev.timestamp ?? null);
    if (!inRange(createdAt, range)) return { type: 'skipped', reason: 'out-of-range' };
    const item = objectItem({
      source: name, kind, objectId: ev.event_id, version: null, location: `${kind}:prompt_text`, text,
      userId: ev.actor?.user_id ?? null, userEmail: ev.actor?.user_email ?? null, createdAt,
    });
    if (createdAt === null) item.anomalies.push('no-created-at');
    return { type: 'item', item };
  };
}

/** The prompts of the CODEX_LOG or CUSTOM_AGENTS_LOG files, checkpointed like the message feed (LogsCheckpoint). */
export function agentLogSource(api: ComplianceApi, name: AgentLogSourceName, opts: { pageSize: number; log: Logger }): LogFeedSource<AgentLogSourceName> {
  return new LogFeedSource(api, { ...opts, name, eventType: FEEDS[name].eventType, parseLine: agentLogLine(name) });
}
