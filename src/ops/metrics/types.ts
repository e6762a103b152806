import type { RetryReason } from '../../compliance/client.js';
import type { FileContentRow, FileRefRow, FindingRow, ScanErrorRow } from '../../store/store.js';

/**
 * What the pipeline, the HTTP client, alert delivery and the daemon report to metrics. An
 * absent recorder (scans, tests) counts nothing; every call is a few counter increments.
 * Labels are bounded: source, kind, rule, category, severity, error code, endpoint class, sink.
 * Never a user, conversation or file id, and never a value.
 */
export interface Metrics {
  /** One commit of the pipeline, after its transaction: counts equal what the database gained. */
  committed(c: CommittedWork): void;
  /** Every API response; status 0 is a network error. `endpoint` is id-free (endpointLabel). */
  apiResponse(endpoint: string, status: number): void;
  /** A failed attempt that is retried, or (final) the last one: the request fails. */
  apiFailedAttempt(endpoint: string, reason: RetryReason, final: boolean): void;
  /** One delivery to a sink (a digest is one delivery). */
  alertDelivery(sink: string, outcome: DeliveryOutcome): void;
  /** One daemon poll cycle ended. */
  daemonCycle(outcome: 'ok' | 'failed'): void;
}

export type DeliveryOutcome = 'sent' | 'retry' | 'dead';

export interface CommittedWork {
  /** The message source: logs | conversations. */
  source: string;
  /** message: a batch of message texts; file: one file reference's rows. */
  /** message, file, or the kind of object scanned (gpt, memory, canvas ...). */
  kind: string;
  /** Messages scanned (scanned_items rows written), or file contents extracted (files rows). */
  items: number;
  /** UTF-8 bytes of message text, or bytes of file content downloaded and extracted. */
  bytes: number;
  /** Findings that were new (inserted, not already recorded or suppressed). */
  newFindings: readonly FindingRow[];
  errors: readonly ScanErrorRow[];
  files: readonly FileContentRow[];
  fileRefs: readonly FileRefRow[];
}
