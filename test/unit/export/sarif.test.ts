import { describe, it, expect } from 'vitest';
import { fileRegion, logicalLocation, sarifLevel, toSarif, messageUri, fileUri } from '../../../src/export/sarif.js';
import { renderFindings, leakwatchVersion } from '../../../src/export/index.js';
import type { ExportFinding } from '../../../src/export/rows.js';
import { sarifProblems } from '../../helpers/sarif.js';

function finding(over: Partial<ExportFinding> = {}): ExportFinding {
  return {
    id: 1, fingerprint: 'fp-1', workspace_id: 'ws-1', source: 'logs', source_kind: 'message', conversation_id: 'c-1', message_id: 'm-1',
    file_id: null, file_name: null, file_sha256: null, user_id: 'u-1', user_email: 'alice@example.com', author_role: 'user',
    message_time: '2025-01-02T03:04:05.000Z', start_offset: 10, end_offset: 26, rule_id: 'payment-card', category: 'financial',
    severity: 'critical', confidence: 'high', preview: '4111 **** **** 1111', first_seen_at: '2025-01-03T00:00:00.000Z', run_id: 1,
    status: 'open', location: null, where: 'message', places: null, object_id: null, object_version: null, field: null,
    ...over,
  };
}

const fileFinding = (over: Partial<ExportFinding> = {}): ExportFinding => finding({
  id: 2, fingerprint: 'fp-2', source_kind: 'file', conversation_id: null, message_id: null, file_id: 'file-9', file_name: 'q2.xlsx',
  file_sha256: 'ab'.repeat(32), rule_id: 'us-ssn', category: 'pii', severity: 'medium', preview: '***-**-6789',
  location: { sheet: 'Customers', cell: 'B7' }, where: 'q2.xlsx: sheet Customers, cell B7',
  places: [
    { file_id: 'file-9', place_kind: 'message', conversation_id: 'c-2', message_id: 'm-5', name: 'q2.xlsx', user_id: 'u-2', user_email: 'bob@example.com' },
    { file_id: 'file-9', place_kind: 'message', conversation_id: 'c-3', message_id: 'm-8', name: 'q2.xlsx', user_id: 'u-2', user_email: 'bob@example.com' },
    { file_id: 'file-10', place_kind: 'message', conversation_id: 'c-4', message_id: 'm-1', name: 'copy.xlsx', user_id: 'u-3', user_email: null },
  ],
  ...over,
});

describe('SARIF export', () => {
  it('maps severities to levels', () => {
    expect(['critical', 'high', 'medium', 'low', 'other'].map(sarifLevel)).toEqual(['error', 'error', 'warning', 'note', 'warning']);
  });

  it('maps a message finding: rule, level, message URI, char region, fingerprint, properties', () => {
    const log = toSarif([finding(), finding({ id: 3, fingerprint: 'fp-3', status: 'false_positive' })], { version: '9.9.9' });
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'leakwatch', version: '9.9.9' });
    expect(run.tool.driver.rules).toEqual([{
      id: 'payment-card', shortDescription: { text: 'payment-card (financial)' }, defaultConfiguration: { level: 'error' },
      properties: { category: 'financial', severity: 'critical' },
    }]);
    const r = run.results[0]!;
    expect(r).toMatchObject({ ruleId: 'payment-card', ruleIndex: 0, level: 'error', partialFingerprints: { 'leakwatch/v1': 'fp-1' } });
    expect(r.message.text).toBe('payment-card: 4111 **** **** 1111 in a message by alice@example.com in conversation c-1');
    expect(r.locations).toEqual([{ physicalLocation: {
      artifactLocation: { uri: 'chatgpt://workspace/ws-1/conversation/c-1/message/m-1' }, region: { charOffset: 10, charLength: 16 },
    } }]);
    expect(r.properties).toMatchObject({ severity: 'critical', confidence: 'high', category: 'financial', status: 'open', preview: '4111 **** **** 1111' });
    expect(r.suppressions).toBeUndefined();
    expect(run.results[1]!.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'marked false_positive in leakwatch triage' }]);
    expect(sarifProblems(log)).toEqual([]);
  });

  it('maps a file finding: one location per file id with its name, logical sheet/cell, related message places', () => {
    const log = toSarif([finding(), fileFinding()], { version: '1.0.0', ruleDescriptions: new Map([['us-ssn', 'US Social Security number']]) });
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(['payment-card', 'us-ssn']);
    expect(run.tool.driver.rules[1]!.shortDescription.text).toBe('US Social Security number');
    const r = run.results[1]!;
    expect(r).toMatchObject({ ruleId: 'us-ssn', ruleIndex: 1, level: 'warning' });
    expect(r.message.text).toBe('us-ssn: ***-**-6789 in file q2.xlsx (sheet Customers, cell B7) attached by bob@example.com in conversation c-2');
    expect(r.locations.map((l) => l.physicalLocation?.artifactLocation)).toEqual([
      { uri: 'chatgpt://workspace/ws-1/file/file-9', description: { text: 'q2.xlsx' } },
      { uri: 'chatgpt://workspace/ws-1/file/file-10', description: { text: 'copy.xlsx' } },
    ]);
    expect(r.locations[0]!.physicalLocation?.region).toBeUndefined();
    expect(r.locations[0]!.logicalLocations).toEqual([{ name: 'B7', kind: 'cell', fullyQualifiedName: 'sheet Customers, cell B7' }]);
    expect(r.relatedLocations?.map((l) => l.physicalLocation?.artifactLocation.uri)).toEqual([
      'chatgpt://workspace/ws-1/conversation/c-2/message/m-5', 'chatgpt://workspace/ws-1/conversation/c-3/message/m-8',
      'chatgpt://workspace/ws-1/conversation/c-4/message/m-1',
    ]);
    expect(sarifProblems(log)).toEqual([]);
  });

  it('regions: a text line gives startLine/startColumn, a whole file char offsets, nested parts none', () => {
    expect(fileRegion({ line: 42 }, 3, 19)).toEqual({ startLine: 42, startColumn: 4 });
    expect(fileRegion({}, 3, 19)).toEqual({ charOffset: 3, charLength: 16 });
    expect(fileRegion({ page: 2 }, 3, 19)).toBeUndefined();
    expect(fileRegion({ entry: ['a.zip', 'b.txt'], line: 2 }, 3, 19)).toBeUndefined();
    expect(logicalLocation({ entry: ['exports.zip', 'q2/c.xlsx'], sheet: 'S', cell: 'A1' })).toEqual({ name: 'A1', kind: 'cell', fullyQualifiedName: 'exports.zip > q2/c.xlsx, sheet S, cell A1' });
    expect(logicalLocation({ slide: 3 })).toMatchObject({ name: '3', kind: 'slide' });
    expect(logicalLocation({})).toBeUndefined();
    const log = toSarif([fileFinding({ location: { line: 5 }, places: [] }), fileFinding({ location: { page: 1 } })], { version: '1.0.0' });
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation?.region).toEqual({ startLine: 5, startColumn: 11 });
    expect(sarifProblems(log)).toEqual([]);
  });

  it('escapes ids in URIs, and renderFindings stamps the package version', () => {
    expect(messageUri('ws 1', 'c/1', 'm?1')).toBe('chatgpt://workspace/ws%201/conversation/c%2F1/message/m%3F1');
    expect(() => new URL(fileUri('w', 'file-x#1'))).not.toThrow();
    const log = JSON.parse(renderFindings([finding()], 'sarif')) as ReturnType<typeof toSarif>;
    expect(log.runs[0]!.tool.driver.version).toBe(leakwatchVersion());
    expect(leakwatchVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(sarifProblems(log)).toEqual([]);
    expect(sarifProblems({ version: '2.1.0', runs: [{ results: [] }] }).length).toBeGreaterThan(0);
  });

  it('json and csv: one line per finding, no value hash, formula-safe previews', () => {
    const f = finding({ preview: '=HYPERLINK("x")', file_name: '+evil.csv' });
    const json = renderFindings([f, fileFinding()], 'json').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json).toHaveLength(2);
    expect(json[1]!.location).toEqual({ sheet: 'Customers', cell: 'B7' });
    expect((json[1]!.places as unknown[]).length).toBe(3);
    expect(Object.keys(json[0]!)).not.toContain('value_hash');
    const csv = renderFindings([f, fileFinding()], 'csv');
    expect(csv).toContain('"\'=HYPERLINK(""x"")"');
    expect(csv).toContain("'+evil.csv");
    expect(csv.split('\n')[0]).toContain('status');
  });
});
