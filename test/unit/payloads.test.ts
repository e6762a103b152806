import { describe, it, expect } from 'vitest';
import { parsePayload, logFileListSchema, conversationListSchema } from '../../src/compliance/schemas.js';
import { messageText } from '../../src/compliance/source.js';

describe('payload validation at the edge', () => {
  it('ignores unknown fields', () => {
    const page = parsePayload(logFileListSchema, { data: [{ id: 'f', end_time: '2026-01-01T00:00:00Z', brand_new: 1 }], has_more: false, extra: true }, 'GET /logs');
    expect(page.data[0]?.id).toBe('f');
  });

  it('names the endpoint and every bad field', () => {
    let err: unknown;
    try {
      parsePayload(conversationListSchema, { data: [{ id: 7, messages: { data: [{ id: 'm', created_at: 'yesterday' }] } }], has_more: 'no' }, 'GET /conversations');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'API_BAD_PAYLOAD', kind: 'api' });
    const e = err as { message: string; details: string[] };
    expect(e.message).toContain('GET /conversations');
    expect(e.details).toEqual(expect.arrayContaining([
      expect.stringMatching(/^data\.0\.id:/),
      expect.stringMatching(/^data\.0\.messages\.data\.0\.created_at:/),
      expect.stringMatching(/^has_more:/),
    ]));
  });

  it('reads content.value whatever its type, tolerates legacy parts, and treats null content as no text', () => {
    const anomalies: string[] = [];
    expect(messageText({ value: 'hi' }, anomalies)).toBe('hi');
    expect(messageText(null, anomalies)).toBeNull();
    expect(messageText({ parts: ['a', { x: 1 }, 'b'] }, anomalies)).toBe('a\nb');
    expect(anomalies).toEqual(['legacy-parts']);
  });
});
