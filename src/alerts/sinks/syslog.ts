import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import type { SyslogSinkConfig } from '../sink-config.js';
import { SYSLOG_FACILITIES } from '../sink-config.js';
import type { AlertPayload, Sink, SinkResult } from '../types.js';
import { buildSyslogMessages, octetFrame } from '../syslog-format.js';
import { ABORTED, OK, failed } from './result.js';

/** RFC 5426 asks receivers for at least 2048 bytes; a longer UDP message is cut (at a character boundary). */
export const UDP_MAX_BYTES = 2048;

export interface SyslogSinkDeps {
  hostname: string;
  productVersion: string;
  /** PEM of `tls_ca_file`, read by the registry; undefined = the system CAs. */
  ca?: string;
}

/**
 * RFC 5424 over UDP, TCP (octet counting) or TLS. One message per finding, all of one alert
 * written at once. TCP and TLS keep one connection open, reconnect on the next send after an
 * error or a close by the collector, and close it in close().
 */
export function createSyslogSink(name: string, config: SyslogSinkConfig, deps: SyslogSinkDeps): Sink {
  const port = config.port ?? (config.protocol === 'tls' ? 6514 : 514);
  const timeoutMs = config.timeout_seconds * 1000;
  const transport: Transport =
    config.protocol === 'udp'
      ? new UdpTransport(config.host, port)
      : new StreamTransport(() => openStream(config, port, deps.ca), timeoutMs);
  const format = {
    format: config.format,
    facility: SYSLOG_FACILITIES[config.facility],
    hostname: config.hostname ?? deps.hostname,
    appName: config.app_name,
    productVersion: deps.productVersion,
  };
  return {
    name,
    type: 'syslog',
    async send(alert: AlertPayload, signal: AbortSignal): Promise<SinkResult> {
      if (signal.aborted) return ABORTED;
      const messages = buildSyslogMessages(alert, format);
      try {
        await transport.send(messages, signal);
        return OK;
      } catch (err) {
        if (signal.aborted) return ABORTED;
        return failed(true, `syslog ${config.protocol} ${config.host}:${port}: ${reason(err)}`);
      }
    },
    close(): Promise<void> {
      return transport.close();
    },
  };
}

interface Transport {
  send(messages: string[], signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

class UdpTransport implements Transport {
  private socket: UdpSocket | null = null;
  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  async send(messages: string[]): Promise<void> {
    const socket = this.open();
    for (const m of messages) {
      const buf = cutUtf8(Buffer.from(m, 'utf8'), UDP_MAX_BYTES);
      await new Promise<void>((resolve, reject) => socket.send(buf, this.port, this.host, (err) => (err ? reject(err) : resolve())));
    }
  }

  private open(): UdpSocket {
    if (this.socket === null) {
      const type = isIP(this.host) === 6 ? 'udp6' : 'udp4';
      const socket = createSocket(type);
      // An ICMP "port unreachable" arrives as an error event on a later send; it must not end the process.
      socket.on('error', () => {
        if (this.socket === socket) this.socket = null;
        try {
          socket.close();
        } catch {
          // Already closed.
        }
      });
      socket.unref();
      this.socket = socket;
    }
    return this.socket;
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket === null) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/** A byte prefix that ends on a UTF-8 character boundary. */
function cutUtf8(buf: Buffer, max: number): Buffer {
  if (buf.length <= max) return buf;
  let end = max;
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end);
}

function openStream(config: SyslogSinkConfig, port: number, ca: string | undefined): Socket {
  if (config.protocol === 'tls') {
    return tlsConnect({
      host: config.host,
      port,
      ...(isIP(config.host) === 0 ? { servername: config.host } : {}),
      ...(ca === undefined ? {} : { ca }),
      rejectUnauthorized: config.tls_reject_unauthorized,
    });
  }
  return netConnect({ host: config.host, port });
}

/** TCP or TLS with one long-lived connection. */
class StreamTransport implements Transport {
  private socket: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private opening: Socket | null = null;
  private closed = false;

  constructor(
    private readonly open: () => Socket,
    private readonly timeoutMs: number,
  ) {}

  async send(messages: string[], signal: AbortSignal): Promise<void> {
    const socket = await this.connected(signal);
    const frames = Buffer.concat(messages.map(octetFrame));
    await this.guard(socket, signal, 'write', (done) => socket.write(frames, (err) => done(err ?? undefined)));
  }

  private connected(signal: AbortSignal): Promise<Socket> {
    if (this.socket !== null && !this.socket.destroyed) return Promise.resolve(this.socket);
    if (this.connecting !== null) return this.connecting;
    if (this.closed) return Promise.reject(new Error('sink closed'));
    const socket = this.open();
    this.opening = socket;
    // A collector sends nothing, but reading lets us see its FIN ('end') and reconnect.
    socket.resume();
    const forget = (): void => {
      if (this.socket === socket) this.socket = null;
      socket.destroy();
    };
    socket.on('error', forget);
    socket.on('end', forget);
    socket.on('close', forget);
    const event = socket instanceof TLSSocket ? 'secureConnect' : 'connect';
    this.connecting = this.guard(socket, signal, 'connect', (done) => socket.once(event, () => done()))
      .then(() => {
        socket.setKeepAlive(true, 60_000);
        this.socket = socket;
        return socket;
      })
      .finally(() => {
        this.connecting = null;
        this.opening = null;
      });
    return this.connecting;
  }

  /** Runs a socket step with the timeout and the signal; on failure the connection is dropped (a half-written frame must not be followed by more). */
  private guard(socket: Socket, signal: AbortSignal, step: string, start: (done: (err?: Error) => void) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.off('error', onError);
        socket.off('close', onClose);
        if (err === undefined) return resolve();
        if (this.socket === socket) this.socket = null;
        socket.destroy();
        reject(err);
      };
      const onError = (err: Error): void => finish(err);
      const onClose = (): void => finish(new Error(`connection closed during ${step}`));
      const onAbort = (): void => finish(new Error('aborted'));
      const timer = setTimeout(() => finish(new Error(`${step} timed out after ${this.timeoutMs / 1000} s`)), this.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.once('close', onClose);
      start(finish);
    });
  }

  close(): Promise<void> {
    this.closed = true;
    this.opening?.destroy();
    const socket = this.socket;
    this.socket = null;
    if (socket === null || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.destroy();
        resolve();
      }, 2000);
      socket.end(() => {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      });
    });
  }
}

function reason(err: unknown): string {
  if (err instanceof Error) return (err as NodeJS.ErrnoException).code ?? err.message;
  return String(err);
}
