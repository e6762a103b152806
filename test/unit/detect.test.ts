import { describe, it, expect } from 'vitest';
import { maskValue } from '../../src/detect/mask.js';
import { shannonEntropy } from '../../src/detect/entropy.js';
import { hasContextWord } from '../../src/detect/context.js';
import { Detector } from '../../src/detect/engine.js';
import type { CompiledRule } from '../../src/rules/compiled.js';

const rule = (over: Partial<CompiledRule>): CompiledRule => ({
  id: 'r', category: 'secret', severity: 'high', confidence: 'medium', regex: 'tok_[a-z0-9]{8}', group: 0, keywords: [],
  validator: null, entropy: null, context: null, allowlist: { values: [], regexes: [] }, minConfidence: 'low', ...over,
});
const detector = (rules: CompiledRule[]) => new Detector({ rules, globalAllowlist: { values: [], regexes: [] }, digest: 't' });

describe('mask', () => {
  it('never returns the value and keeps at most 4 characters each side', () => {
    expect(maskValue('AKIAQWERTYUIOPASDFGH')).toBe('AKIA************DFGH');
    expect(maskValue(`sk-proj-${'a1'.repeat(40)}`)).toBe('sk-p************…a1a1');
    expect(maskValue('abc')).toBe('***');
    expect(maskValue('123-45-6789')).toBe('12*******89');
    expect(maskValue('-----BEGIN\nKEY')).not.toContain('\n');
  });
});

describe('entropy', () => {
  it('scores placeholders low and random strings high', () => {
    expect(shannonEntropy('xxxxxxxxxxxx')).toBe(0);
    expect(shannonEntropy('aB3dE5gH7jK9mN1p')).toBeGreaterThan(3.5);
  });
});

describe('context', () => {
  it('finds whole words within the window only', () => {
    const text = 'my ssn is 123-45-6789 thanks';
    expect(hasContextWord(text, 10, 21, ['ssn'], 10)).toBe(true);
    expect(hasContextWord(text, 10, 21, ['ssn'], 3)).toBe(false);
    expect(hasContextWord('classn 123', 7, 10, ['ssn'], 10)).toBe(false);
  });

  it('judges word edges in the whole text, not at the edge of the window', () => {
    // The 5-character window before the number is "phone", but the word is "smartphone".
    const text = 'smartphone 415-555-0142';
    expect(hasContextWord(text, 11, 23, ['phone'], 6)).toBe(false);
    expect(hasContextWord('my phone 415-555-0142', 9, 21, ['phone'], 6)).toBe(true);
    expect(hasContextWord('415-555-0142 phonebook', 0, 12, ['phone'], 6)).toBe(false);
  });
});

describe('detector', () => {
  it('reports UTF-16 string offsets after non-ASCII text', () => {
    const text = '日本語 🎉 éé tok_abc12345 and tok_zzz99999';
    const found = detector([rule({})]).scan(text);
    expect(found.map((d) => text.slice(d.start, d.end))).toEqual(['tok_abc12345', 'tok_zzz99999']);
  });

  it('applies group, keywords, entropy, allowlist, context and the confidence floor', () => {
    const text = 'key=tok_aaaaaaaa key=tok_a1b2c3d4 key=tok_allow123';
    expect(detector([rule({ regex: 'key=(tok_[a-z0-9]{8})', group: 1 })]).scan(text)).toHaveLength(3);
    expect(detector([rule({ keywords: ['nothere'] })]).scan(text)).toHaveLength(0);
    expect(detector([rule({ entropy: 2 })]).scan(text)).toHaveLength(2);
    expect(detector([rule({ allowlist: { values: ['TOK_ALLOW123'], regexes: ['^tok_a+$'] } })]).scan(text)).toHaveLength(1);
    const ctx = { words: ['secret'], window: 10, confidence: 'high' as const, required: true };
    expect(detector([rule({ context: ctx })]).scan('secret tok_a1b2c3d4')[0]?.confidence).toBe('high');
    expect(detector([rule({ context: ctx })]).scan('plain tok_a1b2c3d4')).toHaveLength(0);
    expect(detector([rule({ minConfidence: 'high' })]).scan('tok_a1b2c3d4')).toHaveLength(0);
  });

  it('rejects values that fail the validator', () => {
    const r = rule({ regex: '\\b[0-9]{16}\\b', validator: 'luhn', category: 'financial' });
    expect(detector([r]).scan('4539148803436467 4539148803436468').map((d) => d.start)).toEqual([0]);
  });
});

describe('detector batching', () => {
  it('scanMany over packed chunks equals scanning each text alone', async () => {
    const { loadRules } = await import('../../src/rules/load.js');
    const { buildCorpus, loadGeneratorModules } = await import('../../bench/eval/corpus.js');
    const rules = loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
    const texts = buildCorpus({ seed: 99, messages: 1500, modules: await loadGeneratorModules(), categoryOf: (id) => rules.meta.get(id)?.category }).map((m) => m.text);
    // Messages that end inside a would-be match and non-ASCII text next to values.
    texts.push('ends with AKIA', 'QWERTYUIOPASDF23 continues', 'é 4539 1488 0343 6467', 'card 4539 1488', '0343 6467 split');
    const d = new Detector(loadRules({ paths: ['builtin'], disabled: [], min_confidence: 'low', min_confidence_overrides: {} }).compiled);
    expect(d.scanMany(texts)).toEqual(texts.map((t) => d.scan(t)));
  });
});
