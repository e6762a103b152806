import type { AlertFinding, AlertPayload } from './types.js';

/**
 * Text shared by the human-readable sinks (Slack, Teams, e-mail, syslog): the same facts in the
 * same order everywhere. Only fields of the payload are used; the preview is already masked.
 */

const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** The most severe finding's severity (a digest's title shows it). */
export function topSeverity(findings: readonly AlertFinding[]): string {
  let best = '';
  for (const f of findings) if ((SEVERITY_RANK[f.severity] ?? 0) > (SEVERITY_RANK[best] ?? -1)) best = f.severity;
  return best === '' ? 'unknown' : best;
}

/** "HIGH credit-card-number" for one finding, "CRITICAL 7 findings" for a digest. */
export function alertTitle(alert: AlertPayload): string {
  const only = alert.findings.length === 1 ? alert.findings[0] : undefined;
  if (only !== undefined) return `${only.severity.toUpperCase()} ${only.ruleId}`;
  return `${topSeverity(alert.findings).toUpperCase()} ${alert.findings.length} findings`;
}

export interface Fact {
  label: string;
  value: string;
}

/** The facts of one finding worth showing a reader, absent ones left out. The preview is not among them (each sink shows it its own way). */
export function findingFacts(f: AlertFinding): Fact[] {
  const facts: Fact[] = [];
  const add = (label: string, value: string | null): void => {
    if (value !== null && value !== '') facts.push({ label, value });
  };
  add('User', f.userEmail);
  add('Conversation', f.conversationId);
  add('Message', f.messageId);
  add('File', f.fileName);
  add('Location', f.location);
  add('Category', f.category);
  add('Confidence', f.confidence);
  add('Time', f.messageTime);
  add('Finding', `#${f.id}`);
  return facts;
}

/** A one-line summary of a finding, for lists and plain text. */
export function findingLine(f: AlertFinding): string {
  const where = [f.userEmail, f.conversationId === null ? null : `conversation ${f.conversationId}`, f.fileName === null ? null : `file ${f.fileName}`, f.location]
    .filter((v): v is string => v !== null && v !== '')
    .join(', ');
  return `${f.severity.toUpperCase()} ${f.ruleId}: ${f.preview}${where === '' ? '' : ` (${where})`}`;
}

/** The findings a chat message lists, and how many it leaves out. */
export function listed(findings: readonly AlertFinding[], max: number): { shown: AlertFinding[]; more: number } {
  return { shown: findings.slice(0, max), more: Math.max(0, findings.length - max) };
}

/**
 * A finding with exactly the fields of AlertFinding, in a fixed order: whatever else a caller's
 * object carries at run time (a database row with more columns) never reaches a receiver.
 */
export function plainFinding(f: AlertFinding): AlertFinding {
  return {
    id: f.id, ruleId: f.ruleId, category: f.category, severity: f.severity, confidence: f.confidence, preview: f.preview,
    sourceKind: f.sourceKind, workspaceId: f.workspaceId, conversationId: f.conversationId, messageId: f.messageId,
    userEmail: f.userEmail, messageTime: f.messageTime, fileName: f.fileName, location: f.location,
  };
}

/** Cuts text to `max` characters with an ellipsis (chat APIs reject over-long fields). */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
