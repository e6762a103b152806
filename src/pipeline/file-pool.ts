import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { CompiledRuleSet } from '../rules/compiled.js';
import type { FileTask, FileTaskResult } from './file-task.js';
import type { HostReply, HostRequest } from './file-host-protocol.js';

/**
 * The extraction pool: files are parsed in child processes, one per extraction slot, each with
 * its own V8 heap limit (--max-old-space-size = files.max_worker_memory_mb).
 *
 * Why processes and not piscina threads like the message scanning: a worker thread's
 * resourceLimits are best-effort. A parser that grows one large array or string past the limit
 * aborts the whole process (FATAL ERROR: Reached heap limit, nodejs/node#47224), and that was
 * seen here on Node 24 with a 20 MB HTML file. A hostile upload must never take the daemon with
 * it, so the parser runs where running out of memory ends only that process. The pool is small
 * on purpose: it needs what no pool library gives together (the exit reason of a dead process,
 * rules sent once per process, a kill on timeout), and nothing else.
 */

/** Why a file task did not come back: its process was stopped for time, ran out of memory, or died. */
export type FileRunFailure = 'EXTRACT_TIMEOUT' | 'EXTRACT_MEMORY' | 'EXTRACT_CRASHED';
export type FileRunOutcome = FileTaskResult | { failure: FileRunFailure; message: string };

export interface FilePool {
  readonly threads: number;
  /** Extracts and scans one file; a process past `timeoutMs` or its heap limit is stopped and replaced. */
  run(task: FileTask, timeoutMs: number): Promise<FileRunOutcome>;
  close(): Promise<void>;
}

/** Last characters of a process's stderr kept to tell why it died. */
const STDERR_TAIL = 4096;
/** A process that has not loaded its rules after this long is treated as failed to start. */
const START_TIMEOUT_MS = 60_000;

interface Host {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export function createFilePool(ruleSet: CompiledRuleSet, threads: number, maxHeapMb: number, valueSalt: string | null = null): FilePool {
  const n = fileThreads(threads);
  const entry = workerEntry();
  const slots: { host: Host | null }[] = Array.from({ length: n }, () => ({ host: null }));
  const free = [...slots];
  const waiting: ((slot: { host: Host | null }) => void)[] = [];
  let nextId = 1;
  let closed = false;

  const acquire = (): Promise<{ host: Host | null }> => {
    const slot = free.pop();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: { host: Host | null }): void => {
    const next = waiting.shift();
    if (next) next(slot);
    else free.push(slot);
  };

  const start = async (): Promise<Host> => {
    const child = fork(entry.path, [], {
      execArgv: [`--max-old-space-size=${maxHeapMb}`, ...entry.execArgv],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: childEnv(process.env),
    });
    // A send to a process that just died is an 'error' event; the 'exit' that follows is what counts.
    child.on('error', () => undefined);
    let tail = '';
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      tail = (tail + s).slice(-STDERR_TAIL);
    });
    const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
    const host: Host = { child, exited, stderr: () => tail };
    const ready = new Promise<void>((resolve) => {
      child.on('message', (m: HostReply) => {
        if (m.type === 'ready') resolve();
      });
    });
    send(child, { type: 'init', ruleSet, valueSalt });
    const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, START_TIMEOUT_MS, 'timeout').unref());
    const first = await Promise.race([ready.then(() => 'ready' as const), exited.then(() => 'exit' as const), timer]);
    if (first !== 'ready') {
      child.kill('SIGKILL');
      throw new Error(`the extraction process did not start (${first === 'exit' ? 'it exited' : 'no answer in 60 s'}): ${tail.trim().split('\n').slice(-3).join(' | ') || 'no output'}`);
    }
    return host;
  };

  const runOn = async (host: Host, task: FileTask, timeoutMs: number): Promise<{ outcome: FileRunOutcome; dead: boolean }> => {
    const id = nextId++;
    const { child } = host;
    let onMessage: ((m: HostReply) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<Exclude<HostReply, { type: 'ready' }>>((resolve) => {
      onMessage = (m: HostReply) => {
        if (m.type !== 'ready' && m.id === id) resolve(m);
      };
      child.on('message', onMessage);
    });
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, 'timeout');
    });
    send(child, { type: 'task', id, task });
    try {
      const first = await Promise.race([answered, host.exited, timedOut]);
      if (first === 'timeout') {
        child.kill('SIGKILL');
        await host.exited;
        return { dead: true, outcome: { failure: 'EXTRACT_TIMEOUT', message: `extraction took longer than ${Math.round(timeoutMs / 1000)} s (files.timeout_seconds): stopped` } };
      }
      if ('type' in first) {
        if (first.type === 'result') return { dead: false, outcome: first.result };
        return { dead: false, outcome: { failure: 'EXTRACT_CRASHED', message: `the extraction process failed: ${first.message}` } };
      }
      if (closed) throw new Error('the extraction pool was closed while a file was being read');
      return { dead: true, outcome: deathOutcome(first, host.stderr(), maxHeapMb) };
    } finally {
      clearTimeout(timer);
      if (onMessage) child.off('message', onMessage);
    }
  };

  return {
    threads: n,
    async run(task, timeoutMs) {
      if (closed) throw new Error('the extraction pool is closed');
      const slot = await acquire();
      try {
        // A process that died between files (killed from outside) is replaced before use.
        if (slot.host && (slot.host.child.exitCode !== null || slot.host.child.signalCode !== null)) slot.host = null;
        const host = (slot.host ??= await start());
        const { outcome, dead } = await runOn(host, task, timeoutMs);
        if (dead) slot.host = null;
        return outcome;
      } finally {
        release(slot);
      }
    },
    async close() {
      closed = true;
      await Promise.all(slots.map(async (slot) => {
        const host = slot.host;
        slot.host = null;
        if (!host || host.child.exitCode !== null || host.child.signalCode !== null) return;
        // Disconnecting ends an idle process (file-worker.ts exits on it); one that does not go is killed.
        const kill = setTimeout(() => host.child.kill('SIGKILL'), 2000);
        if (host.child.connected) host.child.disconnect();
        else host.child.kill('SIGKILL');
        await host.exited;
        clearTimeout(kill);
      }));
    },
  };
}

/** A FilePool whose processes start with its first file: a run without uploads never pays for them. */
export function lazyFilePool(ruleSet: CompiledRuleSet, threads: number, maxHeapMb: number, valueSalt: string | null = null): FilePool {
  const n = fileThreads(threads);
  let inner: FilePool | null = null;
  return {
    threads: n,
    run: (task, timeoutMs) => (inner ??= createFilePool(ruleSet, n, maxHeapMb, valueSalt)).run(task, timeoutMs),
    close: async () => {
      await inner?.close();
    },
  };
}

/** Why a process that died mid-file died: V8 says "heap out of memory" on stderr when that is the reason. */
function deathOutcome(exit: { code: number | null; signal: NodeJS.Signals | null }, stderr: string, maxHeapMb: number): { failure: FileRunFailure; message: string } {
  if (/heap out of memory|Allocation failed/i.test(stderr)) {
    return { failure: 'EXTRACT_MEMORY', message: `extraction needed more than ${maxHeapMb} MB of heap (files.max_worker_memory_mb): stopped` };
  }
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  return { failure: 'EXTRACT_CRASHED', message: `the extraction process died (${how}) while reading this file` };
}

/**
 * The environment of a process that parses hostile files: locale, time zone, PATH and the temp
 * directory, nothing else (no API key, report token or systemd socket of the parent's).
 */
const CHILD_ENV = ['PATH', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ'];
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(CHILD_ENV.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}

function send(child: ChildProcess, msg: HostRequest): void {
  child.send(msg);
}

/** Extraction processes: as configured, else half the cores, at least one. */
function fileThreads(threads: number): number {
  return threads > 0 ? threads : Math.max(1, Math.floor(availableParallelism() / 2));
}

/** The built JS in production; under vitest this file is TypeScript, run through tsx's loader. */
function workerEntry(): { path: string; execArgv: string[] } {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const path = fileURLToPath(new URL(`./file-worker${fromSource ? '.ts' : '.js'}`, here));
  if (!existsSync(path)) throw new Error(`extraction entry ${path} is missing: run npm run build`);
  return { path, execArgv: fromSource ? ['--import', 'tsx'] : [] };
}
