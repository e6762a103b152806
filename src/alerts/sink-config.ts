import { z } from 'zod';
import { LeakwatchError } from '../errors.js';

/**
 * The configuration of one alert sink: a union on `type`, strict objects (a misspelt key is
 * reported), every default documented here once.
 *
 * Secrets (webhook signing secret, Slack/Teams webhook URLs, SMTP password) are read from
 * `<key>_env` (the name of an environment variable) or `<key>_file` (a file, relative to the
 * config file's directory). The literal `<key>` form is accepted but discouraged: the config
 * file then holds a credential. Exactly one of the three forms is given.
 */

const positive = z.number().positive();
const port = z.number().int().min(1).max(65_535);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable (letters, digits, _)');
const secretLiteral = z.string().min(1);
const filePath = z.string().min(1);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** The three ways to give one secret; `base` is the key name (`secret`, `webhook_url`, `password`). */
type SecretForms = Record<string, unknown>;

function secretCheck(base: string, required: boolean) {
  return (obj: SecretForms, ctx: z.core.$RefinementCtx<SecretForms>): void => {
    const given = [base, `${base}_env`, `${base}_file`].filter((k) => obj[k] !== undefined && obj[k] !== null);
    if (given.length > 1) {
      ctx.addIssue({ code: 'custom', path: [given[1] as string], message: `give only one of ${given.join(', ')}` });
    } else if (given.length === 0 && required) {
      ctx.addIssue({ code: 'custom', path: [`${base}_env`], message: `required: set ${base}_env (an environment variable name) or ${base}_file (a file); ${base} (inline) is discouraged` });
    }
  };
}

/** Default sink: one structured log line per alert. */
export const logSinkSchema = z.strictObject({
  type: z.literal('log'),
  /** Log level of the alert line. */
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('warn'),
});

const RESERVED_HEADERS = ['content-type', 'content-length', 'host', 'idempotency-key', 'x-leakwatch-signature', 'x-leakwatch-timestamp'];

/** Signed JSON POST of the alert payload (see sinks/webhook.ts for the signature). */
export const webhookSinkSchema = z
  .strictObject({
    type: z.literal('webhook'),
    url: httpUrl,
    /** HMAC-SHA256 signing secret: literal (discouraged), or from an env var or a file. One is required. */
    secret: secretLiteral.optional(),
    secret_env: envName.optional(),
    secret_file: filePath.optional(),
    /** Time allowed for the whole request, response included. */
    timeout_seconds: positive.default(10),
    /** Extra request headers (e.g. an Authorization header for a gateway; use ${ENV} interpolation for its value). */
    headers: z
      .record(
        z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name'),
        z.string().regex(/^[^\r\n]*$/, 'must not contain a line break'),
      )
      .refine((h) => Object.keys(h).every((k) => !RESERVED_HEADERS.includes(k.toLowerCase())), {
        message: `may not set ${RESERVED_HEADERS.join(', ')} (leakwatch sets them)`,
      })
      .default({}),
  })
  .superRefine(secretCheck('secret', true));

const chatSinkFields = {
  /** The incoming-webhook URL is a credential: prefer webhook_url_env or webhook_url_file. One is required. */
  webhook_url: httpUrl.optional(),
  webhook_url_env: envName.optional(),
  webhook_url_file: filePath.optional(),
  timeout_seconds: positive.default(10),
  /** A digest lists this many findings, then "and N more". */
  max_findings: z.number().int().min(1).max(40).default(10),
};

/** Slack incoming webhook, Block Kit message. */
export const slackSinkSchema = z
  .strictObject({ type: z.literal('slack'), ...chatSinkFields })
  .superRefine(secretCheck('webhook_url', true));

/** Microsoft Teams workflow (Power Automate "post to a channel when a webhook request is received") or incoming webhook, Adaptive Card 1.4. */
export const teamsSinkSchema = z
  .strictObject({ type: z.literal('teams'), ...chatSinkFields })
  .superRefine(secretCheck('webhook_url', true));

/** E-mail over SMTP, one message per alert (a digest is one message listing every finding). */
export const emailSinkSchema = z
  .strictObject({
    type: z.literal('email'),
    host: z.string().min(1),
    /** 587 is submission with STARTTLS; use 465 with secure: true for implicit TLS. */
    port: port.default(587),
    /** Implicit TLS from the first byte (port 465). */
    secure: z.boolean().default(false),
    /** Refuse to send unless the server upgrades the connection with STARTTLS (ignored with secure: true). */
    require_tls: z.boolean().default(true),
    /** Verify the server certificate; false only for a test server with a self-signed certificate. */
    tls_reject_unauthorized: z.boolean().default(true),
    /** SMTP AUTH user; none = no authentication. */
    username: z.string().min(1).optional(),
    password: secretLiteral.optional(),
    password_env: envName.optional(),
    password_file: filePath.optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1, 'needs at least one recipient'),
    subject_prefix: z.string().regex(/^[^\r\n]*$/, 'must not contain a line break').default('[leakwatch]'),
    /** Bound on connecting, the greeting and each SMTP command. */
    timeout_seconds: positive.default(30),
  })
  .superRefine((obj, ctx) => {
    const hasUser = obj.username !== undefined;
    secretCheck('password', hasUser)(obj, ctx as z.core.$RefinementCtx<SecretForms>);
    if (!hasUser && (obj.password ?? obj.password_env ?? obj.password_file) !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'required when a password is given' });
    }
  });

export const SYSLOG_FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  ntp: 12, audit: 13, alert: 14, clock: 15,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;
export type SyslogFacility = keyof typeof SYSLOG_FACILITIES;

/** RFC 5424 syslog over UDP (RFC 5426), TCP (RFC 6587 octet counting) or TLS (RFC 5425). */
export const syslogSinkSchema = z.strictObject({
  type: z.literal('syslog'),
  /** tcp by default: a refused or broken connection is seen and the alert retried; UDP loses silently. */
  protocol: z.enum(['udp', 'tcp', 'tls']).default('tcp'),
  host: z.string().min(1),
  /** null = 514 for udp and tcp, 6514 for tls. */
  port: port.nullable().default(null),
  facility: z.enum(Object.keys(SYSLOG_FACILITIES) as [SyslogFacility, ...SyslogFacility[]]).default('local0'),
  /** RFC 5424 APP-NAME (printable ASCII, at most 48 characters). */
  app_name: z.string().regex(/^[!-~]{1,48}$/, 'must be 1-48 printable ASCII characters without spaces').default('leakwatch'),
  /** RFC 5424 HOSTNAME; null = this machine's host name. */
  hostname: z.string().regex(/^[!-~]{1,255}$/, 'must be 1-255 printable ASCII characters without spaces').nullable().default(null),
  /** rfc5424: readable MSG + structured data; cef: an ArcSight CEF line as the MSG. */
  format: z.enum(['rfc5424', 'cef']).default('rfc5424'),
  /** tls: PEM file of the CA(s) that signed the collector's certificate (relative to the config file); null = the system CAs. */
  tls_ca_file: filePath.nullable().default(null),
  /** tls: verify the collector's certificate. */
  tls_reject_unauthorized: z.boolean().default(true),
  /** Bound on connecting and on one write. */
  timeout_seconds: positive.default(10),
});

export const SINK_TYPES = ['log', 'webhook', 'slack', 'teams', 'email', 'syslog'] as const;
export type SinkType = (typeof SINK_TYPES)[number];

export const sinkConfigSchema = z.discriminatedUnion(
  'type',
  [logSinkSchema, webhookSinkSchema, slackSinkSchema, teamsSinkSchema, emailSinkSchema, syslogSinkSchema],
  { error: `type must be one of ${SINK_TYPES.join(', ')}` },
);

export type SinkConfig = z.output<typeof sinkConfigSchema>;
export type LogSinkConfig = z.output<typeof logSinkSchema>;
export type WebhookSinkConfig = z.output<typeof webhookSinkSchema>;
export type SlackSinkConfig = z.output<typeof slackSinkSchema>;
export type TeamsSinkConfig = z.output<typeof teamsSinkSchema>;
export type EmailSinkConfig = z.output<typeof emailSinkSchema>;
export type SyslogSinkConfig = z.output<typeof syslogSinkSchema>;

/**
 * Validates one sink's config outside the main config schema (tests, `leakwatch check`), every
 * problem listed as `sink "<name>": <key>: <message>`.
 */
export function parseSinkConfig(name: string, raw: unknown): SinkConfig {
  const result = sinkConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `sink "${name}": ${path === '' ? k : `${path}.${k}`}: unknown key`);
    return [`sink "${name}": ${path === '' ? '(sink)' : path}: ${issue.message}`];
  });
  throw new LeakwatchError('CONFIG_INVALID', 'config', `sink "${name}": ${details.length} problem(s) in its configuration`, { details });
}
