import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(process.cwd(), 'bench/RESULTS.md');
const HEADER = '# leakwatch benchmark results\n\nEach section is rewritten by the script it names; numbers are from the machine and date it states.\n';

/** Replaces one named section of bench/RESULTS.md, keeping the others. */
export function writeResultsSection(name: string, markdown: string): void {
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  const next = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, next.startsWith('# ') ? next : HEADER + next);
}
