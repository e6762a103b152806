/**
 * Uploaded files end to end, and the memory bound: the built CLI runs the daemon (its own
 * process) against the simulator with files of every supported type, the broken ones (a zip
 * bomb inflating to 1 GiB, a truncated PDF, an encrypted DOCX, an image) and a 200 MB CSV with
 * planted values, until its first poll cycle is done; then SIGTERM. Measures wall time, the
 * daemon's peak RSS (VmHWM, all threads; and with its extraction processes), what was recorded per file state and error code, and
 * whether the huge CSV's planted values were found. Writes the "files-e2e" section of
 * bench/RESULTS.md. Usage: npm run build && npx tsx bench/files-e2e.ts [huge MB = 200]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/store/db.js';
import { runMeasured, startSimulatorProcess } from './cli-process.js';
import { writeResultsSection } from './results-file.js';

const hugeMb = Number(process.argv[2] ?? 200);
const sim = await startSimulatorProcess(['--conversations', '300', '--history-days', '60', '--logs-retention-days', '365', '--huge-file-mb', String(hugeMb)]);
const dir = mkdtempSync(join(tmpdir(), 'lw-bench-files-'));
const dbPath = join(dir, 'bench.db');
const cfg = join(dir, 'c.yaml');
writeFileSync(cfg, [
  `workspace_id: ${sim.workspace}`,
  'api:', `  base_url: ${sim.url}`,
  '  rate_limits: { list_per_minute: 1000000, get_per_minute: 1000000 }',
  `database: { path: ${dbPath} }`,
  'daemon: { initial_lookback_hours: 2400 }',
  'log: { level: info }',
].join('\n'));

let run;
try {
  run = await runMeasured(['daemon', '--config', cfg], { LEAKWATCH_API_KEY: sim.key }, (stderr) => stderr.includes('"poll cycle done"'));
} finally {
  sim.child.kill('SIGINT');
}
if (run.code !== 0) throw new Error(`daemon exited ${run.code}\n${run.stderr.slice(-4000)}`);

const db = openDb(dbPath, { readonly: true });
const rows = <T>(sql: string): T[] => db.prepare(sql).all() as T[];
const states = rows<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM file_refs GROUP BY status ORDER BY n DESC');
const contents = rows<{ n: number; bytes: number }>('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM files')[0] ?? { n: 0, bytes: 0 };
const errors = rows<{ code: string; n: number }>(`SELECT code, COUNT(*) AS n FROM scan_errors WHERE source = 'files' GROUP BY code ORDER BY code`);
const huge = rows<{ n: number }>(`SELECT COUNT(*) AS n FROM findings WHERE file_name = 'full-customer-export.csv'`)[0]?.n ?? 0;
const fileFindings = rows<{ n: number }>(`SELECT COUNT(*) AS n FROM findings WHERE source_kind = 'file'`)[0]?.n ?? 0;
db.close();

const md = `## Uploaded files end to end, and the daemon's memory bound

Written by \`npx tsx bench/files-e2e.ts ${hugeMb}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Node ${process.version}.
The built CLI runs \`leakwatch daemon\` (default settings: files.concurrency 2, extraction processes = half the cores) against
the simulator (300 conversations, files of every supported type, the broken files, and a ${hugeMb} MB CSV) until its first
poll cycle is done, then SIGTERM. Peak RSS is the daemon's VmHWM, all threads included; with extraction, the peak of the
daemon's RSS plus its extraction processes' (files are parsed in child processes, each under files.max_worker_memory_mb).

| wall seconds | peak RSS (MB) | with extraction (MB) | file references | distinct contents | content MB | file findings |
|---:|---:|---:|---|---:|---:|---:|
| ${run.seconds.toFixed(1)} | ${run.peakRssMb} | ${run.peakTreeRssMb} | ${states.map((s) => `${s.n} ${s.status}`).join(', ')} | ${contents.n} | ${(contents.bytes / 1e6).toFixed(1)} | ${fileFindings} |

Errors recorded (the scan went on): ${errors.map((e) => `${e.code} ${e.n}`).join(', ') || 'none'}. Findings in the ${hugeMb} MB CSV: ${huge}
(the simulator plants 5 there). The zip bomb is refused from its declared sizes before anything is inflated; the CSV is
streamed (segments of rows), so neither holds its size in memory: the bound is the message pipeline's tasks in flight plus,
per file in flight, one document up to \`files.max_document_bytes\` (64 MiB) and what its parser makes of it.
`;
writeResultsSection('files-e2e', md);
console.log(md);
