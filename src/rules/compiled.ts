import type { Category, ConfidenceLevel, Severity } from './schema.js';

/**
 * A rule as the workers receive it: plain, serialisable data (it crosses the worker boundary
 * in workerData), already validated and with config applied. Workers build re2 objects from it.
 */
export interface CompiledRule {
  id: string;
  category: Category;
  severity: Severity;
  confidence: ConfidenceLevel;
  regex: string;
  group: number;
  keywords: string[];
  validator: string | null;
  entropy: number | null;
  context: { words: string[]; window: number; confidence: ConfidenceLevel; required: boolean } | null;
  allowlist: { values: string[]; regexes: string[] };
  /** Matches below this confidence are dropped (rules.min_confidence and its overrides). */
  minConfidence: ConfidenceLevel;
  /** Exact data match: only values whose salted hash is in this index are reported. */
  exactData?: { salt: string; hashes: string[] };
}

export interface CompiledRuleSet {
  rules: CompiledRule[];
  /** Applied to every rule: pack-level allowlists merged. */
  globalAllowlist: { values: string[]; regexes: string[] };
  /** Stable hash of everything above: a message scanned under another digest is scanned again. */
  digest: string;
}

export interface RuleMeta {
  id: string;
  description: string;
  category: Category;
  severity: Severity;
  file: string;
}
