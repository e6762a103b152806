import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { Logger } from '../../log.js';
import type { EmailSinkConfig } from '../sink-config.js';
import type { AlertPayload, Sink, SinkResult } from '../types.js';
import { alertTitle, findingFacts } from '../format.js';
import { ABORTED, OK, failed, snippet } from './result.js';

/**
 * E-mail over SMTP: the only user of nodemailer. One message per alert (a digest lists all of
 * its findings). The Message-ID comes from the alert key, so a resend after a lost reply is
 * the same message to a mail client or a ticketing system.
 */
export function createEmailSink(name: string, config: EmailSinkConfig, password: string | null, log: Logger): Sink {
  const timeout = config.timeout_seconds * 1000;
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.require_tls,
    tls: { rejectUnauthorized: config.tls_reject_unauthorized, ...(isIP(config.host) === 0 ? { servername: config.host } : {}) },
    ...(config.username === undefined ? {} : { auth: { user: config.username, pass: password ?? '' } }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // nodemailer's own logger stays off: it would print the SMTP dialogue, the message included.
    logger: false,
  });

  return {
    name,
    type: 'email',
    async send(alert: AlertPayload, signal: AbortSignal): Promise<SinkResult> {
      if (signal.aborted) return ABORTED;
      const mail = composeEmail(alert, config.subject_prefix);
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: config.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: messageIdFor(alert.key),
          headers: { 'X-Leakwatch-Key': alert.key, 'X-Leakwatch-Policy': alert.policy },
          signal,
        });
        const rejected = info.rejected.length;
        if (rejected > 0) log.warn({ sink: name, key: alert.key, rejected: info.rejected }, 'alert e-mail refused for some recipients');
        return OK;
      } catch (err) {
        if (signal.aborted) return ABORTED;
        return classifySmtpError(err);
      }
    },
    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * RFC 5321: 4yz replies are transient, 5yz permanent (503, a bad command sequence, is not about
 * the message). Connection-level failures are transient; a failed STARTTLS or login is
 * configuration and will not heal by retrying.
 */
export function classifySmtpError(err: unknown): SinkResult {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SmtpError;
  const reply = e.response === undefined ? '' : `: ${snippet(e.response)}`;
  const what = `SMTP ${e.code ?? 'error'}${e.responseCode === undefined ? '' : ` ${e.responseCode}`}${reply || `: ${snippet(e.message ?? String(err))}`}`;
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    const permanent = e.responseCode >= 500 && e.responseCode !== 503;
    return failed(!permanent, what);
  }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH' || e.code === 'ETLS' || e.code === 'ECONFIG' || e.code === 'EENVELOPE' || e.code === 'EMESSAGE') {
    return failed(false, what);
  }
  return failed(true, what);
}

/** `<key@leakwatch>`, characters not allowed in a Message-ID percent-encoded (still one-to-one). */
export function messageIdFor(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9!#$&'*+/=?^_`{|}~.-]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  // Dots may not lead, trail or repeat in a dot-atom.
  return `<${safe.replace(/^\.|\.$/g, '%2E').replace(/\.\./g, '.%2E')}@leakwatch>`;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

export function composeEmail(alert: AlertPayload, prefix: string): ComposedEmail {
  const subject = `${prefix === '' ? '' : `${prefix} `}${alertTitle(alert)} (policy ${alert.policy})`.replace(/[\r\n]+/g, ' ');
  const lines: string[] = [`leakwatch found ${alert.findings.length === 1 ? 'a finding' : `${alert.findings.length} findings`} (policy ${alert.policy}).`, ''];
  const html: string[] = [`<p>leakwatch found ${alert.findings.length === 1 ? 'a finding' : `${alert.findings.length} findings`} (policy <b>${esc(alert.policy)}</b>).</p>`];
  alert.findings.forEach((f, i) => {
    const head = `${alert.findings.length > 1 ? `${i + 1}. ` : ''}${f.severity.toUpperCase()} ${f.ruleId}`;
    lines.push(head, `  Preview: ${f.preview}`);
    html.push(`<h3>${esc(head)}</h3>`, '<table>', `<tr><th align="left">Preview</th><td><code>${esc(f.preview)}</code></td></tr>`);
    for (const fact of findingFacts(f)) {
      lines.push(`  ${fact.label}: ${fact.value}`);
      html.push(`<tr><th align="left">${esc(fact.label)}</th><td>${esc(fact.value)}</td></tr>`);
    }
    lines.push('');
    html.push('</table>');
  });
  lines.push(`Details: ${alert.hint}`, `Alert key: ${alert.key} (queued ${alert.createdAt})`);
  html.push(`<p>Details: <code>${esc(alert.hint)}</code></p>`, `<p><small>Alert key ${esc(alert.key)} (queued ${esc(alert.createdAt)})</small></p>`);
  return { subject, text: `${lines.join('\n')}\n`, html: html.join('\n') };
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
