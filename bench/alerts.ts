/**
 * Alert delivery: (1) throughput of the outbox to a local webhook receiver (alerts/s, one alert
 * per finding, signed, one sink); (2) scanning throughput with no policy, with a policy alerting
 * to a live webhook, and with one alerting to a dead sink (connection refused), to show that a
 * sink never slows scanning (scanning only writes outbox rows). Writes the "alerts" section of
 * bench/RESULTS.md. Usage: npx tsx bench/alerts.ts [alerts=5000] [conversations=3000]
 */
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../src/simulator/index.js';
import { parseConfig } from '../src/config/load.js';
import { createLogger } from '../src/log.js';
import { createRuntime } from '../src/app/runtime.js';
import { runScan } from '../src/app/scan.js';
import { openDb } from '../src/store/db.js';
import { Store, type FindingRow } from '../src/store/store.js';
import { Policies } from '../src/policy/match.js';
import { Delivery } from '../src/alerts/delivery.js';
import { createSink } from '../src/alerts/registry.js';
import { sinkConfigSchema } from '../src/alerts/sink-config.js';
import { writeResultsSection } from './results-file.js';

const alerts = Number(process.argv[2] ?? 5000);
const conversations = Number(process.argv[3] ?? 3000);
const log = createLogger({ level: process.env.BENCH_LOG ?? 'silent' });

/** A webhook receiver that answers 200 at once and counts. */
async function receiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/hook`, count: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

// 1. Delivery throughput.
const hook = await receiver();
const db = openDb(join(mkdtempSync(join(tmpdir(), 'lw-bench-alerts-')), 'a.db'));
const store = new Store(db, { policies: new Policies([{ name: 'all', match: {}, actions: { alert: ['hook'], delete: false, ignore: false } }]) });
const rows: FindingRow[] = Array.from({ length: alerts }, (_, i) => ({
  fingerprint: `fp-${i}`, workspaceId: 'ws', source: 'logs', sourceKind: 'message', conversationId: `c-${i % 500}`, messageId: `m-${i}`, fileId: null,
  userId: 'u', userEmail: 'a@example.com', authorRole: 'user', messageTime: null, start: 0, end: 16, ruleId: 'visa-card', category: 'financial',
  severity: 'high', confidence: 'high', preview: '4111********1111',
}));
store.commit({ runId: 1, rulesDigest: 'd', findings: rows, scanned: [], errors: [], checkpoint: null });
const sink = createSink('hook', sinkConfigSchema.parse({ type: 'webhook', url: hook.url, secret: 'bench-secret' }), { log });
const delivery = new Delivery({ store, sinks: new Map([['hook', sink]]), log, maxAttempts: 5, retryBaseMs: 100, retryMaxMs: 1000, perSinkPerMinute: 1_000_000, pollMs: 1000 });
const t0 = process.hrtime.bigint();
await delivery.flush();
const deliverySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const delivered = hook.count();
await delivery.stop();
await sink.close();
db.close();

// 2. Scanning with no sink, a live sink and a dead sink.
const sim = await startSimulator({ seed: 6, users: 100, conversations, historyDays: 30, logsRetentionDays: 365, rateLimits: false, files: false });
async function scanSeconds(alertTo: 'none' | 'live' | 'dead'): Promise<{ seconds: number; messages: number; queued: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-scan-'));
  const url = alertTo === 'dead' ? 'http://127.0.0.1:9/hook' : hook.url;
  const config = parseConfig({
    workspace_id: sim.workspaceId,
    api: { base_url: sim.url, rate_limits: { list_per_minute: 1_000_000, get_per_minute: 1_000_000 } },
    database: { path: join(dir, 'b.db') },
    ...(alertTo === 'none' ? {} : {
      policies: [{ name: 'all', match: {}, actions: { alert: ['hook'] } }],
      alerts: { sinks: { hook: { type: 'webhook', url, secret: 'bench-secret' } }, poll_seconds: 0.2, retry_base_seconds: 1 },
    }),
  }, {});
  const rt = createRuntime(config, log, { apiKey: sim.apiKey });
  try {
    const started = process.hrtime.bigint();
    let scannedAt = started;
    let messages = 0;
    await runScan(rt, {
      since: new Date(Date.now() - 400 * 86_400_000), until: null, source: 'logs',
      // The scan proper ends at its last progress report; delivering what is due comes after.
      onProgress: (s) => {
        scannedAt = process.hrtime.bigint();
        messages = s.itemsScanned;
      },
    });
    const queued = rt.store.outbox.counts().reduce((n, c) => n + c.n, 0);
    return { seconds: Number(scannedAt - started) / 1e9, messages, queued };
  } finally {
    await rt.close();
  }
}
// A first scan warms the simulator's caches and the JIT; it is not reported.
await scanSeconds('none');
const runs = { none: await scanSeconds('none'), live: await scanSeconds('live'), dead: await scanSeconds('dead') };
await sim.close();
await hook.close();

const rate = (r: { seconds: number; messages: number }): string => Math.round(r.messages / r.seconds).toLocaleString('en');
const md = `## Alert delivery

Written by \`npx tsx bench/alerts.ts ${alerts} ${conversations}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Node ${process.version}.

Delivery: ${delivered} of ${alerts} alerts (one per finding, signed JSON, one webhook sink on loopback answering 200) in
${deliverySeconds.toFixed(2)} s: **${Math.round(delivered / deliverySeconds)} alerts/s** from one sink loop (deliveries to one sink are sequential, so
a slow receiver bounds its own sink only; \`alerts.per_sink_per_minute\` caps it in production).

Scanning the same simulated workspace (${conversations} conversations, logs source, message text only, after one warm-up scan),
with every finding alerting:

| alerts go to | messages | scan seconds | messages/s | alerts queued |
|---|---:|---:|---:|---:|
| no policy (nothing queued) | ${runs.none.messages} | ${runs.none.seconds.toFixed(2)} | ${rate(runs.none)} | ${runs.none.queued} |
| a live webhook | ${runs.live.messages} | ${runs.live.seconds.toFixed(2)} | ${rate(runs.live)} | ${runs.live.queued} |
| a dead sink (connection refused) | ${runs.dead.messages} | ${runs.dead.seconds.toFixed(2)} | ${rate(runs.dead)} | ${runs.dead.queued} |

Scanning only writes outbox rows in its commit; delivery runs beside it, per sink. The scan time is to its last
progress report (the delivery of what is due, done before \`scan\` returns, is not included).
`;
writeResultsSection('alerts', md);
console.log(md);
