import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { spawn, type ChildProcess } from 'node:child_process';
import { createLogger, type Logger } from '../../src/log.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { filePlaces, listFindings } from '../../src/store/queries.js';

/** Captures every log line as text, to grep for leaked secrets. */
export class CapturedLog {
  readonly lines: string[] = [];
  readonly logger: Logger;
  constructor(level = 'debug') {
    const lines = this.lines;
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    this.logger = createLogger({ level, destination: stream as unknown as Parameters<typeof createLogger>[0]['destination'] });
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export function tempDir(prefix = 'lw-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A config aimed at the simulator, fast retries, a real SQLite file in a temp dir. */
export function testConfig(sim: Simulator, dbPath: string, over: Record<string, unknown> = {}): Config {
  return parseConfig({
    workspace_id: sim.workspaceId,
    api: {
      base_url: sim.url,
      retry_base_delay_ms: 5,
      retry_max_delay_ms: 50,
      max_attempts: 8,
      rate_limits: { list_per_minute: 100_000, get_per_minute: 100_000 },
      request_timeout_seconds: 10,
    },
    database: { path: dbPath },
    pipeline: { threads: 2 },
    ...over,
  }, {});
}

export interface Harness {
  sim: Simulator;
  dir: string;
  dbPath: string;
  log: CapturedLog;
  runtime(over?: Record<string, unknown>): Runtime;
  close(): Promise<void>;
}

/**
 * A simulator and runtimes on one database. The workspace has no objects beyond chats unless
 * `objects` is given: the message and file tests count exactly what the chats hold, and the
 * tests of the other sources (test/integration/objects*.test.ts) ask for them.
 */
export async function harness(simOpts: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ rateLimits: false, objects: false, ...simOpts });
  const dir = tempDir();
  const dbPath = join(dir, 'leakwatch.db');
  const log = new CapturedLog();
  const runtimes: Runtime[] = [];
  return {
    sim, dir, dbPath, log,
    runtime(over = {}) {
      const rt = createRuntime(testConfig(sim, dbPath, over), log.logger, { apiKey: sim.apiKey });
      runtimes.push(rt);
      return rt;
    },
    async close() {
      for (const rt of runtimes) await rt.close();
      await sim.close();
    },
  };
}

export function readBytes(path: string): string {
  return readFileSync(path).toString('latin1');
}

export const CLI_ARGS = ['--import', 'tsx', join(process.cwd(), 'src/cli/main.ts')];

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/** Runs the CLI from source without blocking this process (the simulator lives here). */
export function runCli(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const child = spawn(process.execPath, [...CLI_ARGS, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, done: new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr }))) };
}

/**
 * What was found, comparable across two simulator instances: message findings by fingerprint;
 * file findings by each place (file id) with rule, location, offsets and preview, because the
 * Office builders stamp the build time, so two instances' bytes (and so sha256s) can differ.
 */
export function findingIdentities(db: Runtime['db']): string[] {
  return listFindings(db, {})
    .flatMap((f) => (f.source_kind === 'file'
      ? filePlaces(db, f.file_sha256 ?? '').map((p) => `file ${p.file_id} ${f.rule_id} ${f.location ?? ''} ${f.start_offset}-${f.end_offset} ${f.preview}`)
      : [f.fingerprint]))
    .sort();
}
