import type { SlackSinkConfig } from '../sink-config.js';
import type { AlertFinding, AlertPayload, Sink } from '../types.js';
import { alertTitle, clip, findingFacts, listed } from '../format.js';
import { chatWebhookSink } from './http-post.js';

/**
 * Slack incoming webhook with a Block Kit message. Slack has no idempotency header, so the
 * alert key is in the footer: a reader (or a bot) can see that two messages are one alert.
 */
export function createSlackSink(name: string, config: SlackSinkConfig, webhookUrl: string): Sink {
  return chatWebhookSink(name, 'slack', webhookUrl, config.timeout_seconds, (alert) => buildSlackMessage(alert, config.max_findings));
}

interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' };

export interface SlackMessage {
  /** Notification and fallback text (no preview: it shows on lock screens). */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits: header text 150, section text 3000, field text 2000 characters. */
export function buildSlackMessage(alert: AlertPayload, maxFindings: number): SlackMessage {
  const title = `leakwatch: ${alertTitle(alert)}`;
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clip(title, 150) } }];
  const { shown, more } = listed(alert.findings, maxFindings);
  for (const f of shown) blocks.push(...findingBlocks(f, alert.findings.length === 1));
  if (more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${more} more` }] });
  blocks.push({ type: 'divider' });
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: clip(`Details: ${code(alert.hint)} · policy ${code(alert.policy)}`, 2000) },
      { type: 'mrkdwn', text: clip(`alert key ${code(alert.key)} · ${escapeMrkdwn(alert.createdAt)}`, 2000) },
    ],
  });
  return { text: clip(`${title} (policy ${alert.policy})`, 3000), blocks };
}

function findingBlocks(f: AlertFinding, single: boolean): SlackBlock[] {
  const head = `*${escapeMrkdwn(f.severity.toUpperCase())}* ${code(f.ruleId)}\nPreview: ${code(f.preview)}`;
  const facts = findingFacts(f);
  if (single) {
    // One finding: facts as two-column fields (at most 10 per section).
    const fields = facts.slice(0, 10).map((x) => ({ type: 'mrkdwn' as const, text: clip(`*${x.label}*\n${code(x.value)}`, 2000) }));
    return [{ type: 'section', text: { type: 'mrkdwn', text: clip(head, 3000) }, ...(fields.length > 0 ? { fields } : {}) }];
  }
  const line = facts.filter((x) => ['User', 'Conversation', 'File', 'Location'].includes(x.label)).map((x) => `${x.label}: ${code(x.value)}`);
  return [{ type: 'section', text: { type: 'mrkdwn', text: clip([head, ...line].join('\n'), 3000) } }];
}

/** Slack mrkdwn needs only &, < and > escaped (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A code span shows `*` literally (masked previews are full of them); a backtick inside would end it. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "'").replace(/[\r\n]+/g, ' '))}\``;
}
