import type { TeamsSinkConfig } from '../sink-config.js';
import type { AlertFinding, AlertPayload, Sink } from '../types.js';
import { alertTitle, clip, findingFacts, listed } from '../format.js';
import { chatWebhookSink } from './http-post.js';

/**
 * Microsoft Teams: a workflow webhook ("When a Teams webhook request is received") or a legacy
 * incoming webhook, both taking a message with one Adaptive Card attachment. Values from the
 * finding go into TextRuns, which Teams does not read as markdown: a masked preview's `*`
 * stays a `*` and no escaping is needed.
 */
export function createTeamsSink(name: string, config: TeamsSinkConfig, webhookUrl: string): Sink {
  return chatWebhookSink(name, 'teams', webhookUrl, config.timeout_seconds, (alert) => buildTeamsMessage(alert, config.max_findings));
}

interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  fontType?: 'Monospace';
  color?: 'Attention' | 'Warning';
  isSubtle?: boolean;
}
export type CardElement =
  | { type: 'RichTextBlock'; inlines: TextRun[]; separator?: boolean }
  | { type: 'Container'; items: CardElement[]; separator?: boolean; style?: 'emphasis' };

export interface TeamsMessage {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: string;
      type: 'AdaptiveCard';
      version: '1.4';
      body: CardElement[];
      msteams: { width: 'Full' };
    };
  }[];
}

export function buildTeamsMessage(alert: AlertPayload, maxFindings: number): TeamsMessage {
  const body: CardElement[] = [
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: clip(`leakwatch: ${alertTitle(alert)}`, 300), weight: 'Bolder', color: 'Attention' }] },
  ];
  const { shown, more } = listed(alert.findings, maxFindings);
  for (const f of shown) body.push(findingContainer(f));
  if (more > 0) body.push({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: `and ${more} more` }], separator: true });
  body.push(
    { type: 'RichTextBlock', separator: true, inlines: [{ type: 'TextRun', text: 'Details: ' }, { type: 'TextRun', text: alert.hint, fontType: 'Monospace' }] },
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: `policy ${alert.policy} · alert key ${alert.key} · ${alert.createdAt}`, isSubtle: true }] },
  );
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, msteams: { width: 'Full' } },
      },
    ],
  };
}

function findingContainer(f: AlertFinding): CardElement {
  const items: CardElement[] = [
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: f.severity.toUpperCase(), weight: 'Bolder', color: f.severity === 'low' ? 'Warning' : 'Attention' }, { type: 'TextRun', text: ` ${f.ruleId}`, weight: 'Bolder' }] },
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Preview: ', weight: 'Bolder' }, { type: 'TextRun', text: f.preview, fontType: 'Monospace' }] },
  ];
  for (const fact of findingFacts(f)) {
    items.push({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: `${fact.label}: `, weight: 'Bolder' }, { type: 'TextRun', text: fact.value }] });
  }
  return { type: 'Container', separator: true, items };
}
