import { workerData } from 'node:worker_threads';
import { Detector } from '../detect/engine.js';
import type { CompiledRuleSet } from '../rules/compiled.js';
import type { ItemResult, ScanTask, ScanTaskResult } from './task.js';

/**
 * Worker entry: re2 objects are compiled once per thread from the plain rule set in
 * workerData (design decision 1), then every task reuses them.
 */
const { ruleSet, valueSalt } = workerData as { ruleSet: CompiledRuleSet; valueSalt: string | null };
const detector = new Detector(ruleSet, valueSalt);

export default function scan(task: ScanTask): ScanTaskResult {
  try {
    const found = detector.scanMany(task.items.map((i) => i.text));
    return { results: task.items.map(({ ref }, k) => ({ ref, detections: found[k] ?? [], error: null })) };
  } catch {
    // Something in the batch broke the detector: scan the items one by one so the failure is
    // pinned to its item and the others still get their findings.
    const results: ItemResult[] = task.items.map(({ ref, text }) => {
      try {
        return { ref, detections: detector.scan(text), error: null };
      } catch (err) {
        return { ref, detections: [], error: { code: 'DETECT_FAILED', message: (err as Error).message } };
      }
    });
    return { results };
  }
}
