import type { Db } from '../store/db.js';
import { filePlaces, listFindings, objectWhere, type FilePlace, type FindingFilter, type FindingView } from '../store/queries.js';
import { locationText } from '../extract/location-text.js';
import type { FileLocation } from '../extract/types.js';

/**
 * A finding as it leaves leakwatch (`findings` output and every export): the stored row without
 * the value hash, with its file location parsed, where it is in words, and, for file findings,
 * every place the content was attached. Previews are masked; no raw value is ever stored.
 */
export interface ExportFinding extends Omit<FindingView, 'value_hash' | 'location'> {
  location: FileLocation | null;
  /** "message", "q2.xlsx: sheet Customers, cell B7", or "gpt:instructions of g-123 (version gzm_cnf_9)". */
  where: string;
  /** Findings beyond chats: the field of the object, e.g. `gpt:instructions` (null otherwise). */
  field: string | null;
  /** File findings: every file_refs place (message findings: null). */
  places: FilePlace[] | null;
}

export function exportFinding(db: Db, r: FindingView): ExportFinding {
  const { value_hash: _hash, location: raw, ...rest } = r;
  if (r.source_kind === 'message') return { ...rest, location: null, field: null, where: 'message', places: null };
  if (r.source_kind !== 'file' || r.file_sha256 === null) return { ...rest, location: null, field: raw, where: objectWhere(r), places: null };
  const location = raw === null ? {} : (JSON.parse(raw) as FileLocation);
  return {
    ...rest,
    location,
    field: null,
    where: `${r.file_name ?? r.file_id ?? 'file'}: ${locationText(location)}`,
    places: filePlaces(db, r.file_sha256),
  };
}

export function exportFindings(db: Db, filter: FindingFilter): ExportFinding[] {
  return listFindings(db, filter).map((r) => exportFinding(db, r));
}

export const TABLE_COLUMNS = ['id', 'message_time', 'severity', 'confidence', 'status', 'rule_id', 'user_email', 'conversation_id', 'message_id', 'where', 'start_offset', 'end_offset', 'preview'];
export const ALL_COLUMNS = [
  'id', 'fingerprint', 'workspace_id', 'source', 'source_kind', 'conversation_id', 'message_id', 'object_id', 'object_version', 'file_id', 'file_name', 'file_sha256', 'location', 'field',
  'places', 'user_id', 'user_email', 'author_role', 'message_time', 'start_offset', 'end_offset', 'rule_id', 'category', 'severity', 'confidence',
  'preview', 'status', 'first_seen_at', 'run_id',
];

/** JSON Lines: one object per finding, location and places as JSON. */
export function jsonLine(f: ExportFinding): Record<string, unknown> {
  return { ...f };
}

/** Flat cells for a table or CSV: location as its JSON text, places as a count. */
export function flatRow(f: ExportFinding): Record<string, unknown> {
  return { ...f, location: f.location === null ? null : JSON.stringify(f.location), places: f.places === null ? null : f.places.length };
}
