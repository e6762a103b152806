import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LeakwatchError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

/** The only module that imports better-sqlite3. Others use these types. */
export type Db = Database.Database;
export type Statement<P extends unknown[] | object = unknown[], R = unknown> = Database.Statement<P, R>;

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
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  }
  db.pragma('foreign_keys = ON');
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new LeakwatchError('DB_TOO_NEW', 'config', `database schema version ${current} is newer than this leakwatch (${MIGRATIONS.length}): upgrade leakwatch`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    const step = MIGRATIONS[v] as string;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
