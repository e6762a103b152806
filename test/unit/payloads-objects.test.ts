import { describe, it, expect } from 'vitest';
import { parsePayload } from '../../src/compliance/schemas.js';
import {
  assistantListSchema, assistantSchema, memoryListSchema, userMemorySchema, canvasSchema, automationListSchema, recordingListSchema,
  transcriptSchema, codexTaskListSchema, codexEnvironmentSchema, agentLogEventSchema, codexPrompt, agentPromptText,
} from '../../src/compliance/schemas-objects.js';

function problems(fn: () => unknown): { message: string; details: string[]; code: string } {
  try {
    fn();
  } catch (e) {
    return e as { message: string; details: string[]; code: string };
  }
  throw new Error('expected a payload error');
}

const config = {
  id: 'gzm_cnf_1', name: 'Helper', description: 'd', instructions: 'be nice', conversation_starters: ['a', 'b'],
  created_at: 1760000000.5, version_author: { id: 'user-1', email: 'a@x.com' },
  files: [{ id: 'file-1', name: 'k.pdf', created_at: 1760000000, download_url: 'https://files/k.pdf' }],
  tools: [{ type: 'custom_action', action_domain: 'api.example.com', action_openapi_raw: 'openapi: 3.0.0', auth_type: 'api_key', brand_new: 1 }],
};

describe('object payloads at the edge', () => {
  it('reads a GPT with latest_config as an envelope or as an object, recipients as an array or an envelope', () => {
    const recipients = [{ id: 'user-2', email: 'b@x.com', permissions: { can_read: true, can_view_config: false, can_write: false } }];
    const enveloped = parsePayload(assistantListSchema, {
      object: 'list', has_more: false, last_id: 'g-1',
      data: [{ id: 'g-1', owner_id: 'user-1', sharing: { visibility: 'anyone-with-link', recipients: { data: recipients } }, latest_config: { object: 'list', data: [config] } }],
    }, 'GET /gpts');
    const plain = parsePayload(assistantSchema, { id: 'g-1', sharing: { visibility: 'workspace', recipients }, latest_config: config }, 'GET /gpts/g-1');
    expect(enveloped.data[0]?.latest_config?.id).toBe('gzm_cnf_1');
    expect(plain.latest_config?.id).toBe('gzm_cnf_1');
    expect(enveloped.data[0]?.sharing?.recipients).toEqual(plain.sharing?.recipients);
    expect(plain.latest_config?.tools?.[0]).toMatchObject({ action_domain: 'api.example.com', action_openapi_raw: 'openapi: 3.0.0' });
    expect(plain.latest_config?.tools?.[0]).not.toHaveProperty('brand_new');
    // Third-party GPT: no owner, date or sharing; an empty latest_config envelope is no config.
    const thirdParty = parsePayload(assistantSchema, { id: 'g-3', latest_config: { data: [] } }, 'GET /gpts/g-3');
    expect(thirdParty.latest_config).toBeNull();
  });

  it('names a bad required field of a GPT and its config', () => {
    const e = problems(() => parsePayload(assistantListSchema, { has_more: false, data: [{ id: 'g-1', latest_config: { ...config, id: 42 } }, { name: 'no id' }] }, 'GET /gpts'));
    expect(e.code).toBe('API_BAD_PAYLOAD');
    expect(e.message).toContain('GET /gpts');
    expect(e.details).toEqual(expect.arrayContaining([expect.stringMatching(/^data\.0\.latest_config/), expect.stringMatching(/^data\.1\.id:/)]));
  });

  it('reads memories as a list and one user\'s memory as an object or a list', () => {
    const memory = { id: 'user-1', memory_contexts: [{ id: 'user-1', memory_entries: [{ id: 'mem-1', content: 'my SSN is ...', updated_at: 1760000000 }] }] };
    const list = parsePayload(memoryListSchema, { data: [memory], has_more: false, last_id: 'user-1' }, 'GET /memories');
    expect(list.data[0]?.memory_contexts?.[0]?.memory_entries?.[0]?.id).toBe('mem-1');
    expect(parsePayload(userMemorySchema, memory, 'GET /users/user-1/memories')).toHaveLength(1);
    expect(parsePayload(userMemorySchema, { data: [memory] }, 'GET /users/user-1/memories')).toHaveLength(1);
    const e = problems(() => parsePayload(memoryListSchema, { data: [{ id: 'user-1', memory_contexts: [{ id: 'c', memory_entries: [{ content: 'x' }] }] }], has_more: false }, 'GET /memories'));
    expect(e.details).toEqual([expect.stringMatching(/^data\.0\.memory_contexts/)]);
  });

  it('reads a canvas page and names a version without its number', () => {
    const canvas = parsePayload(canvasSchema, {
      textdoc_id: 'td-1', textdoc_type: 'document',
      version_contents: { data: [{ version: 1, name: 'Draft', content: 'text', updated_at: '2026-01-01T00:00:00Z', comments: [{ type: 'comment', id: 'c1', start: 0, end: 4, content: 'fix' }] }], last_version: 1, has_more: false },
    }, 'GET /users/u/canvas/td-1');
    expect(canvas.version_contents.data[0]?.comments?.[0]?.content).toBe('fix');
    const e = problems(() => parsePayload(canvasSchema, { textdoc_id: 'td-1', version_contents: { data: [{ name: 'x' }], has_more: false } }, 'GET /users/u/canvas/td-1'));
    expect(e.details).toEqual([expect.stringMatching(/^version_contents\.data\.0\.version:/)]);
  });

  it('reads automations, recordings with their cursor, and transcripts as text or segments', () => {
    const autos = parsePayload(automationListSchema, { data: [{ id: 'auto-1', title: 't', prompt: 'p', schedule: 'RRULE:FREQ=DAILY', is_enabled: true }], has_more: false }, 'GET automations');
    expect(autos.data[0]?.prompt).toBe('p');
    const recs = parsePayload(recordingListSchema, { data: [{ id: 'rec-1', created_at: 1760000000 }], has_more: true, cursor: 'abc' }, 'GET recordings');
    expect(recs.cursor).toBe('abc');
    expect(parsePayload(transcriptSchema, { transcript: 'hello', summary: 's' }, 'GET transcript').transcript).toBe('hello');
    expect(parsePayload(transcriptSchema, { transcript: [{ speaker: 'A', text: 'one' }, 'two'] }, 'GET transcript').transcript).toBe('one\ntwo');
    const e = problems(() => parsePayload(recordingListSchema, { data: [{ id: 'rec-1' }], has_more: 'yes' }, 'GET recordings'));
    expect(e.details).toEqual([expect.stringMatching(/^has_more:/)]);
  });

  it('reads Codex tasks and environments, variables and secrets as a map or a list', () => {
    const tasks = parsePayload(codexTaskListSchema, { data: [{ id: 'task_1', title: 'Fix', denormalized_metadata: { prompt: 'do it' } }], has_more: false, cursor: null }, 'GET /codex_tasks');
    expect(codexPrompt(tasks.data[0]?.denormalized_metadata)).toBe('do it');
    const asMap = parsePayload(codexEnvironmentSchema, { id: 'env-1', env_vars: { REGION: 'eu', PORT: 8080 }, secrets: { TOKEN: 's3cr3t' }, setup: 'npm ci' }, 'GET env');
    expect(asMap.env_vars).toEqual([{ name: 'REGION', value: 'eu' }, { name: 'PORT', value: '8080' }]);
    const asList = parsePayload(codexEnvironmentSchema, { id: 'env-1', secrets: [{ name: 'TOKEN', value: 's3cr3t' }, { key: 'OTHER', value: null }], setup: ['npm ci', 'npm test'] }, 'GET env');
    expect(asList.secrets).toEqual([{ name: 'TOKEN', value: 's3cr3t' }, { name: 'OTHER', value: null }]);
    expect(asList.setup).toBe('npm ci\nnpm test');
    const e = problems(() => parsePayload(codexEnvironmentSchema, { env_vars: {} }, 'GET env'));
    expect(e.details).toEqual([expect.stringMatching(/^id:/)]);
  });

  it('finds a Codex prompt in the shapes denormalized_metadata may take', () => {
    expect(codexPrompt('plain prompt')).toBe('plain prompt');
    expect(codexPrompt('{"prompt":"from json"}')).toBe('from json');
    expect(codexPrompt({ task: { initial_prompt: 'nested' } })).toBeNull();
    expect(codexPrompt({ input: { content: [{ type: 'text', text: 'part one' }, { type: 'text', text: 'part two' }] } })).toBe('part one\npart two');
    expect(codexPrompt({ repo: 'x' })).toBeNull();
    expect(codexPrompt(null)).toBeNull();
  });

  it('reads the prompt of an agent log event from prompt_text, else prompt', () => {
    const ev = (details: unknown) => parsePayload(agentLogEventSchema, { event_id: 'evt_1', type: 'CODEX_LOG', event_type: 'PROMPT_SENT', event_details: details }, 'log line');
    expect(agentPromptText(ev({ prompt_text: 'hello' }))).toBe('hello');
    expect(agentPromptText(ev({ prompt: 'tolerated' }))).toBe('tolerated');
    expect(agentPromptText(ev({ task_id: 't' }))).toBeNull();
    const e = problems(() => parsePayload(agentLogEventSchema, { type: 'CODEX_LOG' }, 'log line'));
    expect(e.details).toEqual([expect.stringMatching(/^event_id:/)]);
  });
});
