import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, existsSync, openSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { harness, runCli, tempDir, type CliRun } from '../helpers/harness.js';
import { runScan } from '../../src/app/scan.js';
import { runDaemon } from '../../src/app/daemon.js';
import { LATEST_SCHEMA_VERSION, openDb, openDbFile, type Db } from '../../src/store/db.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A config file for the CLI: only the database and retention matter to `leakwatch db`. */
function configFile(dir: string, dbPath: string, extra: string[] = []): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, ['workspace_id: ws-test', `database: { path: ${dbPath} }`, 'log: { level: warn }', ...extra].join('\n'));
  return file;
}

const cli = (args: string[]): CliRun['done'] => runCli(args, { ...process.env }).done;

const fingerprints = (db: Db): Map<number, string> =>
  new Map((db.prepare('SELECT id, fingerprint FROM findings').all() as { id: number; fingerprint: string }[]).map((r) => [r.id, r.fingerprint]));
const scannedKeys = (db: Db): string[] => db.prepare('SELECT item_key FROM scanned_items').pluck().all() as string[];

function seedFindings(path: string, n: number, firstSeen: (i: number) => string): void {
  const db = openDb(path);
  try {
    db.transaction(() => {
      const stmt = db.prepare(`INSERT INTO findings (fingerprint, workspace_id, source, source_kind, conversation_id, message_id, start_offset, end_offset,
        rule_id, category, severity, confidence, preview, first_seen_at, run_id) VALUES (?, 'ws-test', 'logs', 'message', 'c', ?, 0, 4, 'r', 'secret', 'high', 'high', 'ab**', ?, 1)`);
      for (let i = 1; i <= n; i++) stmt.run(`fp-${i}`, `m-${i}`, firstSeen(i));
    })();
  } finally {
    db.close();
  }
}

describe('leakwatch db', () => {
  it('backs up a database while a scan writes to it: the copy is whole, checked, and a consistent prefix of the final database', async () => {
    const h = await harness({ seed: 31, users: 15, conversations: 250, logsRetentionDays: 365, messagesPerLogFile: 20, conversationsClosed: true });
    dirs.push(h.dir);
    try {
      // Slow the API so that the scan is still writing while the backup process starts and copies.
      h.sim.setFaults({ latencyMs: 150 });
      const rt = h.runtime({ api: { base_url: h.sim.url, page_size: { logs: 5 }, retry_base_delay_ms: 5, rate_limits: { list_per_minute: 100000, get_per_minute: 100000 } }, pipeline: { threads: 2, batch_bytes: 4096 } });
      const dest = join(h.dir, 'backup.db');
      const config = configFile(h.dir, h.dbPath);
      let backup: Promise<Awaited<CliRun['done']>> | null = null;
      let scanFinished = false;
      let committedAtStart = 0;
      let scanRunningWhenBackupDone = false;
      const scan = runScan(rt, {
        since: new Date(Date.now() - 400 * 86_400_000), until: null, source: 'logs',
        onProgress: () => {
          // After the first committed batch: the backup overlaps the rest of the scan.
          if (backup !== null) return;
          committedAtStart = scannedKeys(rt.db).length;
          if (committedAtStart === 0) return;
          backup = cli(['db', 'backup', dest, '--config', config]).then((r) => {
            scanRunningWhenBackupDone = !scanFinished;
            h.sim.setFaults({});
            return r;
          });
        },
      }).finally(() => {
        scanFinished = true;
      });
      await scan;
      expect(backup).not.toBeNull();
      const b = await backup!;
      expect(b.stderr).toBe('');
      expect(b.status).toBe(0);
      expect(b.stdout).toContain(`backup written: ${dest}`);
      expect(b.stdout).toContain('integrity_check: ok');
      expect(b.stdout).toMatch(new RegExp(`schema version ${LATEST_SCHEMA_VERSION}, \\d+ pages of \\d+ bytes, \\d+ bytes on disk`));
      expect(scanRunningWhenBackupDone).toBe(true);
      expect(existsSync(`${dest}.partial`)).toBe(false);
      expect(existsSync(`${dest}-wal`)).toBe(false);
      // Owner-only: the copy holds e-mails, previews and the value salt.
      expect(statSync(dest).mode & 0o777).toBe(0o600);

      const copy = openDbFile(dest, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
        const inCopy = fingerprints(copy);
        const inFinal = fingerprints(rt.db);
        const copied = scannedKeys(copy);
        const finalKeys = new Set(scannedKeys(rt.db));
        // The copy is a snapshot taken mid-scan: at least the first batch, not yet everything.
        expect(copied.length).toBeGreaterThanOrEqual(committedAtStart);
        expect(copied.length).toBeLessThan(finalKeys.size);
        expect(copied.filter((k) => !finalKeys.has(k))).toEqual([]);
        expect(inCopy.size).toBeLessThanOrEqual(inFinal.size);
        for (const [id, fp] of inCopy) expect(inFinal.get(id)).toBe(fp);
        // Checkpoint and findings are from one transaction: the copy's run counters match its rows.
        const run = copy.prepare(`SELECT items_scanned, findings_new FROM runs WHERE mode = 'scan'`).get() as { items_scanned: number; findings_new: number };
        expect(run.findings_new).toBe(inCopy.size);
      } finally {
        copy.close();
      }
    } finally {
      await h.close();
    }
  });

  it('check, version, backup refusals and purge through the CLI; a corrupted copy and a newer schema are reported', async () => {
    const dir = tempDir('lw-dbcli-');
    dirs.push(dir);
    const dbPath = join(dir, 'leakwatch.db');
    const now = Date.now();
    // 3000 findings: 2000 first seen 100 days ago, 1000 yesterday.
    seedFindings(dbPath, 3000, (i) => new Date(now - (i <= 2000 ? 100 : 1) * 86_400_000).toISOString());
    const config = configFile(dir, dbPath, ['retention: { findings_days: 30, batch_rows: 500 }']);

    const check = await cli(['db', 'check', '--config', config]);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toContain(`schema: schema version ${LATEST_SCHEMA_VERSION}, current`);
    expect(check.stdout).toMatch(/^integrity: ok$/m);
    expect(check.stdout).toMatch(/^foreign keys: ok$/m);
    expect(check.stdout).toMatch(/^findings\s+3000$/m);
    expect(check.stdout).toMatch(/^remediation_audit\s+0$/m);
    expect(check.stdout).toMatch(/^healthy$/m);

    const version = await cli(['db', 'version', '--config', config]);
    expect(version.status).toBe(0);
    expect(version.stdout).toContain(`schema version ${LATEST_SCHEMA_VERSION}, current`);

    const dry = await cli(['db', 'purge', '--dry-run', '--config', config]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('dry run: nothing is deleted');
    expect(dry.stdout).toMatch(/^findings\s+30 days\s+\S+\s+2000\s*$/m);
    expect(dry.stdout).toMatch(/^scan_errors\s+forever\s+0\s*$/m);
    const purge = await cli(['db', 'purge', '--config', config]);
    expect(purge.status).toBe(0);
    expect(purge.stdout).toMatch(/^findings\s+30 days\s+\S+\s+2000\s*$/m);
    expect(purge.stdout).toContain('never purged: remediation_audit');
    const again = await cli(['db', 'purge', '--config', config]);
    expect(again.stdout).toMatch(/^findings\s+30 days\s+\S+\s+0\s*$/m);
    const db = openDbFile(dbPath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM findings').pluck().get()).toBe(1000);
    db.close();

    const dest = join(dir, 'b.db');
    expect((await cli(['db', 'backup', dest, '--config', config])).status).toBe(0);
    const exists = await cli(['db', 'backup', dest, '--config', config]);
    expect(exists.status).toBe(2);
    expect(exists.stderr).toContain('[BACKUP_EXISTS]');
    expect(exists.stderr).toContain('--force');
    expect((await cli(['db', 'backup', dest, '--force', '--config', config])).status).toBe(0);
    const noDir = await cli(['db', 'backup', join(dir, 'missing', 'b.db'), '--config', config]);
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toMatch(/cannot write the backup in .*missing: no such directory.*\[BACKUP_DEST_UNWRITABLE\]/);
    const same = await cli(['db', 'backup', dbPath, '--config', config]);
    expect(same.stderr).toContain('[BACKUP_SAME_FILE]');
    const noFile = await cli(['db', 'backup', '--config', config]);
    expect(noFile.status).toBe(2);

    // Damage: the findings table's root page of a copy gets an invalid b-tree page type.
    const bad = join(dir, 'corrupt.db');
    copyFileSync(dest, bad);
    const probe = openDbFile(bad, { readonly: true });
    const root = probe.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'findings'`).pluck().get() as number;
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    probe.close();
    const fd = openSync(bad, 'r+');
    writeSync(fd, Buffer.from([0x00, 0xff, 0xff, 0xff, 0xff]), 0, 5, (root - 1) * pageSize);
    closeSync(fd);
    const damaged = await cli(['db', 'check', '--config', configFile(dir, bad)]);
    expect(damaged.status).toBe(4);
    expect(damaged.stdout).toMatch(/^DAMAGED: \d+ problem\(s\):$/m);
    expect(damaged.stdout).not.toMatch(/^healthy$/m);

    // A database from a newer leakwatch.
    const newer = join(dir, 'newer.db');
    copyFileSync(dest, newer);
    const raw = openDbFile(newer, { readonly: false });
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const newerConfig = configFile(dir, newer);
    const tooNew = await cli(['db', 'check', '--config', newerConfig]);
    expect(tooNew.status).toBe(2);
    expect(tooNew.stdout).toMatch(/^integrity: ok$/m);
    expect(tooNew.stderr).toMatch(new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 1} is newer than this leakwatch's ${LATEST_SCHEMA_VERSION}.*too old.*\\[DB_TOO_NEW\\]`));
    const tooNewVersion = await cli(['db', 'version', '--config', newerConfig]);
    expect(tooNewVersion.status).toBe(2);
    expect(tooNewVersion.stderr).toContain('[DB_TOO_NEW]');

    const missing = await cli(['db', 'check', '--config', configFile(dir, join(dir, 'nope.db'))]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('[DB_MISSING]');
  });

  it('the daemon purges at start and logs the counts', async () => {
    const h = await harness({ seed: 5, users: 5, conversations: 10, historyDays: 5 });
    dirs.push(h.dir);
    try {
      const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
      seedFindings(h.dbPath, 3, (i) => (i < 3 ? old : new Date().toISOString()));
      const rt = h.runtime({ retention: { findings_days: 30 }, daemon: { initial_lookback_hours: 24 * 10, poll_interval_seconds: 0.01 } });
      await runDaemon(rt, { cycles: 1 });
      expect(rt.db.prepare(`SELECT fingerprint FROM findings WHERE fingerprint LIKE 'fp-%'`).pluck().all()).toEqual(['fp-3']);
      const line = h.log.lines.map((l) => JSON.parse(l) as { msg: string; deleted?: Record<string, number> }).find((l) => l.msg === 'retention purge done');
      expect(line?.deleted).toEqual({ findings: 2 });
    } finally {
      await h.close();
    }
  });
});
