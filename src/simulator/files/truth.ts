/** A file's ground truth, as GroundTruth.files and AppendResult.files report it. */
import type { FileTruth, SimFile } from '../types.js';
import { EXPECTED_ERROR } from './broken-files.js';

export function fileTruth(f: SimFile): FileTruth {
  const c = f.content;
  return {
    fileId: f.id, name: f.name, type: c.spec.type, userId: f.userId, conversationId: f.conversationId, messageId: f.messageId,
    expired: f.expired, contentKey: c.key, expectedError: c.broken ? EXPECTED_ERROR[c.broken] : null, broken: c.broken,
    sizeBytes: c.sizeBytes, planted: structuredClone(c.planted), decoys: structuredClone(c.decoys),
  };
}
