import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, runCli as run } from '../helpers/harness.js';
import { openDb } from '../../src/store/db.js';
import { listFindings } from '../../src/store/queries.js';

describe('CLI commands against the simulator', () => {
  it('doctor, scan, findings (table/json/csv), status, and a daemon that stops cleanly on SIGTERM', async () => {
    const h = await harness({ seed: 8, users: 12, conversations: 120, conversationsClosed: true });
    try {
      const file = join(h.dir, 'c.yaml');
      writeFileSync(file, [
        `workspace_id: ${h.sim.workspaceId}`, 'api:', `  base_url: ${h.sim.url}`, '  retry_base_delay_ms: 5',
        '  rate_limits: { list_per_minute: 100000, get_per_minute: 100000 }', `database: { path: ${h.dbPath} }`,
        'pipeline: { threads: 2 }', 'daemon: { poll_interval_seconds: 0.2, initial_lookback_hours: 2400 }', "metrics: { listen: '127.0.0.1:0' }", 'log: { level: info }',
      ].join('\n'));
      const env = { ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey };

      const doctor = await run(['doctor', '--config', file], env).done;
      expect(doctor.status).toBe(0);
      expect(doctor.stdout).toMatch(/^ok\s+users\s/m);
      expect(doctor.stdout).toMatch(/^ok\s+source logs\s/m);
      expect(doctor.stdout).toMatch(/^warn\s+source conversations\s.*closed/m);
      expect(doctor.stdout).toMatch(/^info\s+delete scope\s/m);

      const scan = await run(['scan', '--config', file, '--since', '120d'], env).done;
      expect(scan.status).toBe(1);
      expect(scan.stdout).toMatch(/conversations\s+closed/);
      expect(scan.stdout).toMatch(/logs\s+complete/);

      const json = await run(['findings', '--config', file, '--format', 'json', '--severity', 'critical'], env).done;
      expect(json.status).toBe(0);
      const rows = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { severity: string; preview: string });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.severity === 'critical')).toBe(true);
      const csv = await run(['findings', '--config', file, '--format', 'csv', '--rule', 'payment-card'], env).done;
      expect(csv.stdout.split('\n')[0]).toContain('fingerprint');
      const planted = h.sim.groundTruth().planted.map((p) => p.value);
      for (const out of [json.stdout, csv.stdout, scan.stdout, scan.stderr]) expect(planted.filter((v) => out.includes(v))).toEqual([]);

      // The daemon starts after the scan; its own checkpoint sees everything as already scanned.
      const daemon = run(['daemon', '--config', file], env);
      h.sim.append({ newConversations: 2, newMessagesInExisting: 6 });
      const db = openDb(h.dbPath, { readonly: true });
      const before = listFindings(db, {}).length;
      let grew = false;
      for (let i = 0; i < 200 && !grew; i++) {
        await new Promise((r) => setTimeout(r, 100));
        grew = listFindings(db, {}).length > before;
      }
      db.close();
      expect(grew).toBe(true);
      const stoppedAt = Date.now();
      daemon.child.kill('SIGTERM');
      const stopped = await daemon.done;
      expect(stopped.status).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(15_000);
      expect(stopped.stderr).toContain('daemon stopped cleanly');

      const status = await run(['status', '--config', file], env).done;
      expect(status.status).toBe(0);
      expect(status.stdout).toMatch(/daemon\s+logs/);
      expect(status.stdout).toMatch(/scan:1\s+logs/);
    } finally {
      await h.close();
    }
  });
});
