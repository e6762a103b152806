import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/engine.js';
import { extractFile, type ExtractLimits, type FileLocation, type TextSegment } from '../../src/extract/index.js';
import { loadRules } from '../../src/rules/load.js';
import { fileBytes } from '../../src/simulator/files/serve.js';
import { generateWorkspace } from '../../src/simulator/index.js';

const LIMITS: ExtractLimits = { maxFileBytes: 100e6, maxDepth: 3, maxEntries: 1000, maxUncompressedBytes: 200e6, maxCompressionRatio: 200, maxTextChars: 10e6 };
const dir = mkdtempSync(join(tmpdir(), 'sim-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where the pipeline reports a finding: the segment's location, narrowed to the cell or line of the match. */
function locate(seg: TextSegment, start: number): FileLocation {
  const loc: FileLocation = { ...seg.location };
  if (seg.cells) loc.cell = seg.cells.filter((c) => c.start <= start).at(-1)?.cell ?? seg.cells[0]?.cell;
  if (loc.line !== undefined) for (let i = seg.text.indexOf('\n'); i >= 0 && i < start; i = seg.text.indexOf('\n', i + 1)) loc.line++;
  return loc;
}

const key = (l: FileLocation): string => JSON.stringify(Object.entries(l).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
const kindOf = (ruleId: string): string => (ruleId.endsWith('-card') ? 'payment-card' : ruleId);

describe('simulated files through the real extractors and rules', () => {
  it('finds every planted value by its rule at its ground-truth location, nothing else, and the expected error for broken files', async () => {
    const rules = loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
    const detector = new Detector(rules.compiled);
    const ws = generateWorkspace({ now: new Date('2026-06-01T00:00:00Z') });
    const truth = new Map(ws.groundTruth().files.map((f) => [f.contentKey, f]));
    const report: string[] = [];
    for (const [contentKey, f] of truth) {
      // The zip bomb takes seconds to build; simulator-files.test.ts serves it.
      if (f.broken === 'zip-bomb') continue;
      const content = ws.filesById.get(f.fileId)?.content;
      if (!content) throw new Error(`no content for ${contentKey}`);
      const path = join(dir, 'file');
      writeFileSync(path, await fileBytes(content));
      const found: { kind: string; at: string }[] = [];
      let error: string | null = null;
      try {
        for await (const e of extractFile(path, f.name, LIMITS)) {
          if (e.type === 'problem') error = e.problem.code;
          if (e.type !== 'segment') continue;
          for (const d of detector.scan(e.segment.text)) found.push({ kind: kindOf(d.ruleId), at: `${e.segment.text.slice(d.start, d.end)} ${key(locate(e.segment, d.start))}` });
        }
      } catch (err) {
        error = (err as { code?: string }).code ?? 'THROWN';
      }
      expect(error, f.name).toBe(f.expectedError);
      const want = f.planted.map((p) => ({ kind: p.kind, at: `${p.value} ${key(p.location)}` }));
      for (const w of want) if (!found.some((x) => x.kind === w.kind && x.at === w.at)) report.push(`${f.name}: missed ${w.kind} at ${w.at}`);
      // Other rules may report a planted value too (generic-credential-assignment); an e-mail's
      // subject is found again in its headers part.
      for (const x of found) if (!want.some((w) => w.at === x.at) && !x.at.endsWith('[["part","headers"]]')) report.push(`${f.name}: unexpected ${x.kind} at ${x.at}`);
    }
    expect(report).toEqual([]);
  }, 120_000);
});
