/** Options of the synthetic workspace and of `append` (see workspace.ts). */
import type { ObjectCounts } from './objects/store.js';

export interface WorkspaceOptions {
  /** Default 42. */
  seed?: number;
  /** Default 50. */
  users?: number;
  /** Default 300. */
  conversations?: number;
  /** History is generated backwards from it. Default: the real clock. */
  now?: Date;
  /** Conversations start within [now - historyDays, now - 1h]. Default 90. */
  historyDays?: number;
  /** Default: a UUID derived from the seed. */
  workspaceId?: string;
  /** Maximum events per log file. Default 200. */
  messagesPerLogFile?: number;
  /** Longest time one log file spans, in hours (the real feed's roll-over is undocumented). Default 6. */
  logFileHours?: number;
  /**
   * Attach files to about 6% of user messages (1 or 2 each): every readable type in turn (pdf,
   * docx, xlsx, csv, pptx, odt, ods, txt, md, code, json, xml, html, eml, zip) with planted values,
   * 20% of them expired, 15% re-uploads of an earlier file. false: messages carry no files; the
   * messages themselves are the same either way. Default true.
   */
  files?: boolean;
  /** Share of user messages with uploads. Default 0.06. */
  fileRate?: number;
  /**
   * Attach one file of each broken kind (zip bomb, truncated PDF, encrypted DOCX, PNG image) to
   * recent user messages, flagged in the ground truth with the error a scanner must record.
   * Everything else is identical with false (same seed). Default true.
   */
  brokenFiles?: boolean;
  /**
   * Size of one huge CSV (streamed, never held in memory) attached to a recent message, with a
   * few planted values at known cells; 0 = none. Tests use about 200_000_000. Default 0.
   */
  hugeFileBytes?: number;
  /**
   * Objects beyond chats, each sized here: GPTs and projects (with config versions, knowledge
   * files and the posture cases), memories, canvases, automations, recordings, Codex tasks and
   * environments, CODEX_LOG and CUSTOM_AGENTS_LOG events. Built last from their own random
   * streams; false: none (and no user is changed for the posture cases). Default: small counts.
   */
  objects?: ObjectCounts | false;
}

export interface AppendOptions {
  newConversations?: number;
  newMessagesInExisting?: number;
  /** When the activity happens; clamped to after the latest existing event. */
  at?: Date;
  /** User messages with exactly these texts, each appended to an existing conversation (not in the ground truth). */
  texts?: readonly string[];
}
