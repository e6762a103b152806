import type { ExportFinding } from './rows.js';
import { locationText } from '../extract/location-text.js';
import type { FileLocation } from '../extract/types.js';

/**
 * SARIF 2.1.0 (OASIS) for code-scanning dashboards and SIEMs. Pure: findings in, a log object
 * out. Artifacts are ChatGPT objects, named by stable URIs (chatgpt://workspace/<ws>/...); a
 * result carries the masked preview only, never a value, and never a triage note (free text
 * someone may have pasted the value into).
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: string): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'low') return 'note';
  return 'warning';
}

export interface SarifOptions {
  /** leakwatch's version (package.json). */
  version: string;
  /** Rule descriptions from the loaded packs, where available; otherwise the rule id and category describe it. */
  ruleDescriptions?: ReadonlyMap<string, string>;
}

/* Only the parts of the SARIF object model leakwatch writes. */
interface Message { text: string }
interface Region { startLine?: number; startColumn?: number; charOffset?: number; charLength?: number }
interface LogicalLocation { name?: string; fullyQualifiedName?: string; kind?: string }
interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string; description?: Message }; region?: Region };
  logicalLocations?: LogicalLocation[];
  message?: Message;
}
export interface SarifRule {
  id: string;
  shortDescription: Message;
  defaultConfiguration: { level: SarifLevel };
  properties: { category: string; severity: string };
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: Message;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  properties: Record<string, unknown>;
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri?: string; rules: SarifRule[] } };
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

const seg = (s: string): string => encodeURIComponent(s);

export function messageUri(workspaceId: string, conversationId: string, messageId: string): string {
  return `chatgpt://workspace/${seg(workspaceId)}/conversation/${seg(conversationId)}/message/${seg(messageId)}`;
}

/** A GPT, project, memory, canvas ... and its version: `chatgpt://workspace/<id>/<kind>/<object id>[/version/<version>]`. */
export function objectUri(workspaceId: string, kind: string, objectId: string, version: string | null): string {
  return `chatgpt://workspace/${seg(workspaceId)}/${seg(kind)}/${seg(objectId)}${version === null ? '' : `/version/${seg(version)}`}`;
}

export function fileUri(workspaceId: string, fileId: string): string {
  return `chatgpt://workspace/${seg(workspaceId)}/file/${seg(fileId)}`;
}

export function toSarif(findings: readonly ExportFinding[], opts: SarifOptions): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results = findings.map((f): SarifResult => {
    let index = ruleIndex.get(f.rule_id);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(f.rule_id, index);
      rules.push({
        id: f.rule_id,
        shortDescription: { text: opts.ruleDescriptions?.get(f.rule_id) ?? `${f.rule_id} (${f.category})` },
        defaultConfiguration: { level: sarifLevel(f.severity) },
        properties: { category: f.category, severity: f.severity },
      });
    }
    return toResult(f, index);
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'leakwatch', version: opts.version, semanticVersion: opts.version, rules } },
      // Offsets are JavaScript string offsets: UTF-16 code units.
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

function toResult(f: ExportFinding, ruleIndex: number): SarifResult {
  const user = f.user_email ?? f.user_id ?? 'unknown user';
  const isFile = f.source_kind === 'file' && f.file_sha256 !== null;
  const isObject = !isFile && f.source_kind !== 'message';
  const text = isFile
    ? fileMessage(f, user)
    : isObject
      ? `${f.rule_id}: ${f.preview} in ${f.where} (${f.source_kind} of ${user})`
      : `${f.rule_id}: ${f.preview} in a message by ${user} in conversation ${f.conversation_id ?? 'unknown'}`;
  const result: SarifResult = {
    ruleId: f.rule_id,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text },
    locations: isFile ? fileLocations(f) : isObject ? objectLocations(f) : messageLocations(f),
    partialFingerprints: { 'leakwatch/v1': f.fingerprint },
    properties: {
      findingId: f.id,
      severity: f.severity,
      confidence: f.confidence,
      category: f.category,
      status: f.status,
      preview: f.preview,
      user: f.user_email ?? f.user_id,
      messageTime: f.message_time,
      firstSeenAt: f.first_seen_at,
      source: f.source,
    },
  };
  if (isFile && f.places !== null && f.places.length > 0) {
    result.relatedLocations = f.places.map((p) => (p.place_kind === 'message'
      ? {
        physicalLocation: { artifactLocation: { uri: messageUri(f.workspace_id, p.conversation_id, p.message_id) } },
        message: { text: `${p.name ?? p.file_id} attached by ${p.user_email ?? p.user_id ?? 'unknown user'} in conversation ${p.conversation_id}` },
      }
      : {
        physicalLocation: { artifactLocation: { uri: objectUri(f.workspace_id, p.place_kind, p.conversation_id, p.message_id) } },
        message: { text: `${p.name ?? p.file_id}: a knowledge file of ${p.place_kind} ${p.conversation_id} (version ${p.message_id})` },
      }));
  }
  if (f.status === 'false_positive') {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: 'marked false_positive in leakwatch triage' }];
  }
  return result;
}

function fileMessage(f: ExportFinding, user: string): string {
  const where = locationText(f.location ?? {});
  const first = f.places?.[0];
  const conv = first?.conversation_id ?? f.conversation_id;
  const by = first?.user_email ?? first?.user_id ?? user;
  return `${f.rule_id}: ${f.preview} in file ${f.file_name ?? f.file_id ?? 'unknown'} (${where}) attached by ${by}${conv !== null && conv !== undefined ? ` in conversation ${conv}` : ''}`;
}

function messageLocations(f: ExportFinding): SarifLocation[] {
  if (f.conversation_id === null || f.message_id === null) return [];
  return [{
    physicalLocation: {
      artifactLocation: { uri: messageUri(f.workspace_id, f.conversation_id, f.message_id) },
      // The artifact is the message text; offsets count from its start.
      region: { charOffset: f.start_offset, charLength: Math.max(0, f.end_offset - f.start_offset) },
    },
  }];
}

/** A field of a GPT, project, memory ...: offsets count from the start of that field's text. */
function objectLocations(f: ExportFinding): SarifLocation[] {
  if (f.object_id === null) return [];
  return [{
    physicalLocation: {
      artifactLocation: { uri: objectUri(f.workspace_id, f.source_kind, f.object_id, f.object_version) },
      ...(f.source_kind === 'posture' ? {} : { region: { charOffset: f.start_offset, charLength: Math.max(0, f.end_offset - f.start_offset) } }),
    },
    ...(f.field === null ? {} : { logicalLocations: [{ name: f.field, kind: 'member' }] }),
  }];
}

/** One location per distinct file id the content was attached as (the name in the description). */
function fileLocations(f: ExportFinding): SarifLocation[] {
  const byId = new Map<string, string | null>();
  for (const p of f.places ?? []) if (!byId.has(p.file_id)) byId.set(p.file_id, p.name);
  if (byId.size === 0 && f.file_id !== null) byId.set(f.file_id, f.file_name);
  const loc = f.location ?? {};
  const region = fileRegion(loc, f.start_offset, f.end_offset);
  const logical = logicalLocation(loc);
  return [...byId].map(([fileId, name]) => ({
    physicalLocation: {
      artifactLocation: { uri: fileUri(f.workspace_id, fileId), description: { text: name ?? f.file_name ?? fileId } },
      ...(region !== undefined ? { region } : {}),
    },
    ...(logical !== undefined ? { logicalLocations: [logical] } : {}),
  }));
}

/**
 * Where a physical region is true of the file itself: a line of a text file (offsets count from
 * the line start), or offsets into a file read as one unit. A cell, page, slide or archive
 * entry is not a region of the uploaded bytes: it goes into logicalLocations instead.
 */
export function fileRegion(loc: FileLocation, start: number, end: number): Region | undefined {
  const nested = (loc.entry?.length ?? 0) > 0 || loc.page !== undefined || loc.sheet !== undefined || loc.cell !== undefined
    || loc.slide !== undefined || loc.part !== undefined;
  if (nested) return undefined;
  if (loc.line !== undefined) return { startLine: loc.line, startColumn: start + 1 };
  return { charOffset: start, charLength: Math.max(0, end - start) };
}

/** The sheet/cell/page/slide/entry chain, most specific part as the name. */
export function logicalLocation(loc: FileLocation): LogicalLocation | undefined {
  const parts: { kind: string; name: string }[] = [];
  for (const e of loc.entry ?? []) parts.push({ kind: 'entry', name: e });
  if (loc.part !== undefined) parts.push({ kind: 'part', name: loc.part });
  if (loc.page !== undefined) parts.push({ kind: 'page', name: String(loc.page) });
  if (loc.slide !== undefined) parts.push({ kind: 'slide', name: String(loc.slide) });
  if (loc.sheet !== undefined) parts.push({ kind: 'sheet', name: loc.sheet });
  if (loc.cell !== undefined) parts.push({ kind: 'cell', name: loc.cell });
  if (loc.line !== undefined) parts.push({ kind: 'line', name: String(loc.line) });
  const last = parts[parts.length - 1];
  if (last === undefined) return undefined;
  return { name: last.name, kind: last.kind, fullyQualifiedName: locationText(loc) };
}
