import { randomBytes } from 'node:crypto';
import { LeakwatchError } from '../errors.js';
import type { Db } from './db.js';
import { findingForTriage } from './triage.js';

/**
 * Suppressed values, by keyed hash only: `all` for every rule, `byRule` for one rule each.
 * Loaded once per scan (main thread) and checked per detection with isSuppressed.
 */
export interface SuppressionSet {
  all: Set<string>;
  byRule: Map<string, Set<string>>;
}

export type SuppressScope = 'rule' | 'all';

export interface SuppressionEntry {
  id: number;
  valueHash: string;
  /** null: every rule. */
  ruleId: string | null;
  findingId: number | null;
  by: string;
  note: string | null;
  at: string;
}

export function loadSuppressions(db: Db): SuppressionSet {
  const set: SuppressionSet = { all: new Set(), byRule: new Map() };
  const rows = db.prepare('SELECT value_hash AS valueHash, rule_id AS ruleId FROM suppressions').all() as { valueHash: string; ruleId: string | null }[];
  for (const r of rows) {
    if (r.ruleId === null) {
      set.all.add(r.valueHash);
      continue;
    }
    let forRule = set.byRule.get(r.ruleId);
    if (forRule === undefined) set.byRule.set(r.ruleId, (forRule = new Set()));
    forRule.add(r.valueHash);
  }
  return set;
}

/** Pure: whether a detection of this rule with this value hash is suppressed. No hash, no suppression. */
export function isSuppressed(s: SuppressionSet, ruleId: string, valueHash: string | null | undefined): boolean {
  if (valueHash === null || valueHash === undefined || valueHash === '') return false;
  return s.all.has(valueHash) || (s.byRule.get(ruleId)?.has(valueHash) ?? false);
}

/**
 * Records that the value of this finding is a false positive for its rule (`rule`) or for every
 * rule (`all`). Returns the suppression, and whether it is new (the same value and scope may
 * already be suppressed). Findings recorded before value hashes existed cannot be suppressed.
 */
export function suppressFinding(
  db: Db,
  findingId: number,
  opts: { scope: SuppressScope; by: string; note?: string | null },
  at: Date = new Date(),
): { created: boolean; entry: SuppressionEntry } {
  return db.transaction(() => {
    const f = findingForTriage(db, findingId);
    if (f.value_hash === null) {
      throw new LeakwatchError('NO_VALUE_HASH', 'usage',
        `finding ${findingId} was recorded before this version of leakwatch and has no value hash, so its value cannot be suppressed; `
        + 'add the value to an allowlist instead (a rule\'s allowlist, or the pack\'s global allowlist), or mark it false_positive without --suppress');
    }
    const ruleId = opts.scope === 'all' ? null : f.rule_id;
    const when = at.toISOString();
    const info = db.prepare('INSERT OR IGNORE INTO suppressions (value_hash, rule_id, finding_id, by_user, note, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(f.value_hash, ruleId, findingId, opts.by, opts.note ?? null, when);
    const row = db.prepare(`SELECT id, value_hash AS valueHash, rule_id AS ruleId, finding_id AS findingId, by_user AS by, note, at
      FROM suppressions WHERE value_hash = ? AND IFNULL(rule_id, '') = ?`).get(f.value_hash, ruleId ?? '') as SuppressionEntry;
    return { created: info.changes > 0, entry: row };
  })();
}

/** Every suppression, oldest first (hashes only). */
export function listSuppressions(db: Db): SuppressionEntry[] {
  return db.prepare(`SELECT id, value_hash AS valueHash, rule_id AS ruleId, finding_id AS findingId, by_user AS by, note, at
    FROM suppressions ORDER BY id`).all() as SuppressionEntry[];
}

const SALT_KEY = 'value_hash_salt';

/**
 * The per-database key of value hashes: 32 random bytes (hex), created once. A keyed hash keeps
 * a short value (a card number, an SSN) from being recovered by hashing every candidate without
 * the database; one salt per database keeps hashes stable across runs so suppressions match.
 */
export function getOrCreateValueSalt(db: Db): string {
  return db.transaction(() => {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SALT_KEY) as { value: string } | undefined;
    if (row !== undefined) return row.value;
    const salt = randomBytes(32).toString('hex');
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(SALT_KEY, salt);
    return salt;
  }).immediate();
}
