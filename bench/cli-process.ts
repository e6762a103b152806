/**
 * The built CLI in its own process, as users run it: the simulator (`leakwatch simulate`) and a
 * scanner command whose peak RSS (VmHWM, worker threads included) is sampled from /proc.
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
  peakRssMb: number;
}

/**
 * Runs the CLI with `args`, sampling its VmHWM every 50 ms. `until` (optional) is called with the
 * stderr seen so far and may return true to stop the process with SIGTERM (for the daemon).
 */
export async function runMeasured(args: readonly string[], env: NodeJS.ProcessEnv, until?: (stderr: string) => boolean): Promise<MeasuredRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // exited between ticks
    }
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
  return { code, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: Math.round(peakKb / 1024) };
}
