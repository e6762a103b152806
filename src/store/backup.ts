import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync, unlinkSync, accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LeakwatchError, errorMessage } from '../errors.js';
import { openDbFile, schemaVersion } from './db.js';

/**
 * `leakwatch db backup FILE`: SQLite's online backup API, safe while the daemon writes. The copy
 * is one consistent snapshot: it is taken in a single backup step, one read transaction, which
 * in WAL mode never blocks the writer (a step-by-step copy would restart each time another
 * connection writes, and might never finish under a busy daemon). It is written to FILE.partial,
 * made a self-contained file (rollback journal, no -wal), checked with PRAGMA integrity_check
 * read-only, and only then renamed to FILE: FILE is always a whole, checked backup.
 */

export interface BackupResult {
  path: string;
  /** PRAGMA integrity_check of the copy: ['ok'] when healthy, else its problems. */
  integrity: string[];
  ok: boolean;
  schemaVersion: number;
  pageCount: number;
  pageSize: number;
  bytes: number;
}

/** All remaining pages in the next step (sqlite3_backup_step takes an int). */
const ALL_PAGES = 0x7fffffff;

export async function backupDatabase(source: string, destination: string, opts: { force?: boolean } = {}): Promise<BackupResult> {
  const dest = resolve(destination);
  if (!existsSync(source)) {
    throw new LeakwatchError('DB_MISSING', 'config', `no database at ${source} to back up (check database.path)`);
  }
  if (dest === resolve(source)) {
    throw new LeakwatchError('BACKUP_SAME_FILE', 'usage', `the backup file ${dest} is the database itself: name another file`);
  }
  if (existsSync(dest)) {
    if (statSync(dest).isDirectory()) {
      throw new LeakwatchError('BACKUP_DEST_IS_DIR', 'usage', `${dest} is a directory: name the backup file, e.g. ${resolve(dest, 'leakwatch-backup.db')}`);
    }
    if (!opts.force) {
      throw new LeakwatchError('BACKUP_EXISTS', 'usage', `${dest} already exists: name another file, or pass --force to replace it`);
    }
  }
  const dir = dirname(dest);
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new LeakwatchError('BACKUP_DEST_UNWRITABLE', 'usage',
      `cannot write the backup in ${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : errorMessage(err)} (create it, or choose a writable place)`, { cause: err });
  }

  const partial = `${dest}.partial`;
  // Leftovers of an earlier attempt that stopped half-way are ours to replace.
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  try {
    // Owner-only before a byte is written: the copy holds e-mails, previews, value hashes and the
    // salt that keys them (SQLite would create it 0644 under the usual umask).
    closeSync(openSync(partial, 'wx', 0o600));
    const src = openDbFile(source, { readonly: true });
    try {
      await src.backup(partial, { progress: () => ALL_PAGES });
    } finally {
      src.close();
    }
    // The copy inherits WAL mode from the header; a rollback journal makes it one self-contained file.
    const copy = openDbFile(partial, { readonly: false });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
  } catch (err) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
    if (err instanceof LeakwatchError) throw err;
    throw new LeakwatchError('BACKUP_FAILED', 'config', `backup of ${source} to ${partial} failed: ${errorMessage(err)} (is the disk full? is the database readable?)`, { cause: err });
  }

  const result = verify(partial);
  if (!result.ok) {
    // Kept under .partial for inspection: it may still be the best copy there is.
    return { ...result, path: partial };
  }
  publish(partial, dest, opts.force ?? false);
  return { ...result, path: dest, bytes: statSync(dest).size };
}

/** Opens the copy read-only and checks it. */
function verify(path: string): Omit<BackupResult, 'path'> {
  const db = openDbFile(path, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    return {
      integrity,
      ok: integrity.length === 1 && integrity[0] === 'ok',
      schemaVersion: schemaVersion(db),
      pageCount: db.pragma('page_count', { simple: true }) as number,
      pageSize: db.pragma('page_size', { simple: true }) as number,
      bytes: statSync(path).size,
    };
  } finally {
    db.close();
  }
}

/** FILE.partial becomes FILE: atomically; without --force never over a file that appeared meanwhile. */
function publish(partial: string, dest: string, force: boolean): void {
  try {
    if (force) {
      renameSync(partial, dest);
    } else {
      // link() fails if dest exists, where rename() would silently replace it.
      try {
        linkSync(partial, dest);
        unlinkSync(partial);
      } catch (err) {
        // A filesystem without hard links: check, then rename (a narrow race, documented).
        const code = (err as NodeJS.ErrnoException).code;
        if ((code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') || existsSync(dest)) throw err;
        renameSync(partial, dest);
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new LeakwatchError('BACKUP_EXISTS', 'usage', `${dest} appeared while the backup was written: the backup is in ${partial}; name another file, or pass --force`);
    }
    throw new LeakwatchError('BACKUP_DEST_UNWRITABLE', 'usage', `cannot move the backup ${partial} to ${dest}: ${errorMessage(err)}`, { cause: err });
  }
  // The rename itself survives a power cut only once the directory is synced.
  try {
    const fd = openSync(dirname(dest), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the file itself is already synced by SQLite.
  }
}
