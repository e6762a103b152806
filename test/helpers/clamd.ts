import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './harness.js';

/**
 * A real clamd for the malware tests: installed from Debian's packages when missing (CI runs as
 * root with apt; .ci/run installs it up front), started with a private config: its socket and a
 * signature database the test writes itself in a temp dir (CI has no internet for freshclam), in
 * the foreground, stopped after. A few signatures keep it at about 20 MB.
 *
 * When clamd cannot be installed or started, `reason` says why: the tests print it and skip, or
 * fail when LEAKWATCH_REQUIRE_CLAMD=1 (CI sets it after installing clamd).
 */

/** The EICAR anti-virus test string, built here so this source file is not itself flagged. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export type ClamdBinary = { ok: true; path: string } | { ok: false; reason: string };

const CANDIDATES = ['/usr/sbin/clamd', '/usr/bin/clamd', '/usr/local/sbin/clamd'];

function findClamd(): string | null {
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** clamd's path, installing Debian's clamav-daemon first when it is missing and this is root with apt-get. */
export function ensureClamd(): ClamdBinary {
  const found = findClamd();
  if (found !== null) return { ok: true, path: found };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'clamd is not installed and the tests do not run as root to apt-get install clamav-daemon' };
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status !== 0) return { ok: false, reason: 'clamd is not installed and there is no apt-get to install clamav-daemon' };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = (): ReturnType<typeof spawnSync> => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'clamav-daemon'], { env, encoding: 'utf8', timeout: 600_000 });
  let run = install();
  if (run.status !== 0) {
    spawnSync('apt-get', ['update'], { env, encoding: 'utf8', timeout: 600_000 });
    run = install();
  }
  const installed = findClamd();
  if (installed !== null) return { ok: true, path: installed };
  return { ok: false, reason: `apt-get install clamav-daemon failed (exit ${run.status}): ${String(run.stderr).trim().split('\n').slice(-3).join(' | ')}` };
}

/** An ndb signature (any file type, anywhere) for these bytes: `Name:0:*:hex`. */
export function ndbSignature(name: string, bytes: string | Buffer): string {
  return `${name}:0:*:${Buffer.from(bytes).toString('hex')}`;
}

export interface ClamdProcess {
  socket: string;
  dir: string;
  /** Stops clamd and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
  /** Starts it again with the same config and database (after stop()). */
  restart(): Promise<void>;
}

/** Starts clamd with the given signatures (lines of an .ndb file); resolves once it answers PING. */
export async function startClamd(binary: string, signatures: string[], opts: { streamMaxLength?: string } = {}): Promise<ClamdProcess> {
  const dir = tempDir('lw-clamd-');
  const db = join(dir, 'db');
  mkdirSync(db);
  writeFileSync(join(db, 'leakwatch-test.ndb'), `${signatures.join('\n')}\n`);
  const socket = join(dir, 'clamd.sock');
  const log = join(dir, 'clamd.log');
  const conf = join(dir, 'clamd.conf');
  writeFileSync(conf, [
    `LocalSocket ${socket}`,
    'LocalSocketMode 600',
    `DatabaseDirectory ${db}`,
    `LogFile ${log}`,
    `TemporaryDirectory ${dir}`,
    'Foreground yes',
    'MaxThreads 2',
    `StreamMaxLength ${opts.streamMaxLength ?? '25M'}`,
    'SelfCheck 0',
    '',
  ].join('\n'));
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const proc = spawn(binary, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`clamd exited (${code}) before answering: ${stderr.trim() || tail(log)}`))));
    exited.catch(() => undefined);
    // clamd loads its database, then creates the socket and answers PING.
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (await Promise.race([ping(socket), exited])) return;
      if (Date.now() > deadline) throw new Error(`clamd did not answer PING within 120 s: ${tail(log)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await gone;
  };
  try {
    await start();
  } catch (err) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    socket,
    dir,
    stop,
    restart: start,
  };
}

/** Stops clamd and removes its directory. */
export async function removeClamd(c: ClamdProcess | null): Promise<void> {
  if (c === null) return;
  await c.stop();
  rmSync(c.dir, { recursive: true, force: true });
}

function ping(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ path });
    let answer = '';
    s.on('connect', () => s.write('zPING\0'));
    s.on('data', (c) => (answer += c.toString('utf8')));
    s.on('end', () => resolve(answer.startsWith('PONG')));
    s.on('error', () => resolve(false));
    s.setTimeout(5000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no clamd log)';
  }
}

/** What a test file does with an unavailable clamd: print why and skip, or fail when CI requires it. */
export function clamdUnavailable(reason: string): void {
  const message = `malware tests with clamd SKIPPED: ${reason}`;
  if (process.env.LEAKWATCH_REQUIRE_CLAMD === '1') throw new Error(`${message} (LEAKWATCH_REQUIRE_CLAMD=1)`);
  console.warn(message);
}
