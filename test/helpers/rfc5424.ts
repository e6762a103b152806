/**
 * A strict reader of RFC 5424 messages for tests, written from the ABNF (section 6) and
 * independent of the formatter it checks.
 */
export interface ParsedSyslog {
  pri: number;
  facility: number;
  severity: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  sd: Record<string, Record<string, string>>;
  msg: string;
  bom: boolean;
}

export function parseRfc5424(line: string): ParsedSyslog {
  const head = /^<(\d{1,3})>([1-9]\d{0,2}) (\S+) ([!-~]{1,255}) ([!-~]{1,48}) ([!-~]{1,128}) ([!-~]{1,32}) /.exec(line);
  if (head === null) throw new Error(`not an RFC 5424 header: ${line.slice(0, 80)}`);
  const [all, pri, version, timestamp, hostname, appName, procId, msgId] = head as unknown as string[];
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/.test(timestamp!)) throw new Error(`bad TIMESTAMP ${timestamp}`);
  let i = all!.length;
  const sd: Record<string, Record<string, string>> = {};
  if (line[i] === '-') {
    i++;
  } else {
    while (line[i] === '[') {
      i++;
      const idMatch = /^[^= \]"]{1,32}/.exec(line.slice(i));
      if (idMatch === null) throw new Error(`bad SD-ID at ${i}`);
      const id = idMatch[0];
      i += id.length;
      const params: Record<string, string> = {};
      while (line[i] === ' ') {
        i++;
        const nameMatch = /^([^= \]"]{1,32})="/.exec(line.slice(i));
        if (nameMatch === null) throw new Error(`bad SD-PARAM at ${i}: ${line.slice(i, i + 30)}`);
        i += nameMatch[0].length;
        let value = '';
        for (;;) {
          const c = line[i];
          if (c === undefined) throw new Error('unterminated PARAM-VALUE');
          if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\' || line[i + 1] === ']')) {
            value += line[i + 1];
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else if (c === ']') {
            throw new Error(`unescaped ] in PARAM-VALUE at ${i}`);
          } else {
            value += c;
            i++;
          }
        }
        params[nameMatch[1]!] = value;
      }
      if (line[i] !== ']') throw new Error(`SD-ELEMENT not closed at ${i}: ${line.slice(i, i + 30)}`);
      i++;
      sd[id] = params;
    }
  }
  let msg = '';
  if (i < line.length) {
    if (line[i] !== ' ') throw new Error(`no SP before MSG at ${i}`);
    msg = line.slice(i + 1);
  }
  const bom = msg.startsWith('\uFEFF');
  const p = Number(pri);
  if (p > 191) throw new Error(`PRI ${p} out of range`);
  return { pri: p, facility: p >> 3, severity: p & 7, version: Number(version), timestamp: timestamp!, hostname: hostname!, appName: appName!, procId: procId!, msgId: msgId!, sd, msg: bom ? msg.slice(1) : msg, bom };
}

/** Splits a CEF line into its 7 header fields and extension map, undoing CEF escapes. */
export function parseCef(line: string): { header: string[]; ext: Record<string, string> } {
  if (!line.startsWith('CEF:')) throw new Error(`not CEF: ${line.slice(0, 40)}`);
  const header: string[] = [];
  let cur = '';
  let i = 0;
  while (header.length < 7) {
    const c = line[i];
    if (c === undefined) throw new Error('CEF header cut short');
    if (c === '\\' && (line[i + 1] === '|' || line[i + 1] === '\\')) {
      cur += line[i + 1];
      i += 2;
    } else if (c === '|') {
      header.push(cur);
      cur = '';
      i++;
    } else {
      if (c === '\n' || c === '\r') throw new Error('line break in CEF header');
      cur += c;
      i++;
    }
  }
  const rest = line.slice(i);
  const ext: Record<string, string> = {};
  // A key starts after a space and is followed by an unescaped '='.
  const re = /(?:^| )([A-Za-z0-9_]+)=((?:[^\\= ]|\\[\\=nr]| (?![A-Za-z0-9_]+=))*)/g;
  let consumed = 0;
  for (const m of rest.matchAll(re)) {
    if (m.index !== consumed) throw new Error(`CEF extension: unparsed text at ${consumed}: ${rest.slice(consumed, consumed + 30)}`);
    consumed = m.index + m[0].length;
    ext[m[1]!] = m[2]!.replace(/\\([\\=nr])/g, (_s, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
  }
  if (consumed !== rest.length) throw new Error(`CEF extension: unparsed text at ${consumed}: ${rest.slice(consumed, consumed + 30)}`);
  return { header, ext };
}
