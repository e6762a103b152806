import type { AlertFinding, AlertPayload } from './types.js';
import { findingLine } from './format.js';

/**
 * RFC 5424 syslog messages and CEF lines, pure text: one message per finding. The transports
 * are in sinks/syslog.ts.
 */

/** The structured-data id: `leakwatch@32473`. 32473 is the example Private Enterprise Number reserved for documentation (RFC 5612). */
export const SD_ID = 'leakwatch@32473';

/** RFC 5424 severities: critical→crit(2), high→err(3), medium→warning(4), low→notice(5); anything else warning. */
export function syslogSeverity(severity: string): number {
  switch (severity) {
    case 'critical':
      return 2;
    case 'high':
      return 3;
    case 'low':
      return 5;
    default:
      return 4;
  }
}

/** CEF severity 0-10. */
export function cefSeverity(severity: string): number {
  switch (severity) {
    case 'critical':
      return 10;
    case 'high':
      return 8;
    case 'low':
      return 3;
    default:
      return 5;
  }
}

/** SD-PARAM value: `"`, `\` and `]` are escaped with a backslash (RFC 5424 section 6.3.3). */
export function escapeSdValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** A header field (HOSTNAME, APP-NAME, PROCID, MSGID): printable ASCII without space, bounded; NILVALUE when empty. */
export function headerField(value: string, max: number): string {
  const clean = value.replace(/[^!-~]/g, '_').slice(0, max);
  return clean === '' ? '-' : clean;
}

export interface SyslogLine {
  facility: number;
  severity: number;
  time: Date;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  /** SD-PARAMs of the one SD-ELEMENT `leakwatch@32473`, in order; null values are left out. */
  params: [string, string | null][];
  msg: string;
}

/** `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG`. MSG is UTF-8 with a BOM when not plain ASCII (section 6.4). */
export function formatRfc5424(line: SyslogLine): string {
  const pri = line.facility * 8 + line.severity;
  const params = line.params
    .filter((p): p is [string, string] => p[1] !== null)
    .map(([k, v]) => ` ${k}="${escapeSdValue(v)}"`)
    .join('');
  // eslint-disable-next-line no-control-regex
  const msg = line.msg.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  // eslint-disable-next-line no-control-regex
  const body = /^[\u0000-\u007f]*$/.test(msg) ? msg : `\uFEFF${msg}`;
  return [
    `<${pri}>1`,
    line.time.toISOString(),
    headerField(line.hostname, 255),
    headerField(line.appName, 48),
    headerField(line.procId, 128),
    headerField(line.msgId, 32),
    `[${SD_ID}${params}]`,
  ].join(' ') + (body === '' ? '' : ` ${body}`);
}

/** CEF header fields: `\` and `|` escaped, no line breaks. */
export function escapeCefHeader(value: string): string {
  return value.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n]/g, ' ');
}

/** CEF extension values: `\` and `=` escaped, line breaks written as \n and \r. */
export function escapeCefValue(value: string): string {
  return value.replace(/[\\=]/g, (c) => `\\${c}`).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** `CEF:0|leakwatch|leakwatch|<version>|<rule id>|<name>|<severity>|<extension>`. */
export function formatCef(alert: AlertPayload, f: AlertFinding, productVersion: string): string {
  const created = Date.parse(alert.createdAt);
  const ext: [string, string | null][] = [
    ['rt', Number.isNaN(created) ? null : String(created)],
    ['externalId', String(f.id)],
    ['cat', f.category],
    ['act', 'alert'],
    ['suser', f.userEmail],
    ['fname', f.fileName],
    ['cs1Label', 'conversationId'],
    ['cs1', f.conversationId],
    ['cs2Label', 'preview'],
    ['cs2', f.preview],
    ['cs3Label', 'policy'],
    ['cs3', alert.policy],
    ['cs4Label', 'alertKey'],
    ['cs4', alert.key],
    ['cs5Label', 'location'],
    ['cs5', f.location],
    ['cs6Label', 'hint'],
    ['cs6', alert.hint],
    ['flexString1Label', 'confidence'],
    ['flexString1', f.confidence],
  ];
  const extension = ext
    .filter((e, i) => e[1] !== null && !(e[0].endsWith('Label') && ext[i + 1]?.[1] === null))
    .map(([k, v]) => `${k}=${escapeCefValue(v as string)}`)
    .join(' ');
  const header = ['CEF:0', 'leakwatch', 'leakwatch', productVersion, f.ruleId, `Sensitive ${f.category} data in a ${f.sourceKind}`, String(cefSeverity(f.severity))]
    .map((v, i) => (i === 0 ? v : escapeCefHeader(v)))
    .join('|');
  return `${header}|${extension}`;
}

export interface SyslogFormatOptions {
  format: 'rfc5424' | 'cef';
  facility: number;
  hostname: string;
  appName: string;
  productVersion: string;
  now?: Date;
}

/** One RFC 5424 message per finding; a digest's messages share the key and count `n` from 1. */
export function buildSyslogMessages(alert: AlertPayload, opts: SyslogFormatOptions): string[] {
  const time = opts.now ?? new Date();
  return alert.findings.map((f, i) =>
    formatRfc5424({
      facility: opts.facility,
      severity: syslogSeverity(f.severity),
      time,
      hostname: opts.hostname,
      appName: opts.appName,
      procId: String(process.pid),
      msgId: 'finding',
      params: [
        ['key', alert.key],
        ['n', String(i + 1)],
        ['of', String(alert.findings.length)],
        ['policy', alert.policy],
        ['finding', String(f.id)],
        ['rule', f.ruleId],
        ['severity', f.severity],
        ['category', f.category],
        ['user', f.userEmail],
        ['conversation', f.conversationId],
        ['file', f.fileName],
        ['location', f.location],
      ],
      msg: opts.format === 'cef' ? formatCef(alert, f, opts.productVersion) : `${findingLine(f)} - details: ${alert.hint}`,
    }),
  );
}

/** RFC 6587 octet counting: `<length in bytes> <message>`. */
export function octetFrame(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}
