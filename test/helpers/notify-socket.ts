import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './harness.js';

interface ServerSocket {
  on(event: 'message', listener: (buf: Buffer) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  bind(path: string): void;
  close(): void;
}

export interface Datagram {
  text: string;
  /** performance.now() when it arrived. */
  at: number;
}

/**
 * A unix datagram socket in a temp dir standing in for systemd's notify socket: records every
 * datagram and lets a test wait for one. (Tests bind with unix-dgram directly: the server side
 * is not part of leakwatch.)
 */
export class NotifySocket {
  readonly dir = tempDir('lw-notify-');
  readonly path = join(this.dir, 'notify.sock');
  readonly received: Datagram[] = [];
  private readonly socket: ServerSocket;
  private waiters: (() => void)[] = [];

  constructor() {
    const unix = createRequire(import.meta.url)('unix-dgram') as { createSocket(type: 'unix_dgram'): ServerSocket };
    this.socket = unix.createSocket('unix_dgram');
    this.socket.on('error', (err) => {
      throw err;
    });
    this.socket.on('message', (buf) => {
      this.received.push({ text: buf.toString('utf8'), at: performance.now() });
      const w = this.waiters;
      this.waiters = [];
      for (const fn of w) fn();
    });
    this.socket.bind(this.path);
  }

  texts(): string[] {
    return this.received.map((d) => d.text);
  }

  /** The first datagram at index >= from matching `test`; rejects after timeoutMs. */
  async waitFor(test: (text: string) => boolean, timeoutMs = 30_000, from = 0): Promise<Datagram & { index: number }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex((d, i) => i >= from && test(d.text));
      if (index >= 0) return { ...(this.received[index] as Datagram), index };
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no matching datagram within ${timeoutMs} ms; got:\n${this.texts().slice(-20).join('\n---\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
