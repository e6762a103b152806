import type { Argv } from 'yargs';
import { join, resolve } from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { SIM_ALLOWED_ACTION_DOMAINS, SIM_COMPANY_DOMAINS, startSimulator } from '../../simulator/index.js';
import { parseConfig } from '../../config/load.js';
import { createLogger } from '../../log.js';
import { createRuntime } from '../../app/runtime.js';
import { runScan } from '../../app/scan.js';
import { findingsByRule, findingsBySourceKind, findingsByUser } from '../../store/queries.js';
import { runPosture } from '../../app/posture.js';
import { describePosture } from './posture.js';
import { EXIT } from '../exit.js';
import type { GlobalArgs } from '../common.js';
import { createProgress } from '../progress.js';
import { onShutdownSignal } from '../signals.js';
import { describeReport } from './scan.js';
import { table } from '../format.js';

export interface DemoArgs extends GlobalArgs {
  users: number;
  conversations: number;
  seed: number;
  dir: string;
}

export function demoBuilder(y: Argv): Argv<DemoArgs> {
  return y
    .option('users', { type: 'number', default: 300 })
    .option('conversations', { type: 'number', default: 3000 })
    .option('seed', { type: 'number', default: 42 })
    .option('dir', { type: 'string', default: '.leakwatch-demo', describe: 'where the demo database and ground truth go' }) as unknown as Argv<DemoArgs>;
}

/**
 * The first thing a newcomer runs: a simulated workspace (with the documented rate limits
 * enforced), a retroactive `auto` scan of 90 days through both sources, and a summary.
 */
export async function demoCommand(a: DemoArgs): Promise<number> {
  const dir = resolve(a.dir);
  const dbPath = join(dir, 'demo.db');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const log = createLogger({ level: a['log-level'] ?? 'warn' });
  process.stdout.write(`starting the simulator (${a.users} users, ${a.conversations} conversations)...\n`);
  // The simulator does not enforce OpenAI's per-minute limits here, and leakwatch does not pace
  // to them: the sources beyond chats list canvases, automations and recordings per user, about
  // 900 calls for 300 users, which at the real 50-100 calls a minute is a ten-minute sweep
  // (fine for the daemon, not for a demo). Everything else is as against the real API.
  const sim = await startSimulator({
    rateLimits: false,
    users: a.users, conversations: a.conversations, seed: a.seed, historyDays: 90, logFileHours: 24, messagesPerLogFile: 1000,
    // Uploads in 1.5% of user messages (a quarter of the default): files whose logged URL has
    // lapsed are fetched through the content endpoint at its real 100/min, and the demo should
    // not spend minutes waiting on that.
    fileRate: 0.015,
    groundTruthPath: join(dir, 'ground-truth.json'),
  });
  const config = parseConfig({
    workspace_id: sim.workspaceId,
    api: { base_url: sim.url, page_size: { conversations: 100 }, rate_limits: { list_per_minute: 100_000, get_per_minute: 100_000 } },
    database: { path: dbPath },
    // The simulated company: its e-mail domains and the domains its GPT actions may call.
    posture: { company_domains: [...SIM_COMPANY_DOMAINS], allowed_action_domains: [...SIM_ALLOWED_ACTION_DOMAINS] },
  }, {});
  const rt = createRuntime(config, log, { apiKey: sim.apiKey });
  const progress = createProgress(log);
  const release = onShutdownSignal(log, 10, () => rt.abort.abort());
  try {
    const since = new Date(Date.now() - 91 * 86_400_000);
    process.stdout.write(`scanning ${sim.url} from ${since.toISOString().slice(0, 10)} (source auto: logs for 30 days, the conversation listing before)\n`);
    const started = Date.now();
    const report = await runScan(rt, { since, until: null, source: 'auto', onProgress: (s) => progress.update(s) });
    progress.stop();
    const secs = (Date.now() - started) / 1000;
    const gt = sim.groundTruth();
    const out: string[] = ['', describeReport(report, rt.db).trimEnd(), ''];
    out.push(`scanned in ${secs.toFixed(1)} s; the simulator planted ${gt.planted.length} sensitive values and ${gt.decoys.length} look-alikes in messages,`);
    out.push(`and ${gt.files.reduce((n, f) => n + f.planted.length, 0)} values in ${gt.files.length} uploaded files (${gt.files.filter((f) => f.expired).length} of them expired, ${gt.files.filter((f) => f.expectedError !== null).length} broken on purpose)`);
    const objectPlanted = gt.objectPlanted.length;
    const knowledge = gt.knowledgeFiles.reduce((n, k) => n + k.planted.length, 0);
    out.push(`and ${objectPlanted} values in GPTs, projects, memories, canvases, automations, recordings and Codex, ${knowledge} in knowledge files`);
    out.push('', 'findings by source kind:');
    out.push(table(findingsBySourceKind(rt.db, report.runId).map((r) => [r.key, String(r.n)]), ['source kind', 'findings']).trimEnd());
    // Posture of the workspace: its inventory read now, the checks over it (README "Posture checks").
    const [posture] = await runPosture(rt, { refresh: true, scopes: ['workspace'] });
    if (posture !== undefined) out.push('', describePosture(posture).trimEnd());
    out.push('', 'top users by findings:');
    out.push(table(findingsByUser(rt.db, report.runId).map((r) => [r.key, String(r.n)]), ['user', 'findings']).trimEnd());
    const rules = findingsByRule(rt.db, report.runId).length;
    out.push('', `database: ${dbPath}  (${rules} rules fired; previews are masked, raw values are never stored)`);
    out.push(`ground truth: ${join(dir, 'ground-truth.json')}`);
    out.push('', 'next, try:');
    out.push(`  printf 'workspace_id: ${sim.workspaceId}\\ndatabase: { path: ${dbPath} }\\n' > demo.yaml`);
    out.push('  npx leakwatch findings --config demo.yaml --severity critical');
    out.push('  npx leakwatch findings --config demo.yaml --format json --rule visa-card');
    out.push('  npx leakwatch findings --config demo.yaml --kind file --format json   # where in each file, and every place it was uploaded');
    out.push('  npx leakwatch findings --config demo.yaml --errors                    # files not (fully) scanned, and why');
    out.push('  npx leakwatch findings --config demo.yaml --kind gpt --format json    # secrets in GPT instructions, with the config version');
    out.push('  npx leakwatch inventory gpts --config demo.yaml                        # owners, sharing, actions, findings per GPT');
    out.push('  npx leakwatch users --top 10 --config demo.yaml                        # users ranked by severity-weighted findings');
    out.push('  npx leakwatch status --config demo.yaml');
    out.push('  npx leakwatch simulate        # serve the workspace and point leakwatch scan/daemon at it');
    process.stdout.write(out.join('\n') + '\n');
    return report.interrupted ? EXIT.interrupted : EXIT.ok;
  } finally {
    progress.stop();
    release();
    await rt.close();
    await sim.close();
  }
}
