import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildSyslogMessages, escapeCefHeader, escapeCefValue, escapeSdValue, formatCef, formatRfc5424, octetFrame, syslogSeverity, SD_ID,
} from '../../../src/alerts/syslog-format.js';
import { digestPayload, fakeFinding, fakePayload, assertNoRawValue, PREVIEW } from '../../helpers/alerts.js';
import { productVersion } from '../../../src/alerts/product-version.js';
import { parseCef, parseRfc5424 } from '../../helpers/rfc5424.js';
import { octetCountingParser } from '../../helpers/servers.js';

const opts = { facility: 16, hostname: 'scanner-1', appName: 'leakwatch', productVersion: '0.1.0', now: new Date('2025-01-02T03:04:05.678Z') };

describe('RFC 5424', () => {
  it('maps severities and facility into PRI', () => {
    expect(['critical', 'high', 'medium', 'low', 'odd'].map(syslogSeverity)).toEqual([2, 3, 4, 5, 4]);
    const [line] = buildSyslogMessages(fakePayload(), { ...opts, format: 'rfc5424' });
    const m = parseRfc5424(line!);
    expect(m).toMatchObject({ pri: 16 * 8 + 3, facility: 16, severity: 3, version: 1, timestamp: '2025-01-02T03:04:05.678Z', hostname: 'scanner-1', appName: 'leakwatch', procId: String(process.pid), msgId: 'finding', bom: false });
    expect(m.sd[SD_ID]).toEqual({
      key: 'finding-42-policy-default', n: '1', of: '1', policy: 'default', finding: '42', rule: 'credit-card-number', severity: 'high', category: 'financial', user: 'alice@example.com', conversation: 'conv-abc',
    });
    expect(m.msg).toBe(`HIGH credit-card-number: ${PREVIEW} (alice@example.com, conversation conv-abc) - details: leakwatch findings --id 42`);
    assertNoRawValue(line!);
  });

  it('escapes ", \\ and ] in SD-PARAM values and keeps header fields printable', () => {
    expect(escapeSdValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    const line = formatRfc5424({
      facility: 1, severity: 5, time: new Date(0), hostname: 'host with space', appName: '', procId: '1', msgId: 'x'.repeat(40),
      params: [['file', 'q"u\\o]te.xlsx'], ['none', null]], msg: 'line one\nline two ünïcode',
    });
    const m = parseRfc5424(line);
    expect(m.hostname).toBe('host_with_space');
    expect(m.appName).toBe('-');
    expect(m.msgId).toHaveLength(32);
    expect(m.sd[SD_ID]!.file).toBe('q"u\\o]te.xlsx');
    expect(m.sd[SD_ID]).not.toHaveProperty('none');
    expect(m.msg).toBe('line one line two ünïcode');
    expect(m.bom).toBe(true);
  });

  it('sends one message per finding of a digest, same key, n counting from 1', () => {
    const lines = buildSyslogMessages(digestPayload(3), { ...opts, format: 'rfc5424' });
    expect(lines).toHaveLength(3);
    const parsed = lines.map(parseRfc5424);
    expect(parsed.map((m) => [m.sd[SD_ID]!.key, m.sd[SD_ID]!.n, m.sd[SD_ID]!.of])).toEqual([
      ['digest-conv-abc-2025-01-02T03', '1', '3'], ['digest-conv-abc-2025-01-02T03', '2', '3'], ['digest-conv-abc-2025-01-02T03', '3', '3'],
    ]);
    expect(parsed.map((m) => m.severity)).toEqual([4, 2, 4]);
    expect(parsed[2]!.sd[SD_ID]).toMatchObject({ file: 'customers.xlsx', location: 'sheet Customers, cell B7' });
  });

  it('frames with octet counting (bytes, not characters)', () => {
    expect(octetFrame('<13>1 - - - - - - é').toString('utf8')).toBe('20 <13>1 - - - - - - é');
    const got: string[] = [];
    const feed = octetCountingParser((m) => got.push(m));
    const both = Buffer.concat([octetFrame('first é'), octetFrame('second')]);
    for (let i = 0; i < both.length; i += 3) feed(both.subarray(i, i + 3));
    expect(got).toEqual(['first é', 'second']);
  });
});

describe('CEF', () => {
  it('carries the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(productVersion()).toBe(pkg.version);
  });

  it('escapes header and extension values', () => {
    expect(escapeCefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(escapeCefValue('a=b\\c\nd\re|f')).toBe('a\\=b\\\\c\\nd\\re|f');
  });

  it('is a well-formed CEF:0 line carried as the MSG of an RFC 5424 message', () => {
    const finding = fakeFinding({ ruleId: 'weird|rule', fileName: 'a=b\\c|d.csv', location: 'row 2\ncol 3', userEmail: 'bob@example.com' });
    const payload = fakePayload({ findings: [finding], policy: 'pol=1' });
    const [line] = buildSyslogMessages(payload, { ...opts, format: 'cef' });
    const m = parseRfc5424(line!);
    expect(m.sd[SD_ID]).toMatchObject({ key: payload.key, n: '1' });
    const cef = parseCef(m.msg);
    expect(cef.header).toEqual(['CEF:0', 'leakwatch', 'leakwatch', '0.1.0', 'weird|rule', 'Sensitive financial data in a message', '8']);
    expect(cef.ext).toMatchObject({
      rt: String(Date.parse(payload.createdAt)), externalId: '42', cat: 'financial', suser: 'bob@example.com', fname: 'a=b\\c|d.csv',
      cs2Label: 'preview', cs2: PREVIEW, cs3Label: 'policy', cs3: 'pol=1', cs4Label: 'alertKey', cs4: payload.key, cs5Label: 'location', cs5: 'row 2\ncol 3',
    });
    assertNoRawValue(line!);
  });

  it('leaves out absent values and their labels', () => {
    const cef = parseCef(formatCef(fakePayload(), fakeFinding({ conversationId: null, fileName: null, location: null, userEmail: null }), '1.2.3'));
    expect(cef.ext).not.toHaveProperty('cs1Label');
    expect(cef.ext).not.toHaveProperty('cs5Label');
    expect(cef.ext).not.toHaveProperty('suser');
    expect(cef.header[6]).toBe('8');
  });
});
