/**
 * Plain data of alert delivery: what a sink receives and what it answers. Alert bodies carry
 * masked previews only, never a matched value.
 */

/** One finding as an alert shows it. */
export interface AlertFinding {
  id: number;
  ruleId: string;
  category: string;
  severity: string;
  confidence: string;
  /** Masked preview (the only form of the value that leaves the detector). */
  preview: string;
  sourceKind: string;
  workspaceId: string;
  conversationId: string | null;
  messageId: string | null;
  userEmail: string | null;
  messageTime: string | null;
  /** File findings: the file name and where in it ("sheet Customers, cell B7"). */
  fileName: string | null;
  location: string | null;
}

/** One delivery: a single finding, or a digest of several (one conversation, one interval). */
export interface AlertPayload {
  /** Idempotency key: the same alert delivered twice carries the same key (receivers dedupe on it). */
  key: string;
  /** The policy that raised it. */
  policy: string;
  findings: AlertFinding[];
  /** When the alert was queued (ISO 8601). */
  createdAt: string;
  /** How a reader sees the details, e.g. `leakwatch findings --id 42` or a report URL. */
  hint: string;
}

export type SinkResult =
  | { ok: true }
  | {
      ok: false;
      /** False for a permanent refusal (a 400, bad credentials): retrying will not help. */
      retryable: boolean;
      /** The receiver asked to wait this long (429/503 Retry-After). */
      retryAfterMs: number | null;
      /** Why, for the outbox row and `leakwatch status`. Never contains a secret. */
      error: string;
    };

export interface Sink {
  readonly name: string;
  readonly type: string;
  send(alert: AlertPayload, signal: AbortSignal): Promise<SinkResult>;
  close(): Promise<void>;
}
