import type { Detection } from '../detect/engine.js';
import type { ExtractLimits, ExtractProblem, FileKind, FileLocation } from '../extract/types.js';

/** What crosses into an extraction process: a downloaded file on disk and the limits. Plain data. */
export interface FileTask {
  path: string;
  /** The file's name as uploaded (a tiebreak for sniffing only). */
  name: string;
  limits: ExtractLimits;
  /** Detections kept per file; past it the rest are dropped and a FINDINGS_LIMIT problem noted. */
  maxDetections: number;
}

/**
 * A detection in a file. `location` is the smallest unit that holds it (cell, line, page,
 * slide, part, archive entry chain) and start/end are string offsets into that unit's text.
 */
export interface FileDetection extends Detection {
  location: FileLocation;
}

export interface FileTaskResult {
  kind: FileKind | null;
  detections: FileDetection[];
  /** Parts that could not be read (an encrypted archive entry, a text limit); the rest was scanned. */
  problems: ExtractProblem[];
  /** Nothing (more) could be read: the whole file is an error (encrypted, corrupt, image, ...). */
  fatal: ExtractProblem | null;
  segments: number;
  textChars: number;
}
