import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';
import { LeakwatchError } from '../errors.js';
import type { Config } from '../config/schema.js';
import { rulePackSchema, type Rule } from './schema.js';
import type { CompiledRule, CompiledRuleSet, RuleMeta } from './compiled.js';
import { checkRule, toCompiled } from './check.js';
import { customRules } from './custom.js';

/** The packs shipped with leakwatch: <package>/rules, from src/rules or dist/rules alike. */
export const BUILTIN_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

export interface LoadedRules {
  compiled: CompiledRuleSet;
  meta: Map<string, RuleMeta>;
  /** The rules as written, with their examples, for `rules test` and the generated test. */
  rules: { rule: Rule; file: string }[];
  files: string[];
}

export type RuleOptions = Pick<Config['rules'], 'paths' | 'disabled' | 'min_confidence' | 'min_confidence_overrides'> & {
  custom?: Config['rules']['custom'];
};

/**
 * Loads, validates and compiles every pack, listing every problem (prefixed `file: rule-id:`)
 * before failing, so a broken pack is fixed in one pass.
 */
export function loadRules(options: RuleOptions): LoadedRules {
  const problems: string[] = [];
  const files = options.paths.flatMap((p) => listPackFiles(p === 'builtin' ? BUILTIN_RULES_DIR : p, problems));
  const all: { rule: Rule; file: string }[] = [];
  const globalValues: string[] = [];
  const globalRegexes: string[] = [];
  for (const file of files) {
    const pack = readPack(file, problems);
    if (pack === null) continue;
    if (pack.allowlist) {
      globalValues.push(...pack.allowlist.values);
      globalRegexes.push(...pack.allowlist.regexes);
    }
    for (const rule of pack.rules) all.push({ rule, file });
  }
  const exactData = new Map<string, { salt: string; hashes: string[] }>();
  if (options.custom !== undefined) {
    for (const c of customRules(options.custom, problems)) {
      all.push({ rule: c.rule, file: 'config rules.custom' });
      if (c.exactData) exactData.set(c.rule.id, c.exactData);
    }
  }
  const seen = new Map<string, string>();
  for (const { rule, file } of all) {
    const prior = seen.get(rule.id);
    if (prior !== undefined) problems.push(`${file}: ${rule.id}: duplicate rule id (also defined in ${prior})`);
    seen.set(rule.id, file);
    for (const p of checkRule(rule)) problems.push(`${file}: ${rule.id}: ${p}`);
  }
  for (const id of options.disabled) {
    if (!seen.has(id)) problems.push(`rules.disabled: unknown rule id ${id}`);
  }
  for (const key of Object.keys(options.min_confidence_overrides)) {
    if (!seen.has(key) && !all.some((r) => r.rule.category === key)) {
      problems.push(`rules.min_confidence_overrides.${key}: neither a rule id nor a category of a loaded rule`);
    }
  }
  if (problems.length > 0) {
    throw new LeakwatchError('RULES_INVALID', 'config', `${problems.length} problem(s) in the rule packs`, { details: problems });
  }
  const disabled = new Set(options.disabled);
  const enabled = all.filter((r) => !disabled.has(r.rule.id));
  const rules: CompiledRule[] = enabled.map(({ rule }) => ({
    ...toCompiled(rule),
    ...(exactData.has(rule.id) ? { exactData: exactData.get(rule.id) } : {}),
    minConfidence:
      options.min_confidence_overrides[rule.id] ?? options.min_confidence_overrides[rule.category] ?? options.min_confidence,
  }));
  const globalAllowlist = { values: globalValues, regexes: globalRegexes };
  const digest = createHash('sha256').update(JSON.stringify({ rules, globalAllowlist })).digest('hex').slice(0, 16);
  const meta = new Map<string, RuleMeta>(
    all.map(({ rule, file }) => [rule.id, { id: rule.id, description: rule.description, category: rule.category, severity: rule.severity, file }]),
  );
  return { compiled: { rules, globalAllowlist, digest }, meta, rules: all, files };
}

function listPackFiles(path: string, problems: string[]): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    problems.push(`rules.paths: ${path} does not exist`);
    return [];
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(path, f));
}

function readPack(file: string, problems: string[]) {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push(`${file}: ${e.message.split('\n')[0] ?? e.message}`);
    return null;
  }
  const parsed = rulePackSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const raw = doc.toJS() as { rules?: { id?: unknown }[] } | null;
    for (const issue of parsed.error.issues) {
      const [top, index, ...rest] = issue.path;
      const id = top === 'rules' && typeof index === 'number' ? raw?.rules?.[index]?.id : undefined;
      const where = id !== undefined ? `${String(id)}: ${rest.map(String).join('.')}` : issue.path.map(String).join('.');
      problems.push(`${file}: ${where || '(root)'}: ${issue.message}`);
    }
    return null;
  }
  return parsed.data;
}
