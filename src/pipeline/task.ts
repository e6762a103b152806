import type { Detection } from '../detect/engine.js';

/** What crosses into a worker: plain data only. */
export interface ScanTask {
  items: { ref: number; text: string }[];
}

export interface ItemResult {
  ref: number;
  detections: Detection[];
  /** A detector failure on one item comes back as data (design decision 6). */
  error: { code: string; message: string } | null;
}

export interface ScanTaskResult {
  results: ItemResult[];
}
