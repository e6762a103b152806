import type { ConfidenceLevel } from '../rules/schema.js';

const RANK: Record<ConfidenceLevel, number> = { low: 0, medium: 1, high: 2 };

export function confidenceAtLeast(level: ConfidenceLevel, minimum: ConfidenceLevel): boolean {
  return RANK[level] >= RANK[minimum];
}

export function maxConfidence(a: ConfidenceLevel, b: ConfidenceLevel): ConfidenceLevel {
  return RANK[a] >= RANK[b] ? a : b;
}
