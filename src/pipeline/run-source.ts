import type { Logger } from '../log.js';
import type { MessageSource, ScanItem, SourceUnit, TimeRange } from '../compliance/source.js';
import type { RuleMeta } from '../rules/compiled.js';
import type { FindingRow, ScanErrorRow, Store } from '../store/store.js';
import type { ScanPool } from './pool.js';
import type { ScanTaskResult } from './task.js';
import { Watermark } from './watermark.js';
import type { FileOutcome, FileScanner } from './file-scan.js';
import { contentHash, keyedContentHash } from './fingerprint.js';
import { findingRow } from './finding-row.js';
import type { Metrics } from '../ops/metrics/types.js';

/** The rules in force and the pool that runs them. */
export interface ScanEngine {
  pool: ScanPool;
  rulesDigest: string;
  ruleMeta: ReadonlyMap<string, RuleMeta>;
}

export interface RunContext {
  store: Store;
  /**
   * The rules in force, read for every batch: after a reload, batches already dispatched finish
   * and commit under the rules they ran with, and new batches use the new ones.
   */
  engine: () => ScanEngine;
  log: Logger;
  workspaceId: string;
  runId: number;
  /** Checkpoint namespace: `daemon`, or `scan:<run id>` for a retroactive run. */
  namespace: string;
  batchBytes: number;
  maxInFlight: number;
  signal: AbortSignal;
  onProgress?: (stats: SourceStats) => void;
  /** Scans the files attached to messages; null when files.enabled is false. */
  files: FileScanner | null;
  /** Files downloaded and extracted at once (files.concurrency). */
  fileConcurrency: number;
  /** The database's value salt: keys the hashes of texts that are secrets themselves (Codex environments). */
  valueSalt: string;
  /** Counts what each commit recorded; absent = nothing is counted. */
  metrics?: Metrics;
}

export interface FileStats {
  /** File references handled (a file id in a message). */
  refs: number;
  /** Contents downloaded and extracted (after dedupe by file id and sha256). */
  extracted: number;
  bytes: number;
  /** References by recorded state: scanned, partial, error, unavailable, too-large. */
  states: Record<string, number>;
  findingsNew: number;
}

export interface SourceStats {
  source: string;
  units: number;
  itemsScanned: number;
  bytesScanned: number;
  alreadyScanned: number;
  skipped: Record<string, number>;
  errors: number;
  findingsNew: number;
  detections: number;
  /** Oldest and newest message time scanned (ms), for "which source covered what". */
  firstMessageAt: number | null;
  lastMessageAt: number | null;
  /** True when the source was read to its end (not interrupted). */
  complete: boolean;
  files: FileStats;
}

interface Pending {
  item: ScanItem;
  hash: string;
  seq: number;
}

/**
 * Pulls one source unit by unit (the fetcher), batches items into tasks of about batchBytes,
 * keeps at most maxInFlight tasks in the pool (backpressure: the fetcher waits, memory stays
 * bounded), and commits each task's findings, scanned marks and any checkpoint move in one
 * transaction.
 */
export async function runSource(ctx: RunContext, source: MessageSource, range: TimeRange): Promise<SourceStats> {
  const stats: SourceStats = {
    source: source.name, units: 0, itemsScanned: 0, bytesScanned: 0, alreadyScanned: 0, skipped: {}, errors: 0,
    findingsNew: 0, detections: 0, firstMessageAt: null, lastMessageAt: null, complete: false,
    files: { refs: 0, extracted: 0, bytes: 0, states: {}, findingsNew: 0 },
  };
  const fileJobs = new Set<Promise<void>>();
  const watermark = new Watermark();
  const inFlight = new Set<Promise<void>>();
  const inFlightKeys = new Set<string>();
  let batch: Pending[] = [];
  let batchSize = 0;
  let failure: unknown = null;

  const commit = (items: Pending[], result: ScanTaskResult | null, errors: ScanErrorRow[], engine: ScanEngine = ctx.engine()): void => {
    const findings: FindingRow[] = [];
    for (const r of result?.results ?? []) {
      const p = items[r.ref];
      if (p === undefined) continue;
      if (r.error !== null) errors.push({ source: source.name, itemKey: p.item.key, code: r.error.code, message: r.error.message });
      for (const d of r.detections) findings.push(findingRow(ctx.workspaceId, engine.ruleMeta, p.item, d, p.hash));
    }
    for (const p of items) watermark.settle(p.seq);
    const moved = watermark.advance();
    if (items.length === 0 && errors.length === 0 && moved === undefined) return;
    const { inserted, newFindings } = ctx.store.commitBatch({
      runId: ctx.runId,
      rulesDigest: engine.rulesDigest,
      findings,
      scanned: items.map((p) => ({ itemKey: `${ctx.workspaceId}:${p.item.key}`, contentHash: p.hash, source: source.name })),
      errors,
      checkpoint: moved === undefined ? null : { namespace: ctx.namespace, source: source.name, state: moved.checkpoint },
    });
    if (ctx.metrics !== undefined) {
      let bytes = 0;
      for (const p of items) bytes += Buffer.byteLength(p.item.text, 'utf8');
      ctx.metrics.committed({ source: source.name, kind: items[0]?.item.kind ?? 'message', items: items.length, bytes, newFindings, errors, files: [], fileRefs: [] });
    }
    for (const p of items) {
      inFlightKeys.delete(p.item.key);
      const t = p.item.createdAt;
      if (t !== null) {
        stats.firstMessageAt = stats.firstMessageAt === null ? t : Math.min(stats.firstMessageAt, t);
        stats.lastMessageAt = stats.lastMessageAt === null ? t : Math.max(stats.lastMessageAt, t);
      }
    }
    stats.itemsScanned += items.length;
    stats.errors += errors.length;
    stats.detections += findings.length;
    stats.findingsNew += inserted;
    ctx.onProgress?.(stats);
  };

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    batchSize = 0;
    while (inFlight.size >= ctx.maxInFlight) await Promise.race(inFlight);
    if (failure !== null) throw failure;
    // Read right before the task is handed over, so a retired engine never gets a new one.
    const engine = ctx.engine();
    const task = engine.pool
      .run({ items: items.map((p, ref) => ({ ref, text: p.item.text })) })
      .then((result) => commit(items, result, [], engine))
      .catch((err: unknown) => {
        failure ??= err;
      });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  const drain = async (): Promise<void> => {
    await Promise.allSettled([...inFlight, ...fileJobs]);
  };

  /** A file's rows commit on their own, with any checkpoint move its unit was waiting for. */
  const commitFile = (seq: number, outcome: FileOutcome): void => {
    watermark.settle(seq);
    const moved = watermark.advance();
    const { inserted, newFindings } = ctx.store.commitBatch({
      runId: ctx.runId,
      rulesDigest: outcome.rulesDigest,
      findings: outcome.findings,
      scanned: [],
      errors: outcome.errors,
      files: outcome.files,
      fileRefs: outcome.fileRefs,
      checkpoint: moved === undefined ? null : { namespace: ctx.namespace, source: source.name, state: moved.checkpoint },
    });
    ctx.metrics?.committed({
      source: source.name, kind: 'file', items: outcome.files.length, bytes: outcome.files.length > 0 ? outcome.bytesScanned : 0,
      newFindings, errors: outcome.errors, files: outcome.files, fileRefs: outcome.fileRefs,
    });
    stats.files.refs++;
    stats.files.states[outcome.state] = (stats.files.states[outcome.state] ?? 0) + 1;
    if (outcome.bytesScanned > 0) {
      stats.files.extracted++;
      stats.files.bytes += outcome.bytesScanned;
    }
    stats.files.findingsNew += inserted;
    stats.findingsNew += inserted;
    stats.detections += outcome.findings.length;
    stats.errors += outcome.errors.length;
    ctx.onProgress?.(stats);
  };

  const startFile = async (item: ScanItem, ref: ScanItem['files'][number], seq: number): Promise<void> => {
    const scanner = ctx.files as FileScanner;
    while (fileJobs.size >= ctx.fileConcurrency) await Promise.race(fileJobs);
    if (failure !== null) throw failure;
    watermark.add(seq);
    const job = scanner
      .handle(item, ref)
      .then((outcome) => commitFile(seq, outcome))
      .catch((err: unknown) => {
        // A download cut short by shutdown leaves its unit open: the checkpoint stays before it,
        // and the next run handles the file again.
        if (!ctx.signal.aborted) failure ??= err;
      });
    fileJobs.add(job);
    void job.finally(() => fileJobs.delete(job));
  };

  const standaloneCommit = (errors: ScanErrorRow[]): void => commit([], null, errors);

  try {
    const cp = ctx.store.getCheckpoint<unknown>(ctx.namespace, source.name);
    for await (const unit of source.units(cp, range, ctx.signal)) {
      const seq = watermark.open(unit.checkpoint);
      stats.units++;
      const complete = await readUnit(unit, seq);
      if (!complete) break;
      watermark.close(seq);
      // A unit with nothing left in flight moves the checkpoint now, not at the next commit.
      if (!watermark.hasOutstanding(seq)) standaloneCommit([]);
      if (failure !== null) throw failure;
    }
    if (!ctx.signal.aborted) {
      await flush();
      stats.complete = true;
    }
  } catch (err) {
    // A fetch cut short by shutdown is an interruption, not a failure: the checkpoint stays put.
    if (!ctx.signal.aborted) throw err;
  } finally {
    await drain();
  }
  if (failure !== null) throw failure;
  if (ctx.signal.aborted) stats.complete = false;
  return stats;

  async function readUnit(unit: SourceUnit, seq: number): Promise<boolean> {
    try {
      for await (const ev of unit.events) {
        if (ctx.signal.aborted) return false;
        if (failure !== null) throw failure;
        if (ev.type === 'skipped') {
          stats.skipped[ev.reason] = (stats.skipped[ev.reason] ?? 0) + 1;
        } else if (ev.type === 'error') {
          standaloneCommit([{ source: source.name, itemKey: ev.itemKey, code: ev.code, message: ev.message }]);
        } else {
          // Files first, and whether or not the text was scanned before: a run stopped after the
          // text committed but before its files did must still scan them (no gap).
          if (ctx.files !== null) {
            for (const ref of ev.item.files) if (ctx.files.needed(ev.item, ref)) await startFile(ev.item, ref, seq);
          }
          const hash = ev.item.kind === 'codex_environment' ? keyedContentHash(ctx.valueSalt, ev.item.text) : contentHash(ev.item.text);
          if (inFlightKeys.has(ev.item.key) || ctx.store.alreadyScanned(`${ctx.workspaceId}:${ev.item.key}`, hash, ctx.engine().rulesDigest)) {
            stats.alreadyScanned++;
            continue;
          }
          inFlightKeys.add(ev.item.key);
          watermark.add(seq);
          batch.push({ item: ev.item, hash, seq });
          const bytes = ev.item.text.length;
          batchSize += bytes;
          stats.bytesScanned += bytes;
          if (batchSize >= ctx.batchBytes) await flush();
        }
      }
      return !ctx.signal.aborted;
    } finally {
      await unit.dispose?.();
    }
  }
}
