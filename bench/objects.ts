/**
 * What a sweep of the sources beyond chats costs (issue 10): API calls per source and wall time
 * of a first sweep (everything scanned) and of a second one (everything already recorded), on a
 * simulated workspace of N users with the simulator's default objects. Calls, not seconds, are the
 * number that matters against the real API: at OpenAI's 50 list / 100 single-item calls a minute,
 * the per-user listings (canvases, automations, recordings) set a sweep's length.
 *
 *   npx tsx bench/objects.ts [users]      (default 300; writes the "objects" section of bench/RESULTS.md)
 */
import { cpus } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../src/simulator/index.js';
import { parseConfig } from '../src/config/load.js';
import { createLogger } from '../src/log.js';
import { createRuntime } from '../src/app/runtime.js';
import { runScan } from '../src/app/scan.js';
import { OBJECT_SOURCE_NAMES } from '../src/config/schema.js';
import { writeResultsSection } from './results-file.js';

const users = Number(process.argv[2] ?? 300);
const sim = await startSimulator({ users, conversations: 20, historyDays: 10, files: false, rateLimits: false, seed: 5 });
const dir = mkdtempSync(join(tmpdir(), 'lw-bench-objects-'));
const config = parseConfig({
  workspace_id: sim.workspaceId,
  api: { base_url: sim.url, rate_limits: { list_per_minute: 1_000_000, get_per_minute: 1_000_000 } },
  database: { path: join(dir, 'objects.db') },
  log: { level: 'warn' },
}, {});
const rt = createRuntime(config, createLogger({ level: 'warn' }), { apiKey: sim.apiKey });

interface Sweep { seconds: number; calls: Record<string, number>; scanned: number; already: number; findings: number }

async function sweep(): Promise<Sweep> {
  const before = { ...sim.stats().byRoute };
  const t0 = performance.now();
  // The messages of the last minute only: this measures the objects.
  const report = await runScan(rt, { since: new Date(Date.now() - 60_000), until: null, source: 'logs', fresh: true });
  const seconds = (performance.now() - t0) / 1000;
  const after = sim.stats().byRoute;
  const calls: Record<string, number> = {};
  for (const [route, n] of Object.entries(after)) if (n - (before[route] ?? 0) > 0) calls[route] = n - (before[route] ?? 0);
  const objects = report.sources.filter((s) => (OBJECT_SOURCE_NAMES as readonly string[]).includes(s.source));
  return {
    seconds, calls,
    scanned: objects.reduce((n, s) => n + (s.stats?.itemsScanned ?? 0), 0),
    already: objects.reduce((n, s) => n + (s.stats?.alreadyScanned ?? 0), 0),
    findings: report.findingsNew,
  };
}

try {
  const first = await sweep();
  const second = await sweep();
  const total = (s: Sweep): number => Object.values(s.calls).reduce((a, b) => a + b, 0);
  const inv = sim.groundTruth().inventory;
  const routes = [...new Set([...Object.keys(first.calls), ...Object.keys(second.calls)])].sort();
  const rows = routes.map((r) => `| ${r} | ${first.calls[r] ?? 0} | ${second.calls[r] ?? 0} |`).join('\n');
  // At the documented limits, a sweep lasts at least its list calls / 50 or its single-item calls / 100 minutes.
  const md = `## Sweeps of the sources beyond chats (${users} users)

Written by \`npx tsx bench/objects.ts ${users}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Node ${process.version}.
The simulator's default objects: ${inv.gpts} GPTs (${inv.gptConfigs} config versions), ${inv.projects} projects, memories of ${inv.memoryUsers} users,
${inv.canvases} canvases, ${inv.automations} automations, ${inv.recordings} recordings, ${inv.codexTasks} Codex tasks, ${inv.codexEnvironments} environments.
Pacing off (this measures leakwatch); each sweep is a fresh \`scan\` over every object source.

| sweep | wall time | API calls | texts scanned | already recorded | new findings |
|---|---|---|---|---|---|
| first | ${first.seconds.toFixed(1)} s | ${total(first)} | ${first.scanned} | ${first.already} | ${first.findings} |
| second (nothing changed) | ${second.seconds.toFixed(1)} s | ${total(second)} | ${second.scanned} | ${second.already} | ${second.findings} |

| API route | first sweep | second sweep |
|---|---|---|
${rows}

The per-user listings cost about three calls per user per sweep whatever changed, so against the
real limits a sweep of ${users} users takes at least ${Math.ceil(total(second) / 100)} minutes of single-item budget: the
daemon sweeps beside its message loop every \`sources.objects.sweep_minutes\` (default 60).`;
  writeResultsSection('objects', md);
  console.log(md);
} finally {
  await rt.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
