import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { createSocket } from 'node:dgram';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/**
 * Real loopback servers for the alert sinks: an HTTP receiver (webhook, Slack, Teams), an SMTP
 * server and a syslog listener. Each listens on port 0 and records what it gets.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The HMAC signature checked against `<X-Leakwatch-Timestamp>.<body>`; null without a secret. */
  signatureValid: boolean | null;
}

export interface WebhookReceiverOptions {
  /** Answer `status` to this many first requests, then 200 (default 0). */
  failFirst?: number;
  /** The failure status (default 500). */
  status?: number;
  /** Retry-After seconds sent with the failures. */
  retryAfter?: number;
  /** Wait this long before answering any request (timeout tests). */
  delayMs?: number;
  /** Signing secret to verify X-Leakwatch-Signature with. */
  secret?: string;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(opts: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let seen = 0;
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, signatureValid: verify(opts.secret, req.headers, body) });
      const failing = seen++ < (opts.failFirst ?? 0);
      const answer = (): void => {
        if (res.destroyed) return;
        if (failing) {
          res.writeHead(opts.status ?? 500, { 'content-type': 'text/plain', ...(opts.retryAfter === undefined ? {} : { 'retry-after': String(opts.retryAfter) }) });
          res.end('receiver failing on purpose');
        } else {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
        }
      };
      if (opts.delayMs === undefined) answer();
      else setTimeout(answer, opts.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook/T000/B000/secret-path`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Slack and Teams webhooks are plain JSON POSTs: the same receiver serves them. */
export const startSlackLikeReceiver = startWebhookReceiver;

function verify(secret: string | undefined, headers: IncomingHttpHeaders, body: string): boolean | null {
  if (secret === undefined) return null;
  const ts = headers['x-leakwatch-timestamp'];
  const sig = headers['x-leakwatch-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string') return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`);
  const got = Buffer.from(sig);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export interface ReceivedMail {
  from: string | null;
  to: string[];
  raw: string;
  user: string | null;
}

export interface SmtpServerOptions {
  auth?: { user: string; pass: string };
  /** Reply to RCPT TO with this code (e.g. 550 permanent, 451 transient). */
  rejectRcpt?: number;
  /** Offer STARTTLS with this certificate; without it the server speaks plain SMTP only. */
  tls?: { key: string; cert: string };
}

export interface TestSmtpServer {
  host: string;
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpServer(opts: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    ...(opts.tls === undefined ? { disabledCommands: opts.auth === undefined ? ['AUTH', 'STARTTLS'] : ['STARTTLS'] } : { key: opts.tls.key, cert: opts.tls.cert }),
    ...(opts.auth === undefined ? { authOptional: true } : {}),
    // Loopback only: plain-text AUTH without TLS is fine here.
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth !== undefined && auth.username === opts.auth.user && auth.password === opts.auth.pass) return cb(null, { user: auth.username });
      return cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, cb) {
      if (opts.rejectRcpt !== undefined) return cb(Object.assign(new Error('recipient refused by the test server'), { responseCode: opts.rejectRcpt }));
      return cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        messages.push({
          from: from === false ? null : from.address,
          to: session.envelope.rcptTo.map((r: SMTPServerAddress) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : null,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { host: '127.0.0.1', port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface SyslogListener {
  host: string;
  port: number;
  /** Each received syslog message (a datagram, or one octet-counted frame). */
  messages: string[];
  close(): Promise<void>;
  /** Resolves when at least n messages have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<string[]>;
  /** Drops the open TCP/TLS connections (reconnect tests). */
  dropConnections(): void;
}

export async function startSyslogListener(opts: { protocol: 'udp' | 'tcp' | 'tls'; tls?: { key: string; cert: string } }): Promise<SyslogListener> {
  const messages: string[] = [];
  const waitFor = async (n: number, timeoutMs = 5000): Promise<string[]> => {
    const deadline = Date.now() + timeoutMs;
    while (messages.length < n) {
      if (Date.now() > deadline) throw new Error(`syslog listener: ${messages.length} of ${n} messages after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return messages;
  };
  if (opts.protocol === 'udp') {
    const socket = createSocket('udp4');
    socket.on('message', (msg) => messages.push(msg.toString('utf8')));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return {
      host: '127.0.0.1',
      port: socket.address().port,
      messages,
      waitFor,
      dropConnections: () => undefined,
      close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
    };
  }
  const sockets = new Set<Socket>();
  const onConnection = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const parser = octetCountingParser((m) => messages.push(m));
    socket.on('data', parser);
  };
  let server: NetServer;
  if (opts.protocol === 'tls') {
    if (opts.tls === undefined) throw new Error('a tls listener needs a certificate (selfSignedCert())');
    server = createTlsServer({ key: opts.tls.key, cert: opts.tls.cert }, onConnection);
  } else {
    server = createTcpServer(onConnection);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    messages,
    waitFor,
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** RFC 6587 octet counting: `<len> <msg>` frames, which may arrive split or joined in any way. */
export function octetCountingParser(onMessage: (m: string) => void): (chunk: Buffer) => void {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const space = buf.indexOf(0x20);
      if (space < 0) return;
      const lenText = buf.subarray(0, space).toString('ascii');
      if (!/^[1-9]\d*$/.test(lenText)) throw new Error(`bad octet-counting frame header: ${JSON.stringify(lenText.slice(0, 20))}`);
      const len = Number(lenText);
      if (buf.length < space + 1 + len) return;
      onMessage(buf.subarray(space + 1, space + 1 + len).toString('utf8'));
      buf = buf.subarray(space + 1 + len);
    }
  };
}

/** A self-signed certificate for CN=localhost from `openssl`, or the reason there is none. */
export function selfSignedCert(): { key: string; cert: string } | { missing: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lw-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch (err) {
    return { missing: `openssl could not make a test certificate (${(err as NodeJS.ErrnoException).code ?? (err as Error).message.split('\n')[0]})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
