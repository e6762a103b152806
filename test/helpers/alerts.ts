import type { AlertFinding, AlertPayload } from '../../src/alerts/types.js';

/** The value a fake finding stands for: it must never reach a receiver. Only its masked preview is in the payload. */
export const RAW_VALUE = '4929381726354410';
export const PREVIEW = '4929********4410';

export function fakeFinding(over: Partial<AlertFinding> = {}): AlertFinding {
  return {
    id: 42,
    ruleId: 'credit-card-number',
    category: 'financial',
    severity: 'high',
    confidence: 'high',
    preview: PREVIEW,
    sourceKind: 'message',
    workspaceId: 'ws-1',
    conversationId: 'conv-abc',
    messageId: 'msg-1',
    userEmail: 'alice@example.com',
    messageTime: '2025-01-02T03:04:05.000Z',
    fileName: null,
    location: null,
    ...over,
  };
}

export function fakePayload(over: Partial<AlertPayload> = {}): AlertPayload {
  return {
    key: 'finding-42-policy-default',
    policy: 'default',
    findings: [fakeFinding()],
    createdAt: '2025-01-02T03:05:00.000Z',
    hint: 'leakwatch findings --id 42',
    ...over,
  };
}

export function digestPayload(n: number): AlertPayload {
  return fakePayload({
    key: 'digest-conv-abc-2025-01-02T03',
    findings: Array.from({ length: n }, (_, i) =>
      fakeFinding({ id: 100 + i, severity: i === 1 ? 'critical' : 'medium', ruleId: i % 2 === 0 ? 'credit-card-number' : 'us-ssn', fileName: i === 2 ? 'customers.xlsx' : null, location: i === 2 ? 'sheet Customers, cell B7' : null }),
    ),
    hint: 'leakwatch findings --conversation conv-abc',
  });
}

/**
 * Asserts text a receiver got holds no form of the raw value: not the value, not a run of 6+
 * of its digits (what an unmasked or half-masked copy would show).
 */
export function assertNoRawValue(text: string): void {
  if (text.includes(RAW_VALUE)) throw new Error('the raw value reached the receiver');
  for (let len = 6; len <= RAW_VALUE.length; len++) {
    for (let i = 0; i + len <= RAW_VALUE.length; i++) {
      const part = RAW_VALUE.slice(i, i + len);
      if (text.includes(part)) throw new Error(`a ${len}-digit run of the raw value (${part}) reached the receiver`);
    }
  }
}
