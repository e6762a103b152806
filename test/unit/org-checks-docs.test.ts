import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORG_CHECKS, ORG_CHECK_NEEDS } from '../../src/inventory/posture/org-checks.js';

const root = process.cwd();
const read = (p: string): string => readFileSync(join(root, p), 'utf8');

/** `/** comment *\/` then `key:` in a slice of schema.ts: key -> comment (whitespace normalised). */
function schemaComments(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/\/\*\*\s*([\s\S]*?)\s*\*\/\s*\n\s*([a-z_]+):/g)) {
    out.set(m[2]!, m[1]!.replace(/\n\s*\*\s?/g, ' ').replace(/\s+/g, ' ').trim());
  }
  return out;
}

/** The `# ...` lines right above `key:` in a YAML block: key -> comment (joined). */
function yamlComments(block: string): Map<string, string> {
  const out = new Map<string, string>();
  let pending: string[] = [];
  for (const line of block.split('\n')) {
    const comment = /^\s*# ?(.*)$/.exec(line);
    if (comment) {
      pending.push(comment[1]!);
      continue;
    }
    const key = /^\s*([a-z_]+):/.exec(line);
    if (key && pending.length > 0) out.set(key[1]!, pending.join(' ').replace(/\s+/g, ' ').trim());
    pending = [];
  }
  return out;
}

describe('organization checks: documentation', () => {
  it('config.example.yaml documents every admin key with the schema\'s wording', () => {
    const schema = read('src/config/schema.ts');
    const slice = schema.slice(schema.indexOf('const adminChecksSchema'), schema.indexOf('export type AdminConfig'));
    const fromSchema = schemaComments(slice);
    expect(fromSchema.size).toBeGreaterThanOrEqual(15);
    const example = read('config.example.yaml');
    const block = example.slice(example.indexOf('\nadmin:'), example.indexOf('\nlog:'));
    const fromYaml = yamlComments(block);
    for (const [key, comment] of fromSchema) expect(fromYaml.get(key), `admin key ${key}`).toBe(comment);
  });

  it('the README table lists every check with its severity, and each check says what it needs', () => {
    const readme = read('README.md');
    for (const check of ORG_CHECKS) {
      expect(readme).toContain(`| \`${check.id}\` | ${check.severity} |`);
      expect(ORG_CHECK_NEEDS[check.id], check.id).toBeDefined();
      expect(check.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(check.scope).toBe('organization');
    }
    expect(new Set(ORG_CHECKS.map((c) => c.id)).size).toBe(ORG_CHECKS.length);
  });
});
