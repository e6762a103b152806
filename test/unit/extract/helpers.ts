import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExtractError, extractFile } from '../../../src/extract/index.js';
import type { ExtractLimits, ExtractProblem, FileKind, TextSegment } from '../../../src/extract/types.js';
import { buildFile } from '../../../src/simulator/files/build.js';
import type { FileSpec } from '../../../src/simulator/files/spec.js';

export const LIMITS: ExtractLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxDepth: 3,
  maxEntries: 1000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxTextChars: 10_000_000,
};

export const SSN = '123-45-6789';
export const EMAIL = 'jane.doe@example.com';

export interface Result {
  kind?: FileKind;
  segments: TextSegment[];
  problems: ExtractProblem[];
  error?: ExtractError;
}

let dir: string | undefined;
export function tmpDir(): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'leakwatch-extract-'));
  return dir;
}
export function cleanTmp(): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

export function writeTmp(name: string, data: Buffer | string): string {
  const p = path.join(tmpDir(), `${Math.random().toString(36).slice(2)}-${path.basename(name)}`);
  fs.writeFileSync(p, data);
  return p;
}

/** Runs extractFile to the end, collecting events; an ExtractError thrown is kept, anything else rethrown. */
export async function run(file: string, name: string, limits: ExtractLimits = LIMITS): Promise<Result> {
  const r: Result = { segments: [], problems: [] };
  try {
    for await (const ev of extractFile(file, name, limits)) {
      if (ev.type === 'kind') r.kind = ev.kind;
      else if (ev.type === 'segment') r.segments.push(ev.segment);
      else r.problems.push(ev.problem);
    }
  } catch (err) {
    if (!(err instanceof ExtractError)) throw err;
    r.error = err;
  }
  return r;
}

export async function runSpec(spec: FileSpec, name = spec.name, limits: ExtractLimits = LIMITS): Promise<Result> {
  return run(writeTmp(name, await buildFile(spec)), name, limits);
}

export async function runBuffer(buf: Buffer, name: string, limits: ExtractLimits = LIMITS): Promise<Result> {
  return run(writeTmp(name, buf), name, limits);
}

/** The segment holding `value`, and the A1 cell it is in when the segment has cells. */
export function find(r: Result, value: string): { segment: TextSegment; cell?: string } | undefined {
  for (const segment of r.segments) {
    const at = segment.text.indexOf(value);
    if (at < 0) continue;
    const cell = segment.cells?.filter((c) => c.start <= at).pop()?.cell;
    return cell === undefined ? { segment } : { segment, cell };
  }
  return undefined;
}
