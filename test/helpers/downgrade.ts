import type { Db } from '../../src/store/db.js';

/**
 * The reverse of each migration from 3 on (index = the version it produced), for tests that
 * rebuild the database an older leakwatch left: better-sqlite3 is only reached through openDb,
 * which always migrates to the newest version.
 */
const UNDO: Readonly<Record<number, string>> = {
  7: `DROP INDEX findings_posture; DROP TABLE posture_results; DROP TABLE posture_runs; DROP TABLE inventory_refreshes;
    DROP TABLE inventory_objects; DROP TABLE inventory_users;`,
  6: `DROP INDEX findings_object; ALTER TABLE findings DROP COLUMN object_id; ALTER TABLE findings DROP COLUMN object_version;
    ALTER TABLE file_refs DROP COLUMN place_kind;`,
  5: 'DROP INDEX findings_workspace;',
  4: `DROP TABLE outbox; DROP TABLE remediation_audit; ALTER TABLE findings DROP COLUMN policy; ALTER TABLE findings DROP COLUMN policy_action;`,
  3: `DROP INDEX findings_status; ALTER TABLE findings DROP COLUMN status; ALTER TABLE findings DROP COLUMN value_hash;
    DROP TABLE finding_triage; DROP TABLE suppressions; DROP TABLE settings;`,
};

/** Undoes the migrations above `version` and sets user_version to it. */
export function downgradeTo(db: Db, version: number): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v > version; v--) {
    const sql = UNDO[v];
    if (sql === undefined) throw new Error(`test/helpers/downgrade.ts: no undo for migration ${v}; add it`);
    db.exec(sql);
  }
  db.pragma(`user_version = ${version}`);
}
