import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSink } from '../../src/alerts/registry.js';
import { parseSinkConfig } from '../../src/alerts/sink-config.js';
import { SD_ID } from '../../src/alerts/syslog-format.js';
import type { AlertFinding, Sink } from '../../src/alerts/types.js';
import { CapturedLog } from '../helpers/harness.js';
import { assertNoRawValue, digestPayload, fakePayload, PREVIEW, RAW_VALUE } from '../helpers/alerts.js';
import { parseCef, parseRfc5424 } from '../helpers/rfc5424.js';
import { selfSignedCert, startSlackLikeReceiver, startSmtpServer, startSyslogListener, startWebhookReceiver } from '../helpers/servers.js';

/** Everything to close after each test: sinks and servers. */
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

function track<T extends { close(): Promise<void> }>(x: T): T {
  open.push(x);
  return x;
}

function sink(name: string, raw: unknown, env: NodeJS.ProcessEnv = {}, log = new CapturedLog()): Sink {
  return track(createSink(name, parseSinkConfig(name, raw), { log: log.logger, env }));
}

const never = new AbortController().signal;

/** One self-signed certificate for the TLS tests; without openssl they are skipped, and say so. */
const cert = selfSignedCert();
if ('missing' in cert) console.warn(`SKIPPED the STARTTLS e-mail and syslog TLS tests: ${cert.missing}`);
const SECRET = 'test-signing-secret';

describe('log sink', () => {
  it('writes one structured line per alert with the masked preview', async () => {
    const log = new CapturedLog();
    const s = sink('log', { type: 'log' }, {}, log);
    expect(await s.send(digestPayload(2), never)).toEqual({ ok: true });
    expect(log.lines).toHaveLength(1);
    const line = JSON.parse(log.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', sink: 'log', policy: 'default', key: 'digest-conv-abc-2025-01-02T03' });
    expect(line.findings).toEqual([
      expect.objectContaining({ rule: 'credit-card-number', severity: 'medium', user: 'alice@example.com', conversation: 'conv-abc', preview: PREVIEW }),
      expect.objectContaining({ rule: 'us-ssn', severity: 'critical', preview: PREVIEW }),
    ]);
    assertNoRawValue(log.text());
  });
});

describe('webhook sink', () => {
  it('POSTs the signed payload with an Idempotency-Key; the receiver gets only the masked preview', async () => {
    const rx = track(await startWebhookReceiver({ secret: SECRET }));
    const s = sink('hook', { type: 'webhook', url: rx.url, secret_env: 'HOOK_SECRET', headers: { 'X-Team': 'sec' } }, { HOOK_SECRET: SECRET });
    const payload = fakePayload();
    expect(await s.send(payload, never)).toEqual({ ok: true });
    expect(rx.requests).toHaveLength(1);
    const req = rx.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.signatureValid).toBe(true);
    expect(req.headers['idempotency-key']).toBe(payload.key);
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.headers['x-team']).toBe('sec');
    expect(Math.abs(Number(req.headers['x-leakwatch-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const body = JSON.parse(req.body) as { version: number; findings: { preview: string }[] };
    expect(body).toEqual({ version: 1, ...payload });
    expect(body.findings[0]!.preview).toBe(PREVIEW);
    assertNoRawValue(req.body + JSON.stringify(req.headers));
    // Resending the same alert carries the same key (receivers dedupe on it).
    await s.send(payload, never);
    expect(rx.requests.map((r) => r.headers['idempotency-key'])).toEqual([payload.key, payload.key]);
  });

  it('a wrong secret fails verification at the receiver', async () => {
    const rx = track(await startWebhookReceiver({ secret: SECRET }));
    const s = sink('hook', { type: 'webhook', url: rx.url, secret: 'another-secret' });
    await s.send(fakePayload(), never);
    expect(rx.requests[0]!.signatureValid).toBe(false);
  });

  it('500 is retryable, then delivers', async () => {
    const rx = track(await startWebhookReceiver({ secret: SECRET, failFirst: 1, status: 500 }));
    const s = sink('hook', { type: 'webhook', url: rx.url, secret: SECRET });
    expect(await s.send(fakePayload(), never)).toEqual({ ok: false, retryable: true, retryAfterMs: null, error: 'HTTP 500: receiver failing on purpose' });
    expect(await s.send(fakePayload(), never)).toEqual({ ok: true });
  });

  it('429 with Retry-After: 3 is retryable after 3000 ms', async () => {
    const rx = track(await startWebhookReceiver({ secret: SECRET, failFirst: 1, status: 429, retryAfter: 3 }));
    const s = sink('hook', { type: 'webhook', url: rx.url, secret: SECRET });
    expect(await s.send(fakePayload(), never)).toMatchObject({ ok: false, retryable: true, retryAfterMs: 3000 });
  });

  it('400 is permanent', async () => {
    const rx = track(await startWebhookReceiver({ secret: SECRET, failFirst: 1, status: 400 }));
    const s = sink('hook', { type: 'webhook', url: rx.url, secret: SECRET });
    expect(await s.send(fakePayload(), never)).toMatchObject({ ok: false, retryable: false, error: 'HTTP 400: receiver failing on purpose' });
  });

  it('a timeout is retryable; a refused connection is retryable; an aborted send is retryable', async () => {
    const slow = track(await startWebhookReceiver({ delayMs: 3000 }));
    const s = sink('hook', { type: 'webhook', url: slow.url, secret: SECRET, timeout_seconds: 0.3 });
    expect(await s.send(fakePayload(), never)).toEqual({ ok: false, retryable: true, retryAfterMs: null, error: 'no answer within 0.3 s' });

    const gone = await startWebhookReceiver();
    await gone.close();
    const refused = sink('hook2', { type: 'webhook', url: gone.url, secret: SECRET });
    expect(await refused.send(fakePayload(), never)).toMatchObject({ ok: false, retryable: true, error: 'network error: ECONNREFUSED' });

    const ac = new AbortController();
    const pending = sink('hook3', { type: 'webhook', url: slow.url, secret: SECRET }).send(fakePayload(), ac.signal);
    setTimeout(() => ac.abort(), 100);
    expect(await pending).toMatchObject({ ok: false, retryable: true, error: 'delivery aborted (shutting down)' });
  });
});

describe('Slack and Teams sinks', () => {
  it('Slack: Block Kit JSON with the masked preview and the key, URL from a file; errors never show the URL', async () => {
    const rx = track(await startSlackLikeReceiver({ failFirst: 1, status: 404 }));
    const dir = mkdtempSync(join(tmpdir(), 'lw-slack-'));
    writeFileSync(join(dir, 'slack.url'), `${rx.url}\n`);
    const s = track(createSink('chat', parseSinkConfig('chat', { type: 'slack', webhook_url_file: 'slack.url' }), { log: new CapturedLog().logger, configDir: dir }));
    const failedSend = await s.send(fakePayload(), never);
    expect(failedSend).toMatchObject({ ok: false, retryable: false });
    expect(JSON.stringify(failedSend)).not.toContain('secret-path');
    expect(await s.send(digestPayload(12), never)).toEqual({ ok: true });
    const body = JSON.parse(rx.requests[1]!.body) as { text: string; blocks: unknown[] };
    expect(body.text).toContain('CRITICAL 12 findings');
    expect(rx.requests[1]!.body).toContain(`\`${PREVIEW}\``);
    expect(rx.requests[1]!.body).toContain('and 2 more');
    expect(rx.requests[1]!.body).toContain('digest-conv-abc-2025-01-02T03');
    assertNoRawValue(rx.requests.map((r) => r.body).join('\n'));
  });

  it('Teams: an Adaptive Card, URL from the environment', async () => {
    const rx = track(await startSlackLikeReceiver());
    const s = sink('teams', { type: 'teams', webhook_url_env: 'TEAMS_URL' }, { TEAMS_URL: rx.url });
    expect(await s.send(fakePayload(), never)).toEqual({ ok: true });
    const body = JSON.parse(rx.requests[0]!.body) as { attachments: { content: { type: string; version: string } }[] };
    expect(body.attachments[0]!.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(rx.requests[0]!.body).toContain(PREVIEW);
    assertNoRawValue(rx.requests[0]!.body);
  });
});

describe('email sink', () => {
  it('delivers one message per alert with auth, Message-ID from the key, only masked previews', async () => {
    const smtp = track(await startSmtpServer({ auth: { user: 'lw', pass: 'smtp-pass' } }));
    const s = sink(
      'mail',
      { type: 'email', host: smtp.host, port: smtp.port, require_tls: false, username: 'lw', password_env: 'SMTP_PASS', from: 'leakwatch@example.com', to: ['sec@example.com', 'soc@example.com'] },
      { SMTP_PASS: 'smtp-pass' },
    );
    expect(await s.send(digestPayload(3), never)).toEqual({ ok: true });
    expect(smtp.messages).toHaveLength(1);
    const m = smtp.messages[0]!;
    expect(m.user).toBe('lw');
    expect(m.from).toBe('leakwatch@example.com');
    expect(m.to).toEqual(['sec@example.com', 'soc@example.com']);
    expect(m.raw).toMatch(/^Message-ID: <digest-conv-abc-2025-01-02T03@leakwatch>\r$/m);
    expect(m.raw).toMatch(/^Subject: \[leakwatch\] CRITICAL 3 findings \(policy default\)\r$/m);
    expect(m.raw).toMatch(/^X-Leakwatch-Key: digest-conv-abc-2025-01-02T03\r$/m);
    expect(m.raw).toContain(PREVIEW);
    assertNoRawValue(m.raw);
  });

  it('wrong password is permanent; a 5xx rejection is permanent; a 4xx is transient; no server is transient', async () => {
    const authed = track(await startSmtpServer({ auth: { user: 'lw', pass: 'smtp-pass' } }));
    const base = { type: 'email', host: authed.host, port: authed.port, require_tls: false, from: 'leakwatch@example.com', to: ['sec@example.com'] };
    expect(await sink('m1', { ...base, username: 'lw', password: 'wrong' }).send(fakePayload(), never)).toMatchObject({ ok: false, retryable: false });

    const rejecting = track(await startSmtpServer({ rejectRcpt: 550 }));
    const r550 = await sink('m2', { ...base, port: rejecting.port }).send(fakePayload(), never);
    expect(r550).toMatchObject({ ok: false, retryable: false });
    expect(r550.ok === false && r550.error).toContain('550');

    const deferring = track(await startSmtpServer({ rejectRcpt: 451 }));
    expect(await sink('m3', { ...base, port: deferring.port }).send(fakePayload(), never)).toMatchObject({ ok: false, retryable: true });

    await authed.close();
    expect(await sink('m4', { ...base, timeout_seconds: 2 }).send(fakePayload(), never)).toMatchObject({ ok: false, retryable: true });
  });

  it.skipIf('missing' in cert)('requires STARTTLS by default (self-signed test certificate accepted with tls_reject_unauthorized: false)', async () => {
    if ('missing' in cert) return;
    const smtp = track(await startSmtpServer({ tls: cert }));
    const s = sink('mail', { type: 'email', host: smtp.host, port: smtp.port, tls_reject_unauthorized: false, from: 'leakwatch@example.com', to: ['sec@example.com'] });
    expect(await s.send(fakePayload(), never)).toEqual({ ok: true });
    expect(smtp.messages).toHaveLength(1);
    // The same server without STARTTLS: require_tls (the default) refuses to send in clear.
    const plain = track(await startSmtpServer());
    const strict = sink('mail2', { type: 'email', host: plain.host, port: plain.port, from: 'leakwatch@example.com', to: ['sec@example.com'] });
    expect(await strict.send(fakePayload(), never)).toMatchObject({ ok: false, retryable: false });
    expect(plain.messages).toHaveLength(0);
  });
});

describe('syslog sink', () => {
  for (const protocol of ['udp', 'tcp'] as const) {
    it(`${protocol}: one RFC 5424 message per finding with the structured data`, async () => {
      const rx = track(await startSyslogListener({ protocol }));
      const s = sink('siem', { type: 'syslog', protocol, host: rx.host, port: rx.port, hostname: 'scanner-1' });
      const payload = digestPayload(3);
      expect(await s.send(payload, never)).toEqual({ ok: true });
      const got = await rx.waitFor(3);
      const parsed = got.map(parseRfc5424).sort((a, b) => Number(a.sd[SD_ID]!.n) - Number(b.sd[SD_ID]!.n));
      expect(parsed.map((m) => [m.facility, m.severity, m.hostname, m.appName])).toEqual([
        [16, 4, 'scanner-1', 'leakwatch'], [16, 2, 'scanner-1', 'leakwatch'], [16, 4, 'scanner-1', 'leakwatch'],
      ]);
      expect(parsed.map((m) => m.sd[SD_ID]!.key)).toEqual([payload.key, payload.key, payload.key]);
      expect(parsed.map((m) => m.sd[SD_ID]!.n)).toEqual(['1', '2', '3']);
      expect(parsed.every((m) => m.msg.includes(PREVIEW))).toBe(true);
      assertNoRawValue(got.join('\n'));
    });
  }

  it('tcp: CEF lines are well formed; the connection is reused and re-opened after the collector drops it', async () => {
    const rx = track(await startSyslogListener({ protocol: 'tcp' }));
    const s = sink('siem', { type: 'syslog', protocol: 'tcp', host: rx.host, port: rx.port, format: 'cef', facility: 'auth' });
    expect(await s.send(fakePayload(), never)).toEqual({ ok: true });
    expect(await s.send(fakePayload({ key: 'second' }), never)).toEqual({ ok: true });
    await rx.waitFor(2);
    rx.dropConnections();
    // Loopback delivers the collector's close at once; the sink sees it before the next send.
    await new Promise((r) => setTimeout(r, 200));
    expect(await s.send(fakePayload({ key: 'third' }), never)).toEqual({ ok: true });
    const got = await rx.waitFor(3);
    for (const line of got) {
      const m = parseRfc5424(line);
      expect(m.facility).toBe(4);
      const cef = parseCef(m.msg);
      expect(cef.header.slice(0, 5)).toEqual(['CEF:0', 'leakwatch', 'leakwatch', expect.stringMatching(/^\d+\.\d+\.\d+/), 'credit-card-number']);
      expect(cef.header[6]).toBe('8');
      expect(cef.ext.cs2).toBe(PREVIEW);
      expect(cef.ext.cs4).toBe(m.sd[SD_ID]!.key);
    }
    expect(got.map((l) => parseRfc5424(l).sd[SD_ID]!.key)).toEqual(['finding-42-policy-default', 'second', 'third']);
    expect(got.join('\n')).not.toContain(RAW_VALUE);
  });

  it('tcp: no collector is a retryable failure, and close() is idempotent', async () => {
    const rx = await startSyslogListener({ protocol: 'tcp' });
    await rx.close();
    const s = sink('siem', { type: 'syslog', protocol: 'tcp', host: rx.host, port: rx.port, timeout_seconds: 2 });
    expect(await s.send(fakePayload(), never)).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('ECONNREFUSED') });
    await s.close();
    await s.close();
  });

  it.skipIf('missing' in cert)('tls: RFC 5425 with the collector certificate from tls_ca_file; an untrusted certificate is refused', async () => {
    if ('missing' in cert) return;
    const rx = track(await startSyslogListener({ protocol: 'tls', tls: cert }));
    const dir = mkdtempSync(join(tmpdir(), 'lw-syslog-'));
    writeFileSync(join(dir, 'ca.pem'), cert.cert);
    const cfg = { type: 'syslog', protocol: 'tls', host: 'localhost', port: rx.port, tls_ca_file: 'ca.pem' };
    const s = track(createSink('siem', parseSinkConfig('siem', cfg), { log: new CapturedLog().logger, configDir: dir }));
    expect(await s.send(digestPayload(2), never)).toEqual({ ok: true });
    const got = await rx.waitFor(2);
    expect(got.map((l) => parseRfc5424(l).sd[SD_ID]!.n).sort()).toEqual(['1', '2']);
    assertNoRawValue(got.join('\n'));

    const untrusted = sink('siem2', { type: 'syslog', protocol: 'tls', host: 'localhost', port: rx.port, timeout_seconds: 2 });
    const refused = await untrusted.send(fakePayload(), never);
    expect(refused).toMatchObject({ ok: false, retryable: true });
    expect(refused.ok === false && refused.error).toMatch(/SELF_SIGNED|self.signed/i);
  });
});

describe('every sink', () => {
  it('sends nothing of a finding but its named fields: a stray raw value on the object never reaches any receiver', async () => {
    const stray = fakePayload({ findings: [{ ...fakePayload().findings[0]!, value: RAW_VALUE, match: `card ${RAW_VALUE}` } as AlertFinding] });
    const log = new CapturedLog();
    const hook = track(await startWebhookReceiver());
    const smtp = track(await startSmtpServer());
    const udp = track(await startSyslogListener({ protocol: 'udp' }));
    const sinks = [
      sink('log', { type: 'log', level: 'info' }, {}, log),
      sink('hook', { type: 'webhook', url: hook.url, secret: SECRET }),
      sink('slack', { type: 'slack', webhook_url: hook.url }),
      sink('teams', { type: 'teams', webhook_url: hook.url }),
      sink('mail', { type: 'email', host: smtp.host, port: smtp.port, require_tls: false, from: 'lw@example.com', to: ['sec@example.com'] }),
      sink('siem', { type: 'syslog', protocol: 'udp', host: udp.host, port: udp.port }),
      sink('cef', { type: 'syslog', protocol: 'udp', host: udp.host, port: udp.port, format: 'cef' }),
    ];
    for (const s of sinks) expect(await s.send(stray, never), s.name).toEqual({ ok: true });
    await udp.waitFor(2);
    const everything = [log.text(), ...hook.requests.map((r) => r.body), ...smtp.messages.map((m) => m.raw), ...udp.messages].join('\n');
    expect(hook.requests).toHaveLength(3);
    expect(everything.split(PREVIEW).length - 1).toBeGreaterThanOrEqual(7);
    assertNoRawValue(everything);
  });
});
