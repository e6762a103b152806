import { createRequire } from 'node:module';
import type { Logger } from '../../log.js';

/**
 * The sd_notify protocol (systemd's Type=notify): one datagram of newline-separated
 * `KEY=value` assignments to the AF_UNIX socket named in $NOTIFY_SOCKET.
 *
 * The only module that loads unix-dgram. Node's dgram has no AF_UNIX datagram sockets, and the
 * npm `sd-notify` package needs libsystemd's headers to build, which a plain Debian host (or CI)
 * does not have; unix-dgram is a small native addon with no system dependencies that builds on
 * Node 20 and 24.
 *
 * Limits of unix-dgram, checked in its source (src/unix_dgram.cc): it copies the address with
 * strncpy and passes the full sockaddr_un length, so abstract socket names ($NOTIFY_SOCKET
 * starting with '@') cannot be addressed. systemd's service manager uses a path
 * (/run/systemd/notify); an abstract or `vsock:` address is reported once at error level and
 * notifications are off (a Type=notify unit would then time out at start, which the message
 * says). Sending is synchronous (one sendmsg per call): there is no queue to flush at shutdown.
 */

interface DgramSocket {
  on(event: 'error', listener: (err: Error) => void): void;
  send(buf: Buffer, offset: number, length: number, path: string, callback: (err?: Error) => void): void;
  close(): void;
}
interface UnixDgram {
  createSocket(type: 'unix_dgram'): DgramSocket;
}

let loaded: UnixDgram | null = null;
function unixDgram(): UnixDgram {
  loaded ??= createRequire(import.meta.url)('unix-dgram') as UnixDgram;
  return loaded;
}

export interface Notifier {
  /** True when $NOTIFY_SOCKET names a socket we can send to. */
  readonly enabled: boolean;
  /** The watchdog interval systemd expects pings within (µs), or null when no watchdog is ours. */
  readonly watchdogUsec: number | null;
  /** READY=1 (with STATUS= when given): start-up finished, or a reload finished. */
  ready(status?: string): void;
  /** STATUS=<text>: one line shown by `systemctl status`. */
  status(text: string): void;
  /** WATCHDOG=1: we are alive and making progress. */
  watchdog(): void;
  /**
   * RELOADING=1 with MONOTONIC_USEC (systemd >= 253 requires it for Type=notify-reload).
   * Always follow with ready() when the reload ends, failed or not: until READY=1 systemd
   * shows the unit as reloading.
   */
  reloading(status?: string): void;
  /** STOPPING=1 (with STATUS= when given): shutdown has begun. Sent once. */
  stopping(status?: string): void;
  /** Closes the socket; later calls are no-ops. */
  close(): void;
}

export interface NotifierOptions {
  env?: NodeJS.ProcessEnv;
  log: Logger;
  pid?: number;
  /**
   * Remove NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from `env` after reading them (as
   * sd_notify's unset_environment does), so child processes (file extraction) never inherit them.
   */
  unsetEnvironment?: boolean;
}

/** CLOCK_MONOTONIC in µs: what MONOTONIC_USEC= wants (Node's hrtime is that clock on Linux). */
export function monotonicUsec(): bigint {
  return process.hrtime.bigint() / 1000n;
}

/** A STATUS= value is one line: systemd splits the datagram on newlines. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** The watchdog interval from WATCHDOG_USEC / WATCHDOG_PID, or null when it is not for `pid`. */
export function watchdogFromEnv(env: NodeJS.ProcessEnv, pid: number): number | null {
  const usec = env.WATCHDOG_USEC;
  if (usec === undefined || !/^[0-9]+$/.test(usec.trim())) return null;
  const value = Number(usec.trim());
  if (!Number.isSafeInteger(value) || value <= 0) return null;
  const owner = env.WATCHDOG_PID;
  if (owner !== undefined && owner.trim() !== '' && Number(owner.trim()) !== pid) return null;
  return value;
}

export function createNotifier(opts: NotifierOptions): Notifier {
  const env = opts.env ?? process.env;
  const log = opts.log;
  const pid = opts.pid ?? process.pid;
  const address = env.NOTIFY_SOCKET;
  const watchdogUsec = address === undefined || address === '' ? null : watchdogFromEnv(env, pid);
  if (opts.unsetEnvironment === true) {
    delete env.NOTIFY_SOCKET;
    delete env.WATCHDOG_USEC;
    delete env.WATCHDOG_PID;
  }
  if (address === undefined || address === '') return noNotifier();
  if (address.startsWith('@') || address.startsWith('vsock:') || !address.startsWith('/')) {
    log.error(
      { notifySocket: address },
      'NOTIFY_SOCKET is not an absolute socket path (abstract "@" names and vsock: addresses cannot be reached with unix-dgram): ' +
        'systemd notifications are off, so a Type=notify unit will time out at start. Run under a service manager that passes a socket path',
    );
    return noNotifier();
  }

  let socket: DgramSocket | null = null;
  let warned = false;
  let stopped = false;
  const warnOnce = (err: unknown): void => {
    if (warned) return;
    warned = true;
    log.warn({ notifySocket: address, err: (err as Error)?.message ?? String(err) }, 'could not send to the systemd notify socket; further failures are not logged');
  };
  try {
    socket = unixDgram().createSocket('unix_dgram');
    // Without a listener an 'error' event would throw; send() reports through its callback anyway.
    socket.on('error', warnOnce);
  } catch (err) {
    warnOnce(err);
    socket = null;
  }

  const send = (lines: string[]): void => {
    if (socket === null) return;
    const buf = Buffer.from(lines.join('\n'), 'utf8');
    try {
      socket.send(buf, 0, buf.length, address, (err) => {
        if (err) warnOnce(err);
      });
    } catch (err) {
      warnOnce(err);
    }
  };
  const withStatus = (line: string, status: string | undefined): string[] => (status === undefined ? [line] : [line, `STATUS=${oneLine(status)}`]);

  return {
    enabled: true,
    watchdogUsec,
    ready: (status) => send(withStatus('READY=1', status)),
    status: (text) => send([`STATUS=${oneLine(text)}`]),
    watchdog: () => {
      if (watchdogUsec !== null) send(['WATCHDOG=1']);
    },
    reloading: (status) => send([...withStatus('RELOADING=1', status), `MONOTONIC_USEC=${monotonicUsec()}`]),
    stopping: (status) => {
      if (stopped) return;
      stopped = true;
      send(withStatus('STOPPING=1', status));
    },
    close: () => {
      if (socket === null) return;
      const s = socket;
      socket = null;
      try {
        s.close();
      } catch (err) {
        warnOnce(err);
      }
    },
  };
}

/** A notifier that sends nothing: no service manager is listening. */
export function noNotifier(): Notifier {
  const noop = (): void => undefined;
  return { enabled: false, watchdogUsec: null, ready: noop, status: noop, watchdog: noop, reloading: noop, stopping: noop, close: noop };
}
