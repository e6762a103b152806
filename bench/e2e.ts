/**
 * End-to-end throughput: a retroactive scan of a simulated 20,000-conversation workspace through
 * each source, with the built CLI in its own process (as users run it) against the simulator in
 * another. Measures messages/s and the scanner's peak RSS (VmHWM, worker threads included), and
 * writes bench/RESULTS.md. Usage: npm run bench [-- conversations]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { writeResultsSection } from './results-file.js';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { runMeasured, startSimulatorProcess } from './cli-process.js';

const conversations = Number(process.argv[2] ?? 20_000);

interface Run {
  source: string;
  seconds: number;
  messages: number;
  findings: number;
  peakRssMb: number;
}

async function scan(source: string, sim: { url: string; workspace: string; key: string }): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-'));
  const cfg = join(dir, 'c.yaml');
  writeFileSync(cfg, [
    `workspace_id: ${sim.workspace}`,
    'api:', `  base_url: ${sim.url}`,
    // The simulator enforces no rate limits here: this measures leakwatch, not OpenAI's pacing.
    '  rate_limits: { list_per_minute: 1000000, get_per_minute: 1000000 }',
    '  page_size: { conversations: 200 }',
    `database: { path: ${join(dir, 'bench.db')} }`,
    'log: { level: warn }',
  ].join('\n'));
  const run = await runMeasured(['scan', '--config', cfg, '--since', '400d', '--source', source], { LEAKWATCH_API_KEY: sim.key });
  const { code, stdout: out, seconds } = run;
  if (code !== 0 && code !== 1) throw new Error(`scan exited ${code}\n${out}\n${run.stderr}`);
  const row = new RegExp(`^${source}\\s+complete\\s+\\S+ \\.\\. \\S+\\s+(\\d+)\\s+\\d+\\s+(\\d+)`, 'm').exec(out);
  return { source, seconds, messages: Number(row?.[1] ?? 0), findings: Number(row?.[2] ?? 0), peakRssMb: run.peakRssMb };
}

// Message text only: uploaded files are measured by bench/files-e2e.ts.
const sim = await startSimulatorProcess(['--users', '500', '--conversations', String(conversations), '--history-days', '60', '--logs-retention-days', '365', '--no-files', '--no-objects']);
const runs: Run[] = [];
try {
  for (const source of ['logs', 'conversations']) {
    const r = await scan(source, sim);
    runs.push(r);
    console.log(`${source}: ${r.messages} messages in ${r.seconds.toFixed(1)} s = ${Math.round(r.messages / r.seconds)} msg/s, peak RSS ${r.peakRssMb} MB, ${r.findings} findings`);
  }
} finally {
  sim.child.kill('SIGINT');
}
const date = new Date().toISOString().slice(0, 10);
const cpu = cpus()[0]?.model ?? 'unknown';
const md = `## End-to-end retroactive scan (${conversations.toLocaleString('en')} conversations, 500 users)

Written by \`npm run bench\` (bench/e2e.ts) on ${date}. Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB,
Node ${process.version}, ${process.platform}/${process.arch}.

The built CLI scans the simulator (its own process, loopback, no rate limits, so this measures
leakwatch rather than OpenAI's 50/100 requests per minute; message text only, \`--no-files --no-objects\`:
uploads are measured in the next section) with the default pipeline settings
(threads = cores, 64 KiB tasks, 4 tasks in flight per thread). Peak RSS is the scanner process's
VmHWM, worker threads included.

| source | messages | seconds | messages/s | peak RSS (MB) | findings |
|---|---:|---:|---:|---:|---:|
${runs.map((r) => `| ${r.source} | ${r.messages} | ${r.seconds.toFixed(1)} | ${Math.round(r.messages / r.seconds)} | ${r.peakRssMb} | ${r.findings} |`).join('\n')}

Detection accuracy is in \`bench/ACCURACY.md\` (\`npx tsx bench/accuracy.ts\`).
`;
writeResultsSection('e2e', md);
console.log('written bench/RESULTS.md');
