import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, runCli } from '../helpers/harness.js';
import { openDb, type Db } from '../../src/store/db.js';
import { listFindings } from '../../src/store/queries.js';

/**
 * SIGHUP on the real daemon process: a rule pack added to the config starts detecting without a
 * restart; an invalid pack is rejected with its problems logged and the running rules kept.
 */
const MARKER_PACK = [
  'rules:',
  '  - id: reload-marker',
  '    description: A marker only this test pack knows',
  '    category: custom',
  '    severity: high',
  '    confidence: high',
  "    regex: 'LWMARK-[0-9]{8}'",
  '    keywords: [lwmark-]',
  '    examples:',
  "      match: ['see LWMARK-12345678 here']",
  "      ignore: ['LWMARK-123 is too short']",
].join('\n');

/** The same rule with a severity no pack accepts. */
const BROKEN_PACK = MARKER_PACK.replace('id: reload-marker', 'id: broken-marker').replace('severity: high', 'severity: extreme');

describe('daemon reload (SIGHUP)', () => {
  it('a new rule pack detects without a restart; an invalid one is rejected and the old rules keep working', async () => {
    const h = await harness({ seed: 12, users: 5, conversations: 20, historyDays: 5, logsRetentionDays: 30, files: false });
    const markerPack = join(h.dir, 'marker.yaml');
    const brokenPack = join(h.dir, 'broken.yaml');
    writeFileSync(markerPack, MARKER_PACK);
    writeFileSync(brokenPack, BROKEN_PACK);
    const cfg = join(h.dir, 'leakwatch.yaml');
    const write = (paths: string[]): void => writeFileSync(cfg, JSON.stringify({
      workspace_id: h.sim.workspaceId,
      api: { base_url: h.sim.url, retry_base_delay_ms: 5, rate_limits: { list_per_minute: 100000, get_per_minute: 100000 } },
      database: { path: h.dbPath },
      pipeline: { threads: 1 },
      rules: { paths },
      daemon: { initial_lookback_hours: 24 * 10, poll_interval_seconds: 0.2 },
      metrics: { listen: '127.0.0.1:0' },
      log: { level: 'info' },
    }));
    write(['builtin']);
    const daemon = runCli(['daemon', '--config', cfg], { ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey });
    let stderr = '';
    daemon.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const pid = daemon.child.pid;
    let db: Db | null = null;
    const until = async (what: string, check: () => boolean): Promise<void> => {
      for (let i = 0; i < 1200; i++) {
        if (check()) return;
        if (daemon.child.exitCode !== null) throw new Error(`daemon exited while waiting for ${what}: ${stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}: ${stderr.slice(-2000)}`);
    };
    const scanned = (messageId: string): boolean =>
      db!.prepare('SELECT 1 FROM scanned_items WHERE item_key LIKE ?').get(`%${messageId}%`) !== undefined;
    const markerFindings = (): string[] => listFindings(db!, { rule: 'reload-marker' }).map((f) => f.message_id ?? '');
    const countOf = (text: string): number => stderr.split(text).length - 1;
    try {
      await until('the first poll cycle', () => stderr.includes('poll cycle done'));
      db = openDb(h.dbPath, { readonly: true });

      // Before: the built-in rules do not know the marker.
      const m1 = h.sim.append({ texts: ['release checklist LWMARK-11111111 for the team'] }).messageIds[0]!;
      await until('the first marker message to be scanned', () => scanned(m1));
      expect(markerFindings()).toEqual([]);

      // SIGHUP with the pack added: the next message is found, by the same process.
      write(['builtin', markerPack]);
      daemon.child.kill('SIGHUP');
      await until('the reload', () => stderr.includes('configuration reloaded'));
      const m2 = h.sim.append({ texts: ['release checklist LWMARK-22222222 for the team'] }).messageIds[0]!;
      await until('the marker finding', () => markerFindings().includes(m2));
      expect(markerFindings()).toEqual([m2]);
      expect(daemon.child.pid).toBe(pid);
      expect(daemon.child.exitCode).toBeNull();

      // An invalid pack: rejected with the file, rule and key named; the running rules stay.
      write(['builtin', markerPack, brokenPack]);
      daemon.child.kill('SIGHUP');
      await until('the rejection', () => stderr.includes('reload rejected'));
      const rejection = stderr.split('\n').find((l) => l.includes('reload rejected')) ?? '';
      expect(rejection).toMatch(/broken\.yaml/);
      expect(rejection).toMatch(/broken-marker/);
      expect(rejection).toMatch(/severity/);
      const m3 = h.sim.append({ texts: ['release checklist LWMARK-33333333 for the team'] }).messageIds[0]!;
      await until('the marker finding after the rejected reload', () => markerFindings().includes(m3));
      expect(daemon.child.exitCode).toBeNull();
      expect(countOf('configuration reloaded')).toBe(1);

      daemon.child.kill('SIGTERM');
      const stopped = await daemon.done;
      expect(stopped.status, stderr.slice(-2000)).toBe(0);
      expect(stderr).toContain('daemon stopped cleanly');
    } finally {
      db?.close();
      if (daemon.child.exitCode === null) {
        daemon.child.kill('SIGKILL');
        await daemon.done;
      }
      await h.close();
    }
  });

  it('scan does not reload: a SIGHUP is logged and the scan completes', async () => {
    const h = await harness({ seed: 13, users: 5, conversations: 30, historyDays: 5, logsRetentionDays: 30, files: false });
    try {
      const cfg = join(h.dir, 'leakwatch.yaml');
      writeFileSync(cfg, JSON.stringify({
        workspace_id: h.sim.workspaceId,
        api: { base_url: h.sim.url, retry_base_delay_ms: 5, rate_limits: { list_per_minute: 100000, get_per_minute: 100000 } },
        database: { path: h.dbPath }, pipeline: { threads: 1 }, log: { level: 'info' },
      }));
      const scan = runCli(['scan', '--config', cfg, '--since', '10d', '--source', 'logs'], { ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey });
      let stderr = '';
      scan.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      // Once it is past start-up (users synced), the handler is in place.
      for (let i = 0; i < 1200 && !stderr.includes('users synced') && scan.child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
      const hupSent = scan.child.exitCode === null && scan.child.kill('SIGHUP');
      const done = await scan.done;
      expect(done.status, stderr.slice(-2000)).toBe(1);
      expect(done.stdout).toMatch(/logs\s+complete/);
      // The scan is still reading when users are synced (its pool starts after), so the signal lands.
      expect(hupSent).toBe(true);
      expect(stderr).toContain('SIGHUP ignored: only leakwatch daemon reloads its configuration');
    } finally {
      await h.close();
    }
  });
});
