import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComplianceApi } from '../compliance/api.js';
import type { FileRef, ScanItem } from '../compliance/source.js';
import type { ExtractLimits, ExtractProblem } from '../extract/types.js';
import { locationJson, locationKey, locationText } from '../extract/location-text.js';
import type { Logger } from '../log.js';
import type { RuleMeta } from '../rules/compiled.js';
import type { FileContentRow, FileRefRow, FileRefState, FindingRow, ScanErrorRow, Store } from '../store/store.js';
import { findingFingerprint } from './fingerprint.js';
import { findingRow } from './finding-row.js';
import type { FilePool } from './file-pool.js';
import type { FileDetection } from './file-task.js';
import { MALWARE_RETRY_CODES, type MalwareDetection, type MalwareResult, type MalwareScanner } from '../malware/scan.js';

/** The rules in force and the extraction pool that runs them. */
export interface FileEngine {
  pool: FilePool;
  rulesDigest: string;
  ruleMeta: ReadonlyMap<string, RuleMeta>;
  /** files.malware: also checks each file's bytes (null when off). Its settings are part of rulesDigest. */
  malware: MalwareScanner | null;
}

export interface FileScanContext {
  api: ComplianceApi;
  store: Store;
  /** Read per file: a reload's new rules apply from the next file; one in progress finishes with the old. */
  engine: () => FileEngine;
  log: Logger;
  workspaceId: string;
  runId: number;
  /** Where downloads are written while they are scanned (deleted right after). */
  tempDir: string;
  limits: ExtractLimits;
  maxDownloadBytes: number;
  timeoutMs: number;
  maxDetections: number;
}

/** The rows one file reference adds, committed together (with the checkpoint move they allow). */
export interface FileOutcome {
  findings: FindingRow[];
  files: FileContentRow[];
  fileRefs: FileRefRow[];
  errors: ScanErrorRow[];
  /** Bytes downloaded and extracted for this reference (0 when its content was already known). */
  bytesScanned: number;
  /** The state recorded for the file id. */
  state: FileRefRow['status'];
  /** The rules the content was scanned with (recorded with its rows). */
  rulesDigest: string;
}

/** The result of handling one file id: its place row's fields, shared by every place it appears. */
interface Handled {
  state: Omit<FileRefState, 'rulesDigest'>;
  outcome: Omit<FileOutcome, 'fileRefs' | 'state' | 'rulesDigest'>;
  rulesDigest: string;
}

/**
 * Downloads, deduplicates and scans the files attached to messages. A file id is handled once
 * (its content never changes); content is extracted once per sha256 and rules digest, whatever
 * number of file ids and places carry it. Every place is a file_refs row, so a finding in the
 * content reaches every conversation it was uploaded to.
 */
export class FileScanner {
  private readonly byId = new Map<string, Promise<Handled>>();
  private readonly bySha = new Map<string, Promise<Handled>>();
  /**
   * File ids and contents handled by this run: a retryable record (clamd down) is retried by a
   * later run, not at each place or file id of the same content in this one.
   */
  private readonly done = new Set<string>();
  private readonly doneSha = new Set<string>();

  constructor(private readonly ctx: FileScanContext) {}

  /**
   * False when this file id is already recorded under the current rules (or cannot change by
   * rescanning) at this place. A known file at a new place (a knowledge file listed again by the
   * next version of its GPT) is needed for its place only: handle() records it without a download.
   */
  needed(item: ScanItem, ref: FileRef): boolean {
    const known = this.ctx.store.fileRef(this.ctx.workspaceId, ref.id);
    if (known === null || !this.final(ref, known, this.ctx.engine().rulesDigest)) return true;
    const place = filePlace(item, ref);
    return !this.ctx.store.hasFilePlace(this.ctx.workspaceId, ref.id, place.conversationId, place.messageId);
  }

  private final(ref: FileRef, known: FileRefState, rulesDigest: string): boolean {
    return isFinal(known, rulesDigest) || (this.done.has(ref.id) && known.rulesDigest === rulesDigest);
  }

  async handle(item: ScanItem, ref: FileRef): Promise<FileOutcome> {
    const known = this.ctx.store.fileRef(this.ctx.workspaceId, ref.id);
    const { rulesDigest } = this.ctx.engine();
    if (known !== null && this.final(ref, known, rulesDigest)) {
      return { ...empty(), fileRefs: [this.place(item, ref, known)], state: known.status, rulesDigest };
    }
    let job = this.byId.get(ref.id);
    const first = job === undefined;
    if (job === undefined) {
      job = this.fetchAndScan(item, ref, rulesDigest);
      this.byId.set(ref.id, job);
      this.done.add(ref.id);
      void job.finally(() => this.byId.delete(ref.id)).catch(() => undefined);
    }
    const handled = await job;
    // Only the reference that did the work carries its rows; the others add their place.
    const rows = first ? handled.outcome : { ...empty(), bytesScanned: 0 };
    return { ...rows, fileRefs: [this.place(item, ref, handled.state)], state: handled.state.status, rulesDigest: handled.rulesDigest };
  }

  private place(item: ScanItem, ref: FileRef, state: Omit<FileRefState, 'rulesDigest'>): FileRefRow {
    return {
      workspaceId: this.ctx.workspaceId, fileId: ref.id, ...filePlace(item, ref),
      name: ref.name, userId: ref.userId ?? item.userId, userEmail: item.userEmail, source: item.source,
      sha256: state.sha256, size: state.size, status: state.status, errorCode: state.errorCode, errorMessage: state.errorMessage,
    };
  }

  private async fetchAndScan(item: ScanItem, ref: FileRef, rulesDigest: string): Promise<Handled> {
    if (ref.expired) return unavailable('FILE_EXPIRED', 'listed without a download URL or time: past its retention', rulesDigest);
    const path = join(this.ctx.tempDir, randomUUID());
    try {
      const got = await this.download(item, ref, path);
      if ('missing' in got) return unavailable('FILE_GONE', `the API answered ${got.status} for the file content`, rulesDigest);
      if ('tooLarge' in got) {
        const size = got.declared === null ? `more than ${got.limit}` : String(got.declared);
        const message = `${size} bytes, over files.max_download_bytes (${got.limit}): not downloaded`;
        return {
          state: { status: 'too-large', sha256: null, size: got.declared, errorCode: 'FILE_TOO_LARGE', errorMessage: message },
          outcome: { ...empty(), errors: [{ source: 'files', itemKey: `file:${ref.id}`, code: 'FILE_TOO_LARGE', message }] },
          rulesDigest,
        };
      }
      const { sha256, bytes } = got;
      // The same content may be in flight under another file id: take its result (its rows
      // commit with that file id's reference; this one adds only its place).
      const inFlight = this.bySha.get(sha256);
      if (inFlight !== undefined) {
        const other = await inFlight.catch(() => null);
        if (other !== null) return { state: { ...other.state, size: bytes }, outcome: empty(), rulesDigest: other.rulesDigest };
      }
      const content = this.ctx.store.fileContent(sha256);
      if (content !== null && content.rulesDigest === rulesDigest && (!retryable(content.errorCode) || this.doneSha.has(sha256))) {
        // Scanned before, possibly in another workspace: its findings become this workspace's too.
        const { ruleMeta } = this.ctx.engine();
        const findings = this.ctx.store.contentDetectionsFor(this.ctx.workspaceId, sha256).map((d) => {
          const row = this.findingRow(item, ref, sha256, {
            ruleId: d.ruleId, start: d.start, end: d.end, confidence: d.confidence as FileDetection['confidence'], preview: d.preview,
            valueHash: d.valueHash ?? undefined, location: d.location === null ? {} : (JSON.parse(d.location) as FileDetection['location']),
          }, ruleMeta);
          // Malware signatures are no rule of the packs: their category and severity are the recorded ones.
          return d.ruleId.startsWith('malware:') ? { ...row, category: 'malware', severity: d.severity, location: null } : row;
        });
        return { state: { status: content.status, sha256, size: bytes, errorCode: content.errorCode, errorMessage: content.errorMessage }, outcome: { ...empty(), findings }, rulesDigest };
      }
      const scan = this.scan(item, ref, path, sha256, bytes);
      this.bySha.set(sha256, scan);
      this.doneSha.add(sha256);
      try {
        return await scan;
      } finally {
        this.bySha.delete(sha256);
      }
    } finally {
      await rm(path, { force: true });
    }
  }

  private async download(item: ScanItem, ref: FileRef, path: string): ReturnType<ComplianceApi['downloadUserFile']> {
    const { api, maxDownloadBytes } = this.ctx;
    if (ref.downloadUrl !== null) {
      const got = await api.downloadSignedFile(ref.downloadUrl, path, maxDownloadBytes);
      if (!('rejected' in got)) return got;
      // The hour-long URL lapsed (or was revoked): the content endpoint hands out a fresh one.
      this.ctx.log.debug({ file: ref.id, status: got.status }, 'file download URL rejected, using the content endpoint');
    }
    if (ref.origin !== 'message') return api.downloadKnowledgeFile(ref.origin, ref.id, path, maxDownloadBytes);
    const userId = ref.userId ?? item.userId;
    if (userId === null) return { missing: true, status: 404, message: 'no user id for the file: the content endpoint needs one' };
    return api.downloadUserFile({ userId, fileId: ref.id, conversationId: item.conversationId }, path, maxDownloadBytes);
  }

  private async scan(item: ScanItem, ref: FileRef, path: string, sha256: string, size: number): Promise<Handled> {
    const { limits, timeoutMs, maxDetections } = this.ctx;
    // Read right before the task is handed over, so a retired engine never gets a new one.
    const engine = this.ctx.engine();
    // The malware scan reads the same temp file beside the extraction (removed after both).
    const [result, malware] = await Promise.all([
      engine.pool.run({ path, name: ref.name ?? ref.id, limits, maxDetections }, timeoutMs),
      engine.malware === null ? Promise.resolve<MalwareResult>({ detections: [], problems: [] }) : engine.malware.scanFile(path, size),
    ]);
    const itemKey = `file:${ref.id}`;
    const malwareFindings = malware.detections.map((d) => this.malwareRow(item, ref, sha256, d));
    const malwareErrors: ScanErrorRow[] = malware.problems.map((p) => ({ source: 'files', itemKey, code: p.code, message: p.message }));
    // A file clamd could not check is recorded under that code, so it is checked again when it comes back.
    const retry = malware.problems.find((p) => MALWARE_RETRY_CODES.has(p.code)) ?? null;
    if ('failure' in result) {
      const errors = [{ source: 'files', itemKey, code: result.failure, message: result.message }, ...malwareErrors];
      const head = retry ?? { code: result.failure, message: result.message };
      const file: FileContentRow = {
        sha256, size, kind: null, status: 'error', errorCode: head.code, errorMessage: head.message, problems: malware.problems.length, segments: 0, textChars: 0, findings: malwareFindings.length,
      };
      return {
        state: { status: 'error', sha256, size, errorCode: head.code, errorMessage: head.message },
        outcome: { ...empty(), findings: malwareFindings, files: [file], errors, bytesScanned: size },
        rulesDigest: engine.rulesDigest,
      };
    }
    const problems: ExtractProblem[] = result.fatal === null ? result.problems : [...result.problems, result.fatal];
    const errors: ScanErrorRow[] = problems.map((p): ScanErrorRow => ({
      source: 'files', itemKey: locationKey(p.location) === '' ? itemKey : `${itemKey} (${locationText(p.location)})`, code: p.code, message: p.message,
    })).concat(malwareErrors);
    const findings = result.detections.map((d) => this.findingRow(item, ref, sha256, d, engine.ruleMeta)).concat(malwareFindings);
    const problemCount = problems.length + malware.problems.length;
    const status: FileContentRow['status'] = result.fatal !== null && result.segments === 0 ? 'error' : problemCount > 0 ? 'partial' : 'scanned';
    const head = retry ?? result.fatal ?? problems[0] ?? malware.problems[0] ?? null;
    const file: FileContentRow = {
      sha256, size, kind: result.kind, status, errorCode: head?.code ?? null, errorMessage: head?.message ?? null,
      problems: problemCount, segments: result.segments, textChars: result.textChars, findings: findings.length,
    };
    return {
      state: { status, sha256, size, errorCode: file.errorCode, errorMessage: file.errorMessage },
      outcome: { findings, files: [file], errors, bytesScanned: size },
      rulesDigest: engine.rulesDigest,
    };
  }

  /** A malware match: one finding per signature and file content (no offsets, no location inside the file). */
  private malwareRow(item: ScanItem, ref: FileRef, sha256: string, d: MalwareDetection): FindingRow {
    const row = this.findingRow(item, ref, sha256, { ruleId: d.ruleId, start: 0, end: 0, confidence: 'high', preview: d.preview, location: {} }, new Map());
    return { ...row, category: 'malware', severity: d.severity, location: null };
  }

  private findingRow(item: ScanItem, ref: FileRef, sha256: string, d: FileDetection, ruleMeta: ReadonlyMap<string, RuleMeta>): FindingRow {
    return {
      ...findingRow(this.ctx.workspaceId, ruleMeta, item, d),
      // The content, not the place: the same file uploaded twice is one finding with two places.
      fingerprint: findingFingerprint(this.ctx.workspaceId, `file:${sha256}`, locationKey(d.location), d.ruleId, d.start, d.end),
      sourceKind: 'file',
      fileId: ref.id,
      userId: ref.userId ?? item.userId,
      fileSha256: sha256,
      fileName: ref.name,
      location: locationJson(d.location),
    };
  }
}

/** Where a file reference is attached: a message, or a GPT's or project's config (knowledge file). */
function filePlace(item: ScanItem, ref: FileRef): Pick<FileRefRow, 'placeKind' | 'conversationId' | 'messageId'> {
  if (ref.origin === 'message') return { placeKind: 'message', conversationId: item.conversationId ?? '', messageId: item.messageId ?? '' };
  return { placeKind: ref.origin, conversationId: item.objectId ?? '', messageId: item.version ?? '' };
}

/** A file id whose record cannot improve by handling it again under these rules. */
function isFinal(known: FileRefState, rulesDigest: string): boolean {
  if (retryable(known.errorCode)) return false;
  if (known.status === 'unavailable' || known.status === 'too-large' || known.status === 'error') return true;
  return known.rulesDigest === rulesDigest;
}

/**
 * A crashed extraction process may have died of something outside the file (the OS's OOM
 * killer, a signal), and clamd may have been down: worth another try when the file id comes again.
 */
function retryable(errorCode: string | null): boolean {
  return errorCode !== null && (errorCode === 'EXTRACT_CRASHED' || MALWARE_RETRY_CODES.has(errorCode));
}

function unavailable(code: string, message: string, rulesDigest: string): Handled {
  return { state: { status: 'unavailable', sha256: null, size: null, errorCode: code, errorMessage: message }, outcome: empty(), rulesDigest };
}

function empty(): Omit<FileOutcome, 'fileRefs' | 'state' | 'rulesDigest'> {
  return { findings: [], files: [], errors: [], bytesScanned: 0 };
}
