import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFilePool } from '../../src/pipeline/file-pool.js';
import { loadRules } from '../../src/rules/load.js';
import { buildFile } from '../../src/simulator/files/build.js';
import type { ExtractLimits } from '../../src/extract/types.js';
import type { FileTaskResult } from '../../src/pipeline/file-task.js';

/** The extraction pool's limits, with real workers, re2 and real files. */
const rules = loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
const limits: ExtractLimits = {
  maxFileBytes: 64 * 1024 * 1024, maxDepth: 3, maxEntries: 1000, maxUncompressedBytes: 512 * 1024 * 1024, maxCompressionRatio: 200, maxTextChars: 2 ** 28,
};
let dir: string;
let big: string;
let small: string;
let html: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-file-pool-'));
  const cells = Array.from({ length: 6000 }, (_, r) => [
    { location: { sheet: 'S', cell: `A${r + 1}` }, text: `customer ${r} with a long note about the renewal and the account history ${'x'.repeat(r % 50)}` },
    { location: { sheet: 'S', cell: `B${r + 1}` }, text: `row ${r} more text to keep in the shared strings table of the workbook` },
  ]).flat();
  big = join(dir, 'big.xlsx');
  writeFileSync(big, await buildFile({ type: 'xlsx', name: 'big.xlsx', segments: cells }));
  html = join(dir, 'big.html');
  const body = Array.from({ length: 200_000 }, (_, i) => `<p>paragraph ${i} about the renewal ${'y'.repeat(i % 80)}</p>`).join('\n');
  writeFileSync(html, `<!DOCTYPE html><html><body>${body}</body></html>`);
  small = join(dir, 'small.txt');
  writeFileSync(small, 'my ssn is 536-90-4312\nnothing else\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extraction pool', () => {
  it('stops a file past its time limit, records why, and goes on with a fresh worker', async () => {
    const pool = createFilePool(rules.compiled, 1, 512);
    try {
      const slow = await pool.run({ path: big, name: 'big.xlsx', limits, maxDetections: 1000 }, 1);
      expect(slow).toMatchObject({ failure: 'EXTRACT_TIMEOUT' });
      const next = (await pool.run({ path: small, name: 'small.txt', limits, maxDetections: 1000 }, 60_000)) as FileTaskResult;
      expect(next.fatal).toBeNull();
      expect(next.detections.map((d) => [d.ruleId, d.location])).toEqual([['us-ssn', { line: 1 }]]);
    } finally {
      await pool.close();
    }
  });

  it('caps the findings kept for one file', async () => {
    const pool = createFilePool(rules.compiled, 1, 512);
    try {
      const many = join(dir, 'many.txt');
      writeFileSync(many, Array.from({ length: 50 }, () => 'ssn 536-90-4312').join('\n'));
      const r = (await pool.run({ path: many, name: 'many.txt', limits, maxDetections: 10 }, 60_000)) as FileTaskResult;
      expect(r.detections).toHaveLength(10);
      expect(r.problems.map((p) => p.code)).toEqual(['FINDINGS_LIMIT']);
    } finally {
      await pool.close();
    }
  });
});

describe('extraction pool memory', () => {
  it('stops a file whose parser outgrows the heap limit, and records why', async () => {
    // 128 MB is the least the config accepts; html-to-text needs several times that for 20 MB of HTML.
    const pool = createFilePool(rules.compiled, 1, 128);
    try {
      const r = await pool.run({ path: html, name: 'big.html', limits, maxDetections: 10 }, 120_000);
      expect(r).toMatchObject({ failure: 'EXTRACT_MEMORY', message: expect.stringMatching(/files\.max_worker_memory_mb/) });
      const next = (await pool.run({ path: small, name: 'small.txt', limits, maxDetections: 10 }, 60_000)) as FileTaskResult;
      expect(next.detections).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });
});

/** Process ids whose parent is this process, from /proc. */
function children(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe('extraction pool isolation', () => {
  it('a dead extraction process costs only its file: EXTRACT_CRASHED, this process lives on, the next file is read', async () => {
    const baseline = new Set(children());
    process.env.LEAKWATCH_API_KEY = 'sk-test-not-for-children';
    const pool = createFilePool(rules.compiled, 1, 2048);
    try {
      // The first file starts the process; the second keeps it busy for seconds (20 MB of HTML).
      expect(((await pool.run({ path: small, name: 'small.txt', limits, maxDetections: 10 }, 60_000)) as FileTaskResult).detections).toHaveLength(1);
      const hosts = children().filter((pid) => !baseline.has(pid));
      expect(hosts).toHaveLength(1);
      // It parses hostile files: the parent's secrets (an API key in the environment) stay out of it.
      const environ = readFileSync(`/proc/${hosts[0] as number}/environ`, 'utf8').split('\0');
      expect(environ.filter((kv) => kv.startsWith('LEAKWATCH_') || kv.startsWith('NOTIFY_SOCKET'))).toEqual([]);
      expect(environ.some((kv) => kv.startsWith('PATH='))).toBe(true);
      const running = pool.run({ path: html, name: 'big.html', limits, maxDetections: 10 }, 120_000);
      await new Promise((r) => setTimeout(r, 300));
      process.kill(hosts[0] as number, 'SIGKILL');
      expect(await running).toMatchObject({ failure: 'EXTRACT_CRASHED', message: expect.stringMatching(/SIGKILL/) });
      const next = (await pool.run({ path: small, name: 'small.txt', limits, maxDetections: 10 }, 60_000)) as FileTaskResult;
      expect(next.detections).toHaveLength(1);
    } finally {
      delete process.env.LEAKWATCH_API_KEY;
      await pool.close();
    }
    expect(children().filter((pid) => !baseline.has(pid))).toEqual([]);
  });
});
