import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../../src/rules/load.js';
import { Detector } from '../../src/detect/engine.js';
import { buildEdmIndex } from '../../src/rules/edm-index.js';
import { parseConfig } from '../../src/config/load.js';
import { tempDir } from '../helpers/harness.js';

const options = (custom: unknown) => {
  const cfg = parseConfig({ workspace_id: 'w', rules: { paths: [], custom } }, {});
  return cfg.rules;
};

describe('custom rules from the config', () => {
  it('keyword lists and dictionary files match whole words and phrases, case-insensitively', () => {
    const dir = tempDir();
    const dict = join(dir, 'codenames.txt');
    writeFileSync(dict, '# internal code names\nBluebird\nNorth Star\n');
    const rules = loadRules(options({ keywords: [{ id: 'codenames', description: 'code names', words: ['Project Falcon'], file: dict }] }));
    const d = new Detector(rules.compiled);
    const text = 'Status of project  falcon, BLUEBIRD and north star; not bluebirds or falconry.';
    expect(d.scan(text).map((f) => text.slice(f.start, f.end))).toEqual(['project  falcon', 'BLUEBIRD', 'north star']);
    expect(rules.meta.get('codenames')?.category).toBe('custom');
  });

  it('user regexes honour their required context words', () => {
    const rules = loadRules(options({ regexes: [{ id: 'employee-id', description: 'employee ids', regex: '\\bEMP-[0-9]{6}\\b', context_words: ['employee'] }] }));
    const d = new Detector(rules.compiled);
    expect(d.scan('employee number EMP-123456')).toHaveLength(1);
    expect(d.scan('ticket EMP-123456 is closed')).toHaveLength(0);
  });

  it('exact data match finds indexed values only, and the index holds no plaintext', async () => {
    const dir = tempDir();
    const csv = join(dir, 'customers.csv');
    writeFileSync(csv, 'customer_id,name\nC-1029384,Ann Lee\n c-5566778 ,Bob Ray\n');
    const index = await buildEdmIndex(csv, 'customer_id');
    const file = join(dir, 'customers.edm.json');
    writeFileSync(file, JSON.stringify(index));
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain('1029384');
    expect(raw).not.toMatch(/5566778/i);
    expect(index.count).toBe(2);
    const rules = loadRules(options({ exact_data: [{ id: 'customer-ids', description: 'CRM ids', index: file, pattern: '\\bC-[0-9]{7}\\b' }] }));
    const d = new Detector(rules.compiled);
    const text = 'refund C-5566778 and C-1029384 but not C-0000001';
    expect(d.scan(text).map((f) => text.slice(f.start, f.end))).toEqual(['C-5566778', 'C-1029384']);
    await expect(buildEdmIndex(csv, 'nope')).rejects.toThrow(/no column "nope"/);
  });

  it('lists every custom-rule problem with its key path', () => {
    let details: string[] = [];
    try {
      loadRules(options({
        keywords: [{ id: 'empty', description: 'x' }, { id: 'gone', description: 'x', file: '/nonexistent/dict.txt' }],
        regexes: [{ id: 'bad-re', description: 'x', regex: '(?<=a)b' }],
        exact_data: [{ id: 'no-index', description: 'x', index: '/nonexistent/i.json', pattern: 'x' }],
      }));
    } catch (err) {
      details = (err as { details: string[] }).details;
    }
    expect(details).toEqual(expect.arrayContaining([
      expect.stringMatching(/^rules\.custom\.keywords\[0\]: empty has no words/),
      expect.stringMatching(/^rules\.custom\.keywords\[1\]\.file: cannot read/),
      expect.stringMatching(/bad-re: regex: not valid RE2 syntax/),
      expect.stringMatching(/^rules\.custom\.exact_data\[0\]\.index: cannot use/),
    ]));
  });
});
