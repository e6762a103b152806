import { afterAll, describe, expect, it } from 'vitest';
import { cleanTmp, LIMITS, run, writeTmp } from './helpers.js';
import type { TextSegment } from '../../../src/extract/types.js';

afterAll(cleanTmp);

const PEM = (tag: string): string => [
  `-----BEGIN ${tag} PRIVATE KEY-----`,
  ...Array.from({ length: 26 }, (_, i) => `MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC${String(i).padStart(13, '0')}`),
  `-----END ${tag} PRIVATE KEY-----`,
].join('\n');

/** ~30 MB of log-like lines; blank lines every 50 lines in the first half, none in the second. */
function bigText(): { text: string; pems: string[] } {
  const lines: string[] = [];
  const pems = [PEM('RSA'), PEM('EC')];
  let size = 0;
  let i = 0;
  while (size < 30 * 1024 * 1024) {
    const line = `2024-03-01T09:00:${String(i % 60).padStart(2, '0')}Z INFO request ${i} handled for user-${i % 977} in ${i % 313} ms`;
    lines.push(line);
    size += line.length + 1;
    if (size < 15e6 && i % 50 === 49) lines.push('');
    if (i === 12_345) lines.push('', pems[0]!, '');
    if (i === 250_321) lines.push(pems[1]!);
    i++;
  }
  lines.push('x'.repeat(2.5 * 1024 * 1024)); // one line longer than the hard cap
  return { text: lines.join('\n') + '\n', pems };
}

function checkSegments(segments: TextSegment[], text: string): void {
  let offset = 0;
  let line = 1;
  for (const s of segments) {
    expect(s.text.length).toBeLessThanOrEqual(1024 * 1024);
    expect(s.location.line).toBe(line);
    expect(text.startsWith(s.text, offset)).toBe(true);
    offset += s.text.length;
    for (let j = s.text.indexOf('\n'); j >= 0; j = s.text.indexOf('\n', j + 1)) line++;
  }
  expect(offset).toBe(text.length);
}

describe('text files are streamed in segments', () => {
  it('a 30 MB text file: segments <= 1 MiB, right line numbers, PEM blocks whole, nothing lost', async () => {
    const { text, pems } = bigText();
    const file = writeTmp('app.log', text);
    const r = await run(file, 'app.log', { ...LIMITS, maxTextChars: 64 * 1024 * 1024 });
    expect(r.kind).toBe('text');
    expect(r.problems).toEqual([]);
    expect(r.segments.length).toBeGreaterThan(30);
    checkSegments(r.segments, text);
    for (const pem of pems) expect(r.segments.some((s) => s.text.includes(pem))).toBe(true);
    // Most segments are near the 64 KiB target, not the 1 MiB cap.
    const typical = r.segments.filter((s) => s.text.length < 200 * 1024).length;
    expect(typical / r.segments.length).toBeGreaterThan(0.9);
  });

  it('a multi-byte UTF-8 text keeps its characters across chunk boundaries', async () => {
    const text = Array.from({ length: 40_000 }, (_, i) => `zeile ${i}: grüße 😀 日本語`).join('\n');
    const r = await run(writeTmp('u.txt', text), 'u.txt');
    checkSegments(r.segments, text);
    expect(r.segments.join('')).not.toContain('\uFFFD');
  });
});
