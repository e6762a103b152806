import type { TextSegment } from '../extract/types.js';
import type { Detection } from '../detect/engine.js';
import type { FileDetection } from './file-task.js';

/**
 * Moves a detection from segment offsets to the smallest unit holding it: the cell of a row
 * segment, or the line of a text segment (offsets then count from that line's start).
 */
export function locate(segment: TextSegment, d: Detection): FileDetection {
  const { cells } = segment;
  if (cells !== undefined && cells.length > 0) {
    let lo = 0;
    let hi = cells.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((cells[mid] as { start: number }).start <= d.start) lo = mid;
      else hi = mid - 1;
    }
    const cell = cells[lo] as { start: number; cell: string };
    return { ...d, start: d.start - cell.start, end: d.end - cell.start, location: { ...segment.location, cell: cell.cell } };
  }
  const firstLine = segment.location.line;
  if (firstLine !== undefined) {
    let line = firstLine;
    let lineStart = 0;
    for (let i = segment.text.indexOf('\n'); i >= 0 && i < d.start; i = segment.text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { ...d, start: d.start - lineStart, end: d.end - lineStart, location: { ...segment.location, line } };
  }
  return { ...d, location: { ...segment.location } };
}
