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
export function findingRow(workspaceId: string, ruleMeta: ReadonlyMap<string, RuleMeta>, item: ScanItem, d: Detection, textHash = ''): FindingRow {
  const meta = ruleMeta.get(d.ruleId);
  return {
    fingerprint: item.kind === 'message'
      ? findingFingerprint(workspaceId, item.conversationId ?? '', item.messageId ?? '', d.ruleId, d.start, d.end)
      // The same text of an object seen again (another run, a re-sweep) is one finding. The key
      // tells apart texts sharing a field (two comments of a canvas version); the text's hash,
      // texts of one unversioned field over time (a Codex secret rotated to another leaked key).
      : findingFingerprint(workspaceId, `${item.kind}:${item.objectId ?? ''}`, `${item.key}:${textHash}`, d.ruleId, d.start, d.end),
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
