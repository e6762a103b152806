import { describe, it, expect } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, CLI_ARGS, runCli, type Harness } from '../helpers/harness.js';
import { startSmtpServer, startSyslogListener, startWebhookReceiver } from '../helpers/servers.js';
import { runScan } from '../../src/app/scan.js';
import { listFindings } from '../../src/store/queries.js';
import { listAudit } from '../../src/store/audit.js';
import { openDb } from '../../src/store/db.js';

/**
 * Acting on findings, end to end on the simulator: policies, the outbox, delivery to real local
 * receivers (webhook, SMTP, syslog), remediation by deletion (dry run, real, refused), and
 * triage suppression on a re-scan.
 */
const SINCE = new Date(Date.now() - 400 * 86_400_000);
const SIM = { seed: 8, users: 6, conversations: 40, historyDays: 20, logsRetentionDays: 365, files: false };
const SECRET = 'webhook-test-secret';

/** Every value the simulator planted (messages and files), to grep alert bodies for. */
function plantedValues(h: Harness): string[] {
  const gt = h.sim.groundTruth();
  return [...gt.planted.map((p) => p.value), ...gt.files.flatMap((f) => f.planted.map((p) => p.value))];
}

function alertsConfig(webhookUrl: string, smtpPort: number, syslogPort: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    policies: [{ name: 'secrets-everywhere', match: { categories: ['secret'] }, actions: { alert: ['hook', 'mail', 'siem'] } }],
    alerts: {
      sinks: {
        hook: { type: 'webhook', url: webhookUrl, secret: SECRET },
        mail: { type: 'email', host: '127.0.0.1', port: smtpPort, require_tls: false, from: 'leakwatch@example.com', to: ['soc@example.com'] },
        siem: { type: 'syslog', protocol: 'tcp', host: '127.0.0.1', port: syslogPort },
      },
      retry_base_seconds: 0.05, retry_max_seconds: 0.2, poll_seconds: 0.05, per_sink_per_minute: 100_000,
    },
    ...over,
  };
}

describe('alerts', () => {
  it('delivers exactly one alert per finding to each sink, through webhook failures, with masked previews only', async () => {
    const h = await harness(SIM);
    const hook = await startWebhookReceiver({ failFirst: 3, status: 503, retryAfter: 0, secret: SECRET });
    const smtp = await startSmtpServer();
    const siem = await startSyslogListener({ protocol: 'tcp' });
    try {
      const rt = h.runtime(alertsConfig(hook.url, smtp.port, siem.port));
      await runScan(rt, { since: SINCE, until: null, source: 'logs' });
      // A scan delivers what is due before it returns; the webhook's failures are retried after backoff.
      for (let i = 0; i < 100 && rt.store.outbox.counts().some((c) => c.status === 'pending'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        await rt.actions.flush();
      }
      const secrets = listFindings(rt.db, { kind: 'message' }).filter((f) => f.category === 'secret');
      expect(secrets.length).toBeGreaterThan(5);
      const delivered = hook.requests.filter((r, i) => i >= 3);
      const keys = delivered.map((r) => r.headers['idempotency-key']);
      expect(new Set(keys).size).toBe(secrets.length);
      expect(delivered.every((r) => r.signatureValid === true)).toBe(true);
      expect(smtp.messages).toHaveLength(secrets.length);
      await siem.waitFor(secrets.length);
      expect(siem.messages).toHaveLength(secrets.length);
      const bodies = [...hook.requests.map((r) => r.body), ...smtp.messages.map((m) => m.raw), ...siem.messages].join('\n');
      expect(plantedValues(h).filter((v) => bodies.includes(v))).toEqual([]);
      expect(rt.store.outbox.counts().filter((c) => c.status !== 'sent')).toEqual([]);
    } finally {
      await h.close();
      await hook.close();
      await smtp.close();
      await siem.close();
    }
  });

  it('a daemon killed between commit and delivery delivers every alert once after restart', async () => {
    const h = await harness(SIM);
    // The receiver answers slowly, so the SIGKILL lands while alerts are still in the outbox.
    const hook = await startWebhookReceiver({ secret: SECRET, delayMs: 200 });
    try {
      const dir = h.dir;
      const cfg = join(dir, 'daemon.yaml');
      const config = {
        workspace_id: h.sim.workspaceId,
        api: { base_url: h.sim.url, retry_base_delay_ms: 5, rate_limits: { list_per_minute: 100000, get_per_minute: 100000 } },
        database: { path: h.dbPath },
        daemon: { initial_lookback_hours: 24 * 40, poll_interval_seconds: 3600 },
        // Other test files run daemons at the same time: no fixed metrics port.
        metrics: { listen: '127.0.0.1:0' },
        policies: [{ name: 'all-secrets', match: { categories: ['secret'] }, actions: { alert: ['hook'] } }],
        alerts: { sinks: { hook: { type: 'webhook', url: hook.url, secret: SECRET } }, poll_seconds: 0.05, per_sink_per_minute: 100000 },
        log: { level: 'info' },
      };
      writeFileSync(cfg, JSON.stringify(config));
      const env = { ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey };
      const child = spawn(process.execPath, [...CLI_ARGS, 'daemon', '--config', cfg], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Kill as soon as the first alert arrived: the rest are committed but not delivered.
      for (let i = 0; i < 600 && hook.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGKILL');
      await exited(child);
      const db = openDb(h.dbPath, { readonly: true });
      const total = listFindings(db, {}).filter((f) => f.category === 'secret').length;
      const pendingBefore = (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`).get() as { n: number }).n;
      db.close();
      expect(total).toBeGreaterThan(1);
      expect(pendingBefore).toBeGreaterThan(0);

      const again = spawn(process.execPath, [...CLI_ARGS, 'daemon', '--config', cfg], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      for (let i = 0; i < 600; i++) {
        const keys = new Set(hook.requests.map((r) => r.headers['idempotency-key']));
        if (keys.size >= total) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      again.kill('SIGTERM');
      await exited(again);
      const keys = hook.requests.map((r) => String(r.headers['idempotency-key']));
      // Every finding alerted; a duplicate can only be the one in flight at the kill, with the same key.
      expect(new Set(keys).size, stderr.slice(-2000)).toBe(total);
      expect(keys.length - new Set(keys).size).toBeLessThanOrEqual(1);
    } finally {
      await h.close();
      await hook.close();
    }
  });
});

/** Resolves when the process has exited, also when it already had (an 'exit' listener added late never fires). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

describe('remediation', () => {
  const policy = { policies: [{ name: 'delete-ids', match: { rules: ['us-ssn', 'iban', '*-card'] }, actions: { delete: true } }] };
  const targeted = (ruleId: string): boolean => ruleId === 'us-ssn' || ruleId === 'iban' || ruleId.endsWith('-card');

  it('dry run by default: deletes nothing and records what it would delete', async () => {
    const h = await harness(SIM);
    try {
      const rt = h.runtime(policy);
      await runScan(rt, { since: SINCE, until: null, source: 'logs' });
      const audit = listAudit(rt.db);
      expect(audit.length).toBeGreaterThan(0);
      expect(audit.every((a) => a.mode === 'dry-run' && a.outcome === 'would-delete')).toBe(true);
      expect(h.sim.deletedConversations()).toEqual([]);
      // The CLI explains the decision and shows the trail and the outbox.
      const cfg = join(h.dir, 'act.yaml');
      writeFileSync(cfg, JSON.stringify({ workspace_id: h.sim.workspaceId, database: { path: h.dbPath }, ...policy }));
      const id = audit[0]?.finding_id;
      const explained = await runCli(['policies', 'test', '--finding', String(id), '--config', cfg], {}).done;
      expect(explained.status, explained.stderr).toBe(0);
      expect(explained.stdout).toMatch(/MATCH delete-ids/);
      expect(explained.stdout).toMatch(/decision: policy delete-ids .*delete the conversation \(dry run/);
      const trail = await runCli(['audit', '--config', cfg, '--format', 'json'], {}).done;
      expect(trail.stdout.trim().split('\n')).toHaveLength(audit.length);
      const outbox = await runCli(['alerts', 'list', '--config', cfg], {}).done;
      expect(outbox.stdout).toMatch(/delete\s+-\s+dry-run/);
    } finally {
      await h.close();
    }
  });

  it('enabled: the conversation is gone from the simulator, once, with its audit row', async () => {
    const h = await harness(SIM);
    try {
      const rt = h.runtime({ ...policy, remediation: { enabled: true } });
      await runScan(rt, { since: SINCE, until: null, source: 'logs' });
      const cards = listFindings(rt.db, {}).filter((f) => targeted(f.rule_id));
      const conversations = new Set(cards.map((f) => f.conversation_id));
      expect(conversations.size).toBeGreaterThan(0);
      expect(new Set(h.sim.deletedConversations())).toEqual(conversations);
      const deleted = listAudit(rt.db).filter((a) => a.outcome === 'deleted');
      expect(deleted.map((a) => a.conversation_id).sort()).toEqual([...conversations].sort());
      expect(deleted.every((a) => a.http_status === 200 && a.mode === 'delete')).toBe(true);
      // Gone from the listing too.
      const listing = await runScan(h.runtime(), { since: SINCE, until: null, source: 'conversations', fresh: true });
      expect(listing.sources[0]?.status).toBe('complete');
    } finally {
      await h.close();
    }
  });

  it('a 403 (no delete scope) is reported and the scan completes', async () => {
    const h = await harness({ ...SIM, deleteScope: false });
    try {
      const rt = h.runtime({ ...policy, remediation: { enabled: true } });
      const report = await runScan(rt, { since: SINCE, until: null, source: 'logs' });
      expect(report.sources[0]?.status).toBe('complete');
      const audit = listAudit(rt.db);
      expect(audit[0]).toMatchObject({ outcome: 'forbidden', http_status: 403 });
      expect(audit.filter((a) => a.outcome === 'forbidden')).toHaveLength(1);
      expect(h.log.text()).toMatch(/lacks the \\?"delete\\?" scope/);
      expect(h.sim.deletedConversations()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('triage', () => {
  it('a value marked false positive is not reported again, here or in other content', async () => {
    const h = await harness(SIM);
    try {
      const rt = h.runtime();
      await runScan(rt, { since: SINCE, until: null, source: 'logs' });
      const target = listFindings(rt.db, { kind: 'message' }).find((f) => f.category === 'secret');
      expect(target?.value_hash).toBeTruthy();
      const cfg = join(h.dir, 'triage.yaml');
      writeFileSync(cfg, JSON.stringify({ workspace_id: h.sim.workspaceId, database: { path: h.dbPath } }));
      const r = await runCli(['triage', String(target?.id), '--status', 'false_positive', '--suppress', 'rule', '--config', cfg], {}).done;
      expect(r.status, r.stderr).toBe(0);
      // A fresh scan of the same content (the other source) records nothing again, and the triage stands.
      const before = listFindings(rt.db, {}).length;
      await runScan(h.runtime(), { since: SINCE, until: null, source: 'conversations', fresh: true });
      expect(listFindings(rt.db, {}).length).toBe(before);
      expect(listFindings(rt.db, { status: 'false_positive' }).map((f) => f.id)).toContain(target?.id);
    } finally {
      await h.close();
    }
  });
});
