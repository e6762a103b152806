import type { ScanItem } from '../compliance/source.js';
import type { Detection } from '../detect/engine.js';
import type { RuleMeta } from '../rules/compiled.js';
import type { FindingRow } from '../store/store.js';
import { findingFingerprint } from './fingerprint.js';

/**
 * A detection in a scanned text as the row the store records: its place (the message, or the
 * object, version and field) and author, the rule's category and severity. File findings start
 * from the same row and replace the fingerprint and the file fields (file-scan.ts).
 */
export function findingRow(workspaceId: string, ruleMeta: ReadonlyMap<string, RuleMeta>, item: ScanItem, d: Detection): FindingRow {
  const meta = ruleMeta.get(d.ruleId);
  return {
    fingerprint: item.kind === 'message'
      ? findingFingerprint(workspaceId, item.conversationId ?? '', item.messageId ?? '', d.ruleId, d.start, d.end)
      // The same object version and field seen again (another run, another source) is one finding.
      : findingFingerprint(workspaceId, `${item.kind}:${item.objectId ?? ''}`, `${item.version ?? '-'}:${item.location ?? ''}`, d.ruleId, d.start, d.end),
    workspaceId,
    source: item.source,
    sourceKind: item.kind,
    conversationId: item.conversationId,
    messageId: item.messageId,
    fileId: null,
    userId: item.userId,
    userEmail: item.userEmail,
    authorRole: item.authorRole,
    messageTime: item.createdAt === null ? null : new Date(item.createdAt).toISOString(),
    start: d.start,
    end: d.end,
    ruleId: d.ruleId,
    category: meta?.category ?? 'custom',
    severity: meta?.severity ?? 'medium',
    confidence: d.confidence,
    preview: d.preview,
    valueHash: d.valueHash ?? null,
    location: item.location,
    objectId: item.objectId,
    objectVersion: item.version,
  };
}
