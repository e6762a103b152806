import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LeakwatchError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

/**
 * The only module that imports better-sqlite3. Others use these types.
 *
 * Two majors, chosen by the running Node: 12.x subclasses node::ObjectWrap, whose destructor
 * aborts the process on Node >= 24.19 when a statement is garbage-collected outside a JS
 * context (`RemoveEnvironmentCleanupHook: (env) != nullptr`, WiseLibs/better-sqlite3#1515);
 * 13.x is built on Node-API and fixed, but needs Node >= 22 and segfaults on 20. Same API.
 */
export type Db = BetterSqlite3.Database;
export type Statement<P extends unknown[] | object = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

const nodeMajor = Number(process.versions.node.split('.')[0]);
export const SQLITE_BINDING = nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
const Database = createRequire(import.meta.url)(SQLITE_BINDING) as typeof BetterSqlite3;

export function openDb(path: string, opts: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    if (!opts.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new LeakwatchError('DB_OPEN', 'config', `cannot open database ${path}: ${(err as Error).message} (check database.path)`, { cause: err });
  }
  // WAL lets `findings`/`status` read while a scan writes; NORMAL is durable across process crashes in WAL mode.
  db.pragma('busy_timeout = 5000');
  if (!opts.readonly) {
    // A new file: before anything is written (it cannot change later without VACUUM), so that a
    // retention purge can give freed pages back to the filesystem (PRAGMA incremental_vacuum).
    if (db.pragma('page_count', { simple: true }) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } else {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < MIGRATIONS.length) {
      db.close();
      throw new LeakwatchError('DB_OLD', 'config', `database ${path} has schema version ${version}, this leakwatch reads ${MIGRATIONS.length}: run leakwatch scan or leakwatch daemon once to upgrade it`);
    }
  }
  db.pragma('foreign_keys = ON');
  return db;
}

/** The schema version this code writes: the number of migrations. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version of an open database (PRAGMA user_version). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Opens a database file as it is: no migration, no version check, no pragma that writes. For
 * the maintenance commands (backup, check, version), which must work on a database of any
 * version, an older one before its upgrade above all. `readonly: false` creates the file.
 */
export function openDbFile(path: string, opts: { readonly: boolean }): Db {
  try {
    const db = new Database(path, { readonly: opts.readonly, fileMustExist: opts.readonly });
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    throw new LeakwatchError('DB_OPEN', 'config', `cannot open database ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Applies the migrations from the database's version up to `target` (default: all), each in its
 * own transaction with its user_version bump, so a failed step leaves the previous version whole.
 */
export function migrate(db: Db, target: number = MIGRATIONS.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new LeakwatchError('DB_TOO_NEW', 'config', `database schema version ${current} is newer than this leakwatch (${MIGRATIONS.length}): upgrade leakwatch`);
  }
  for (let v = current; v < Math.min(target, MIGRATIONS.length); v++) {
    const step = MIGRATIONS[v] as string;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
