import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFile } from '../../../src/extract/index.js';
import { buildFile } from '../../../src/simulator/files/build.js';
import { truncate, zipBomb } from '../../../src/simulator/files/broken.js';
import type { FileSpec } from '../../../src/simulator/files/spec.js';
import { cleanTmp, LIMITS, SSN, writeTmp } from './helpers.js';

afterAll(cleanTmp);

const fds = (): number => fs.readdirSync('/proc/self/fd').length;
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ location: { sheet: 'S', cell: `A${i + 1}`, page: 1 + (i % 3), slide: 1 + (i % 3), line: i * 2 + 1 }, text: `${i} ${SSN}` }));

const specs: FileSpec[] = [
  { type: 'pdf', name: 'a.pdf', segments: rows(6) },
  { type: 'docx', name: 'a.docx', segments: [{ location: { part: 'body' }, text: SSN }, { location: { part: 'header' }, text: SSN }] },
  { type: 'xlsx', name: 'a.xlsx', segments: rows(50) },
  { type: 'csv', name: 'a.csv', segments: rows(50) },
  { type: 'pptx', name: 'a.pptx', segments: rows(6) },
  { type: 'ods', name: 'a.ods', segments: rows(20) },
  { type: 'txt', name: 'a.txt', segments: rows(20) },
  { type: 'eml', name: 'a.eml', segments: [{ location: { part: 'body' }, text: SSN }], children: [{ type: 'txt', name: 'x.txt', segments: rows(3) }] },
  { type: 'zip', name: 'a.zip', segments: [], children: [{ type: 'txt', name: 'x.txt', segments: rows(3) }, { type: 'xlsx', name: 'y.xlsx', segments: rows(5) }] },
];

/** Runs the extraction, stopping after `stopAfter` events (all when undefined); errors are swallowed. */
async function drain(file: string, name: string, stopAfter?: number): Promise<void> {
  let n = 0;
  try {
    for await (const _ev of extractFile(file, name, LIMITS)) if (stopAfter !== undefined && ++n >= stopAfter) break;
  } catch {
    // whole-file failures are expected for the broken inputs
  }
}

describe.runIf(fs.existsSync('/proc/self/fd'))('no file handle is left open', () => {
  it('after full runs, early stops and failures', async () => {
    const files: [string, string][] = [];
    for (const spec of specs) files.push([writeTmp(spec.name, await buildFile(spec)), spec.name]);
    const pdf = await buildFile(specs[0]!);
    files.push([writeTmp('t.pdf', truncate(pdf)), 't.pdf']);
    files.push([writeTmp('t.docx', truncate(await buildFile(specs[1]!), 0.6)), 't.docx']);
    files.push([writeTmp('bomb.zip', await zipBomb()), 'bomb.zip']);
    files.push([writeTmp('enc.docx', await buildFile({ ...specs[1]!, password: 'pw' })), 'enc.docx']);
    await drain(files[0]![0], files[0]![1]); // warm up lazily loaded modules
    const before = fds();
    for (const [file, name] of files) {
      await drain(file, name);
      await drain(file, name, 2);
      await drain(file, name, 3);
    }
    // Closing is asynchronous for some streams: give pending closes a turn.
    await new Promise((r) => setTimeout(r, 200));
    expect(fds()).toBe(before);
  });
});
