import { describe, expect, it } from 'vitest';
import { buildSlackMessage, code, escapeMrkdwn, type SlackBlock } from '../../../src/alerts/sinks/slack.js';
import { buildTeamsMessage, type CardElement } from '../../../src/alerts/sinks/teams.js';
import { composeEmail, messageIdFor, classifySmtpError } from '../../../src/alerts/sinks/email.js';
import { classifyStatus } from '../../../src/alerts/sinks/http-post.js';
import { webhookBody, signWebhook } from '../../../src/alerts/sinks/webhook.js';
import { assertNoRawValue, digestPayload, fakeFinding, fakePayload, PREVIEW, RAW_VALUE } from '../../helpers/alerts.js';
import type { AlertFinding } from '../../../src/alerts/types.js';

function slackText(blocks: SlackBlock[]): string {
  return blocks
    .flatMap((b) => (b.type === 'header' ? [b.text.text] : b.type === 'section' ? [b.text.text, ...(b.fields ?? []).map((f) => f.text)] : b.type === 'context' ? b.elements.map((e) => e.text) : []))
    .join('\n');
}

function teamsTexts(elements: CardElement[]): string[] {
  return elements.flatMap((e) => (e.type === 'Container' ? teamsTexts(e.items) : [e.inlines.map((r) => r.text).join('')]));
}

describe('Slack message', () => {
  it('shows severity, rule, user, conversation, file, the preview in a code span, the hint and the key', () => {
    const payload = fakePayload({ findings: [fakeFinding({ fileName: 'q3 <plan>.xlsx', location: 'sheet Customers, cell B7' })] });
    const msg = buildSlackMessage(payload, 10);
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'leakwatch: HIGH credit-card-number' } });
    expect(msg.text).toBe('leakwatch: HIGH credit-card-number (policy default)');
    expect(msg.text).not.toContain(PREVIEW);
    const section = msg.blocks[1];
    expect(section?.type).toBe('section');
    const text = slackText(msg.blocks);
    expect(text).toContain(`Preview: \`${PREVIEW}\``);
    expect(text).toContain('*User*\n`alice@example.com`');
    expect(text).toContain('*Conversation*\n`conv-abc`');
    expect(text).toContain('*File*\n`q3 &lt;plan&gt;.xlsx`');
    expect(text).toContain('*Location*\n`sheet Customers, cell B7`');
    expect(text).toContain('Details: `leakwatch findings --id 42`');
    expect(text).toContain('alert key `finding-42-policy-default`');
    expect(section?.type === 'section' && (section.fields ?? []).length).toBeLessThanOrEqual(10);
    assertNoRawValue(JSON.stringify(msg));
  });

  it('lists up to max_findings of a digest, then "and N more"', () => {
    const msg = buildSlackMessage(digestPayload(13), 10);
    expect(msg.blocks[0]).toMatchObject({ text: { text: 'leakwatch: CRITICAL 13 findings' } });
    expect(msg.blocks.filter((b) => b.type === 'section')).toHaveLength(10);
    expect(slackText(msg.blocks)).toContain('and 3 more');
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
  });

  it('escapes mrkdwn and keeps code spans closed', () => {
    expect(escapeMrkdwn('a & <b> c')).toBe('a &amp; &lt;b&gt; c');
    expect(code('x`y\nz')).toBe("`x'y z`");
  });
});

describe('Teams message', () => {
  it('is one Adaptive Card 1.4 attachment with the same facts, preview in a non-markdown monospace run', () => {
    const msg = buildTeamsMessage(fakePayload({ findings: [fakeFinding({ fileName: 'data.csv', location: 'row 7' })] }), 10);
    expect(msg.type).toBe('message');
    expect(msg.attachments).toHaveLength(1);
    const att = msg.attachments[0]!;
    expect(att.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(att.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    const texts = teamsTexts(att.content.body);
    expect(texts[0]).toBe('leakwatch: HIGH credit-card-number');
    expect(texts).toEqual(expect.arrayContaining([`Preview: ${PREVIEW}`, 'User: alice@example.com', 'Conversation: conv-abc', 'File: data.csv', 'Location: row 7', 'Details: leakwatch findings --id 42']));
    expect(texts.some((t) => t.includes('alert key finding-42-policy-default'))).toBe(true);
    const json = JSON.stringify(msg);
    expect(json).toContain(`{"type":"TextRun","text":"${PREVIEW}","fontType":"Monospace"}`);
    assertNoRawValue(json);
  });

  it('lists up to max_findings of a digest, then "and N more"', () => {
    const msg = buildTeamsMessage(digestPayload(12), 10);
    const body = msg.attachments[0]!.content.body;
    expect(body.filter((e) => e.type === 'Container')).toHaveLength(10);
    expect(teamsTexts(body)).toContain('and 2 more');
  });
});

describe('e-mail', () => {
  it('has a subject with prefix, severity and rule, and every finding of a digest in text and HTML', () => {
    const one = composeEmail(fakePayload(), '[leakwatch]');
    expect(one.subject).toBe('[leakwatch] HIGH credit-card-number (policy default)');
    expect(one.text).toContain(`Preview: ${PREVIEW}`);
    expect(one.text).toContain('User: alice@example.com');
    expect(one.text).toContain('Details: leakwatch findings --id 42');
    const digest = composeEmail(digestPayload(14), '');
    expect(digest.subject).toBe('CRITICAL 14 findings (policy default)');
    expect(digest.text.match(/Preview: /g)).toHaveLength(14);
    expect(digest.html.match(/<h3>/g)).toHaveLength(14);
    const html = composeEmail(fakePayload({ findings: [fakeFinding({ fileName: '<script>.csv' })] }), '[lw]').html;
    expect(html).toContain('&lt;script&gt;.csv');
    expect(html).not.toContain('<script>');
    assertNoRawValue(JSON.stringify(digest));
  });

  it('derives a stable, valid Message-ID from the key', () => {
    expect(messageIdFor('finding-42-policy-default')).toBe('<finding-42-policy-default@leakwatch>');
    expect(messageIdFor('a b@c<d>')).toBe('<a%20b%40c%3Cd%3E@leakwatch>');
    expect(messageIdFor('a b')).not.toBe(messageIdFor('a_b'));
    expect(messageIdFor('.x..y.')).toMatch(/^<[^.][^@]*[^.]@leakwatch>$/);
    expect(messageIdFor('.x..y.')).not.toContain('..');
  });

  it('classifies SMTP failures: 4xx and connection errors transient, 5xx and auth permanent', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' })).toMatchObject({ ok: false, retryable: false });
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 451, response: '451 try later' })).toMatchObject({ ok: false, retryable: true });
    expect(classifySmtpError({ code: 'EPROTOCOL', responseCode: 503, response: '503 bad sequence' })).toMatchObject({ retryable: true });
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535, response: '535 bad credentials' })).toMatchObject({ retryable: false });
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:1' })).toMatchObject({ retryable: true });
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Greeting never received' })).toMatchObject({ retryable: true });
    expect(classifySmtpError({ code: 'ETLS', message: 'STARTTLS not offered' })).toMatchObject({ retryable: false });
  });
});

describe('HTTP answers', () => {
  it('retries 5xx, 429 and 408 with Retry-After, not other 4xx or redirects', () => {
    expect(classifyStatus(500, null, 'boom')).toEqual({ ok: false, retryable: true, retryAfterMs: null, error: 'HTTP 500: boom' });
    expect(classifyStatus(429, '3', '')).toEqual({ ok: false, retryable: true, retryAfterMs: 3000, error: 'HTTP 429' });
    const date = new Date(Date.now() + 60_000).toUTCString();
    const fromDate = classifyStatus(503, date, '');
    expect(fromDate.ok === false && fromDate.retryAfterMs).toBeGreaterThan(55_000);
    expect(classifyStatus(408, null, '')).toMatchObject({ retryable: true });
    expect(classifyStatus(400, null, 'invalid_payload')).toMatchObject({ retryable: false, error: 'HTTP 400: invalid_payload' });
    expect(classifyStatus(404, null, 'no_team')).toMatchObject({ retryable: false });
    expect(classifyStatus(302, null, '')).toMatchObject({ retryable: false });
  });
});

describe('webhook body and signature', () => {
  it('is the payload plus version 1, signed over "<timestamp>.<body>"', () => {
    const payload = fakePayload();
    const body = webhookBody(payload);
    expect(JSON.parse(body)).toEqual({ version: 1, ...payload });
    // Extra properties a caller's object may carry at run time are not sent.
    const withExtra = fakePayload({ findings: [{ ...fakeFinding(), value: RAW_VALUE, text: `card ${RAW_VALUE}` } as AlertFinding] });
    expect(JSON.parse(webhookBody(withExtra))).toEqual({ version: 1, ...payload });
    // Known-answer: HMAC-SHA256("k", "1700000000.{}").
    expect(signWebhook('k', '1700000000', '{}')).toBe('sha256=c6ef4734033cee2367414a0939385eca0397754aa7a59716da7463a9298b5146');
  });
});
