import { isIP } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * `host:port`, `[v6]:port`: what metrics.listen accepts. Port 0 asks the system for a free port
 * (the bound one is reported once listening). Null when it is not one of these.
 */
export function parseListen(value: string): ListenAddress | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):([0-9]{1,5})$/.exec(value.trim());
  if (m === null) return null;
  const port = Number(m[3]);
  if (port > 65_535) return null;
  const v6 = m[1];
  if (v6 !== undefined) return isIP(v6) === 6 ? { host: v6, port } : null;
  const host = m[2] as string;
  if (isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(host)) return null;
  return { host, port };
}

/** The address as a URL authority (`[::1]:9464`). */
export function formatListen(a: ListenAddress): string {
  return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/** 127.0.0.0/8, ::1 or localhost: an address only this machine reaches. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
