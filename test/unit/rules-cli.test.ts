import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulePackJsonSchema } from '../../src/rules/schema.js';
import { loadRules } from '../../src/rules/load.js';
import { tempDir } from '../helpers/harness.js';
import { writeFileSync } from 'node:fs';

describe('rule pack JSON Schema', () => {
  it('rules/rule-pack.schema.json is the schema the loader enforces (regenerate with leakwatch rules schema)', () => {
    const committed = JSON.parse(readFileSync(join(process.cwd(), 'rules/rule-pack.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(rulePackJsonSchema());
  });
});

describe('rule pack loader', () => {
  it('lists every problem with file and rule id', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), [
      'rules:',
      '  - id: Bad_Id',
      '    description: x',
      '    category: secret',
      '    severity: high',
      '    regex: "(?<=x)y"',
      '    examples: { match: [a], ignore: [b] }',
      '  - id: no-match',
      '    description: x',
      '    category: secret',
      '    severity: urgent',
      '    regex: "tok_[0-9]{4}"',
      '    examples: { match: [nothing here], ignore: [tok_1234] }',
      '  - id: ok-rule',
      '    description: x',
      '    category: secret',
      '    severity: high',
      '    regex: "tok_[0-9]{4}"',
      '    validator: nope',
      '    examples: { match: [tok_1234], ignore: [tok_12] }',
    ].join('\n'));
    let details: string[] = [];
    try {
      loadRules({ paths: [dir], disabled: [], min_confidence: 'low', min_confidence_overrides: {} });
    } catch (err) {
      details = (err as { details: string[] }).details;
    }
    const file = join(dir, 'bad.yaml');
    expect(details).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${file}: Bad_Id: id: must be kebab-case`)),
      expect.stringMatching(new RegExp(`^${file}: no-match: severity:`)),
    ]));
  });

  it('runs examples and names the failing one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.yaml'), [
      'rules:',
      '  - id: tok',
      '    description: x',
      '    category: secret',
      '    severity: high',
      '    regex: "tok_[0-9]{4}"',
      '    examples: { match: [nothing here], ignore: [tok_1234] }',
    ].join('\n'));
    expect(() => loadRules({ paths: [dir], disabled: [], min_confidence: 'low', min_confidence_overrides: {} })).toThrow(
      expect.objectContaining({ details: [`${join(dir, 'p.yaml')}: tok: examples.match[0]: no finding ("nothing here")`, `${join(dir, 'p.yaml')}: tok: examples.ignore[0]: unexpected finding ("tok_1234")`] }),
    );
  });
});
