/**
 * The built CLI in its own process, as users run it: the simulator (`leakwatch simulate`) and a
 * scanner command whose peak RSS (VmHWM, worker threads included; and, sampled, with its child
 * processes) is read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLI = join(process.cwd(), 'dist/cli/main.js');

export interface SimulatorProcess {
  child: ChildProcess;
  url: string;
  workspace: string;
  key: string;
}

/** Starts `leakwatch simulate` on a free loopback port with these extra arguments. */
export function startSimulatorProcess(args: readonly string[]): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [CLI, 'simulate', '--port', '0', '--no-rate-limits', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening: (\S+)/.exec(out)?.[1];
      const workspace = /workspace ([0-9a-f-]+):/.exec(out)?.[1];
      const key = /LEAKWATCH_API_KEY=(\S+)/.exec(out)?.[1];
      if (url && workspace && key) resolve({ child, url, workspace, key });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
}

export interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** The CLI process's VmHWM (its worker threads included). */
  peakRssMb: number;
  /** Peak of the CLI's RSS plus its child processes' (the file extraction processes), sampled. */
  peakTreeRssMb: number;
}

/** VmRSS/VmHWM of a process in kB, or 0 when it is gone. */
function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The direct children of a process (those its main thread forked), from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Runs the CLI with `args`, sampling its VmHWM every 50 ms. `until` (optional) is called with the
 * stderr seen so far and may return true to stop the process with SIGTERM (for the daemon).
 */
export async function runMeasured(args: readonly string[], env: NodeJS.ProcessEnv, until?: (stderr: string) => boolean): Promise<MeasuredRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let peakKb = 0;
  let peakTreeKb = 0;
  const poll = setInterval(() => {
    const pid = child.pid as number;
    peakKb = Math.max(peakKb, statusKb(pid, 'VmHWM'));
    const tree = statusKb(pid, 'VmRSS') + childrenOf(pid).reduce((sum, c) => sum + statusKb(c, 'VmRSS'), 0);
    peakTreeKb = Math.max(peakTreeKb, tree);
  }, 50);
  let stdout = '';
  let stderr = '';
  let stopping = false;
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!stopping && until?.(stderr)) {
      stopping = true;
      child.kill('SIGTERM');
    }
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(poll);
  return { code, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: Math.round(peakKb / 1024), peakTreeRssMb: Math.round(Math.max(peakTreeKb, peakKb) / 1024) };
}
