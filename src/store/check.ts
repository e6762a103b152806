import { existsSync, statSync } from 'node:fs';
import { LeakwatchError, errorMessage } from '../errors.js';
import { LATEST_SCHEMA_VERSION, openDbFile, schemaVersion, type Db } from './db.js';

/**
 * `leakwatch db check` and `db version`: the health of a database file, read-only, at whatever
 * schema version it is (nothing is migrated). A damaged file is reported, not thrown: SQLite
 * answers some damage with an error rather than a row of integrity_check, and both are problems.
 */

export type VersionState = 'current' | 'older' | 'newer';

export interface SchemaVersionInfo {
  version: number;
  latest: number;
  state: VersionState;
  /** One sentence for people: what the version means for this binary. */
  note: string;
}

export interface DbHealth {
  path: string;
  schema: SchemaVersionInfo | null;
  /** PRAGMA integrity_check (or quick_check) rows: ['ok'] when healthy. */
  integrity: string[];
  /** PRAGMA foreign_key_check rows, one line each. */
  foreignKeys: string[];
  counts: { table: string; rows: number | null }[];
  pageSize: number | null;
  pageCount: number | null;
  freePages: number | null;
  bytes: number;
  /** Damage found: integrity, foreign keys, or SQLite errors reading the file. */
  problems: string[];
}

export function versionInfo(version: number, latest: number = LATEST_SCHEMA_VERSION): SchemaVersionInfo {
  if (version === latest) return { version, latest, state: 'current', note: `schema version ${version}, current` };
  if (version < latest) {
    return {
      version, latest, state: 'older',
      note: `schema version ${version}, older than this leakwatch's ${latest}: the next command that writes (scan, daemon, triage, db purge) upgrades it in place; take a backup first (leakwatch db backup FILE)`,
    };
  }
  return {
    version, latest, state: 'newer',
    note: `schema version ${version} is newer than this leakwatch's ${latest}: a newer leakwatch wrote it, and this binary is too old to read or write it; upgrade leakwatch (or restore a backup taken before the upgrade)`,
  };
}

/** Opens a file that must exist, read-only, with no migration. */
export function openExisting(path: string): Db {
  if (!existsSync(path)) {
    throw new LeakwatchError('DB_MISSING', 'config', `no database at ${path} (check database.path; leakwatch scan or daemon creates it)`);
  }
  return openDbFile(path, { readonly: true });
}

/** The schema version of the file at path. */
export function readSchemaVersion(path: string): SchemaVersionInfo {
  const db = openExisting(path);
  try {
    return versionInfo(schemaVersion(db));
  } catch (err) {
    throw new LeakwatchError('DB_DAMAGED', 'config', `cannot read the schema version of ${path}: ${errorMessage(err)} (leakwatch db check)`, { cause: err });
  } finally {
    db.close();
  }
}

/** SQLite's answer to a damaged or foreign file (as opposed to a bug or a busy database). */
function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_IOERR'));
}

export function checkDatabase(path: string, opts: { quick?: boolean } = {}): DbHealth {
  const db = openExisting(path);
  const health: DbHealth = {
    path, schema: null, integrity: [], foreignKeys: [], counts: [], pageSize: null, pageCount: null, freePages: null,
    bytes: statSync(path).size, problems: [],
  };
  const attempt = <T>(what: string, fn: () => T): T | null => {
    try {
      return fn();
    } catch (err) {
      if (!isDamage(err)) throw err;
      health.problems.push(`${what}: ${errorMessage(err)}`);
      return null;
    }
  };
  try {
    health.schema = attempt('schema version', () => versionInfo(schemaVersion(db)));
    health.pageSize = attempt('page size', () => db.pragma('page_size', { simple: true }) as number);
    health.pageCount = attempt('page count', () => db.pragma('page_count', { simple: true }) as number);
    health.freePages = attempt('free pages', () => db.pragma('freelist_count', { simple: true }) as number);
    const pragma = opts.quick ? 'quick_check' : 'integrity_check';
    health.integrity = attempt(pragma, () => (db.pragma(pragma) as Record<string, string>[]).map((r) => String(Object.values(r)[0]))) ?? [];
    if (health.integrity.length > 0 && !(health.integrity.length === 1 && health.integrity[0] === 'ok')) {
      health.problems.push(...health.integrity.map((l) => `${pragma}: ${l}`));
    }
    const fk = attempt('foreign_key_check', () => db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string; fkid: number }[]) ?? [];
    health.foreignKeys = fk.map((r) => `${r.table} row ${r.rowid ?? '?'} refers to a missing ${r.parent} row (constraint ${r.fkid})`);
    health.problems.push(...health.foreignKeys.map((l) => `foreign_key_check: ${l}`));
    const tables = attempt('table list', () => db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]) ?? [];
    for (const table of tables) {
      const rows = attempt(`row count of ${table}`, () => db.prepare(`SELECT COUNT(*) FROM "${table.replace(/"/g, '""')}"`).pluck().get() as number);
      health.counts.push({ table, rows });
    }
    return health;
  } finally {
    db.close();
  }
}
