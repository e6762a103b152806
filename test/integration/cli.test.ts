import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, tempDir, runCli, CLI_ARGS as CLI, findingIdentities } from '../helpers/harness.js';
import { openDb } from '../../src/store/db.js';
import { listFindings } from '../../src/store/queries.js';
import { runScan } from '../../src/app/scan.js';


function configFor(url: string, workspaceId: string, db: string): string {
  return [
    `workspace_id: ${workspaceId}`,
    'api:',
    `  base_url: ${url}`,
    '  retry_base_delay_ms: 5',
    '  page_size: { logs: 3, conversations: 10 }',
    '  rate_limits: { list_per_minute: 100000, get_per_minute: 100000 }',
    `database: { path: ${db} }`,
    'pipeline: { threads: 2, batch_bytes: 2048 }',
    'log: { level: warn }',
  ].join('\n');
}

describe('leakwatch CLI', () => {
  it('exits 2 and lists every config problem with its key path', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'workspace_id: ""\napi:\n  max_attempts: 0\n  page_size: { logs: 1000 }\nrules:\n  min_confidence: sometimes\nsurprise: 1\n');
    const res = spawnSync(process.execPath, [...CLI, 'scan', '--config', file], { encoding: 'utf8', env: { ...process.env, LEAKWATCH_API_KEY: 'x' } });
    expect(res.status).toBe(2);
    for (const key of ['workspace_id:', 'api.max_attempts:', 'api.page_size.logs:', 'rules.min_confidence:', 'surprise: unknown key']) {
      expect(res.stderr).toContain(key);
    }
    expect(res.stderr).toContain('CONFIG_INVALID');
  });

  it('exits 2 naming the flag for a bad --since, and 3 for a rejected key', async () => {
    const h = await harness({ users: 3, conversations: 5 });
    try {
      const file = join(h.dir, 'c.yaml');
      writeFileSync(file, configFor(h.sim.url, h.sim.workspaceId, h.dbPath));
      const bad = spawnSync(process.execPath, [...CLI, 'scan', '--config', file, '--since', 'yesterday'], { encoding: 'utf8', env: { ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey } });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--since');
      const denied = await runCli(['scan', '--config', file, '--since', '30d'], { ...process.env, LEAKWATCH_API_KEY: 'wrong-key' }).done;
      expect(denied.status).toBe(3);
      expect(denied.stderr).toContain('401');
      expect(denied.stderr).not.toContain('wrong-key');
    } finally {
      await h.close();
    }
  });

  it('a scan killed with SIGKILL mid-way resumes to exactly the findings of an uninterrupted run', async () => {
    const h = await harness({ seed: 33, users: 20, conversations: 400, logsRetentionDays: 365, messagesPerLogFile: 30, faults: { latencyMs: 15 } });
    try {
      const file = join(h.dir, 'c.yaml');
      writeFileSync(file, configFor(h.sim.url, h.sim.workspaceId, h.dbPath));
      const env = { ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey };
      const args = [...CLI, 'scan', '--config', file, '--since', '400d', '--source', 'logs'];
      const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
      // Kill once some findings are committed but the scan is not done.
      let killedWith = 0;
      for (let i = 0; i < 600 && child.exitCode === null; i++) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          const db = openDb(h.dbPath, { readonly: true });
          const n = listFindings(db, {}).length;
          db.close();
          if (n > 5) {
            killedWith = n;
            child.kill('SIGKILL');
            break;
          }
        } catch {
          // database not created yet
        }
      }
      await new Promise((r) => child.once('exit', r));
      expect(killedWith).toBeGreaterThan(0);

      // Async: the simulator lives in this process, so its event loop must keep running.
      const resumed = await runCli(args.slice(CLI.length), env).done;
      expect(resumed.status).toBe(1);
      expect(resumed.stdout).toContain('(resumed)');
      const db = openDb(h.dbPath, { readonly: true });
      const got = findingIdentities(db);
      db.close();

      h.sim.setFaults({});
      const ref = h.runtime({ database: { path: join(tempDir(), 'ref.db') } });
      await runScan(ref, { since: new Date(Date.now() - 400 * 86_400_000), until: null, source: 'logs' });
      const want = findingIdentities(ref.db);
      expect(got).toEqual(want);
      expect(got.length).toBeGreaterThan(killedWith);
    } finally {
      await h.close();
    }
  });
});
