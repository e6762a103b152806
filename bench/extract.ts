/**
 * Extraction throughput per file type: the simulator's builders make one sizeable file of each
 * supported type from generated business text (the same libraries real users' tools write
 * with), then `extractFile` reads it whole, as the extraction worker does. Reports file MB/s and
 * text MB/s (median of 3), and writes the "extract" section of bench/RESULTS.md.
 * Usage: npx tsx bench/extract.ts [scale=1]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFile } from '../src/simulator/files/build.js';
import type { FileSpec, SimFileType } from '../src/simulator/files/spec.js';
import { extractFile } from '../src/extract/index.js';
import type { ExtractLimits, FileLocation } from '../src/extract/types.js';
import { Rng } from '../src/simulator/random.js';
import { writeResultsSection } from './results-file.js';

const scale = Number(process.argv[2] ?? 1);
const loadBefore = loadavg()[0] ?? 0;
const rng = new Rng(9, 'bench-extract');
const WORDS = ('the quarterly revenue report for the customer account team includes pipeline forecasts renewal dates support tickets ' +
  'contract terms pricing discounts invoices payment schedule onboarding milestones security review data retention policy vendor assessment ' +
  'meeting notes action items owner deadline budget approval headcount plan roadmap release migration incident postmortem').split(' ');
const sentence = (): string => Array.from({ length: 8 + rng.int(0, 10) }, () => rng.pick(WORDS)).join(' ') + '.';
const paragraph = (): string => Array.from({ length: 3 + rng.int(0, 4) }, sentence).join(' ');
const col = (n: number): string => (n < 26 ? String.fromCharCode(65 + n) : col(Math.floor(n / 26) - 1) + String.fromCharCode(65 + (n % 26)));

function segments(n: number, at: (i: number) => FileLocation, text: () => string = paragraph): FileSpec['segments'] {
  return Array.from({ length: n }, (_, i) => ({ location: at(i), text: text() }));
}

function grid(rows: number, cols: number, sheet?: string): FileSpec['segments'] {
  const out: FileSpec['segments'] = [];
  for (let r = 1; r <= rows; r++) {
    for (let c = 0; c < cols; c++) {
      const text = c === 0 ? `CUST-${100000 + r}` : c === 1 ? `${rng.pick(WORDS)} ${rng.pick(WORDS)}` : c === 2 ? String(rng.int(1, 99999)) : sentence();
      out.push({ location: { ...(sheet ? { sheet } : {}), cell: `${col(c)}${r}` }, text });
    }
  }
  return out;
}

const n = (base: number): number => Math.max(1, Math.round(base * scale));
const specs: FileSpec[] = [
  { type: 'pdf', name: 'report.pdf', segments: segments(n(200), (i) => ({ page: i + 1 }), () => Array.from({ length: 6 }, paragraph).join('\n')) },
  { type: 'docx', name: 'contract.docx', segments: segments(n(3000), () => ({ part: 'body' })) },
  { type: 'xlsx', name: 'export.xlsx', segments: grid(n(20000), 6, 'Customers') },
  { type: 'ods', name: 'export.ods', segments: grid(n(5000), 6, 'Customers') },
  { type: 'csv', name: 'export.csv', segments: grid(n(40000), 6) },
  { type: 'pptx', name: 'deck.pptx', segments: segments(n(300), (i) => ({ slide: i + 1 }), () => Array.from({ length: 3 }, paragraph).join('\n')) },
  { type: 'odt', name: 'notes.odt', segments: segments(n(3000), () => ({ part: 'body' })) },
  { type: 'txt', name: 'notes.txt', segments: segments(n(60000), (i) => ({ line: i + 1 })) },
  { type: 'code', name: 'service.py', segments: segments(n(60000), (i) => ({ line: i + 1 }), () => `    value_${rng.int(0, 999)} = compute("${sentence()}")`) },
  { type: 'json', name: 'data.json', segments: segments(n(30000), () => ({})) },
  { type: 'xml', name: 'data.xml', segments: segments(n(30000), () => ({})) },
  { type: 'html', name: 'page.html', segments: segments(n(10000), () => ({})) },
  { type: 'eml', name: 'mail.eml', segments: [{ location: { part: 'subject' }, text: 'Quarterly export' }, { location: { part: 'body' }, text: Array.from({ length: n(2000) }, paragraph).join('\n\n') }] },
];
specs.push({ type: 'zip', name: 'bundle.zip', segments: [], children: specs.filter((s) => ['docx', 'csv', 'txt', 'json'].includes(s.type)) });

const limits: ExtractLimits = {
  maxFileBytes: 512 * 1024 * 1024, maxDepth: 3, maxEntries: 10_000, maxUncompressedBytes: 2 * 1024 * 1024 * 1024, maxCompressionRatio: 1000, maxTextChars: 2 ** 30,
};

const dir = mkdtempSync(join(tmpdir(), 'lw-bench-extract-'));
const rows: { type: SimFileType; mb: number; seconds: number; textMb: number; segments: number }[] = [];
try {
  for (const spec of specs) {
    const bytes = await buildFile(spec);
    const path = join(dir, spec.name);
    writeFileSync(path, bytes);
    const runs: { seconds: number; chars: number; segments: number }[] = [];
    for (let r = 0; r < 3; r++) {
      const t = process.hrtime.bigint();
      let chars = 0;
      let count = 0;
      for await (const ev of extractFile(path, spec.name, limits)) {
        if (ev.type === 'segment') {
          chars += ev.segment.text.length;
          count++;
        } else if (ev.type === 'problem') throw new Error(`${spec.name}: ${ev.problem.code} ${ev.problem.message}`);
      }
      runs.push({ seconds: Number(process.hrtime.bigint() - t) / 1e9, chars, segments: count });
    }
    const median = runs.sort((a, b) => a.seconds - b.seconds)[1] as { seconds: number; chars: number; segments: number };
    rows.push({ type: spec.type, mb: bytes.length / 1e6, seconds: median.seconds, textMb: median.chars / 1e6, segments: median.segments });
    console.log(`${spec.type}: ${(bytes.length / 1e6).toFixed(1)} MB in ${median.seconds.toFixed(2)} s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const md = `## File extraction (per type)

Written by \`npx tsx bench/extract.ts ${scale}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version},
1-minute load average ${loadBefore.toFixed(1)} before the run. One file per type, built by the simulator's builders (pdfkit, docx,
exceljs, csv-stringify, pptxgenjs, yazl for ODF and zip, nodemailer) from generated business text; \`extractFile\` reads it whole on one
thread, as an extraction worker does (detection not included: see the engine section). Median of 3 runs.

| type | file MB | seconds | file MB/s | text MB | text MB/s | segments |
|---|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.type} | ${r.mb.toFixed(1)} | ${r.seconds.toFixed(2)} | ${(r.mb / r.seconds).toFixed(1)} | ${r.textMb.toFixed(1)} | ${(r.textMb / r.seconds).toFixed(1)} | ${r.segments} |`).join('\n')}
`;
writeResultsSection('extract', md);
console.log(md);
