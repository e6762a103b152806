import type { Rule } from './schema.js';
import type { CompiledRule } from './compiled.js';
import { regexSyntaxError } from '../detect/regex.js';
import { isValidatorName } from '../detect/validators/index.js';
import { Detector } from '../detect/engine.js';

/** Semantic checks a schema cannot express. Each problem is one line naming the key. */
export function checkRule(rule: Rule): string[] {
  const problems: string[] = [];
  const syntax = regexSyntaxError(rule.regex);
  if (syntax !== null) problems.push(`regex: not valid RE2 syntax (${syntax}); RE2 has no lookaround or backreferences`);
  else if (rule.group > countGroups(rule.regex)) {
    problems.push(`group: ${rule.group} but the regex has only ${countGroups(rule.regex)} capture group(s)`);
  }
  if (rule.validator !== null && !isValidatorName(rule.validator)) problems.push(`validator: unknown validator "${rule.validator}"`);
  rule.keywords.forEach((k, i) => {
    if (k !== k.toLowerCase()) problems.push(`keywords[${i}]: "${k}" must be lowercase`);
  });
  rule.allowlist.regexes.forEach((r, i) => {
    const err = regexSyntaxError(r);
    if (err !== null) problems.push(`allowlist.regexes[${i}]: not valid RE2 syntax (${err})`);
  });
  if (problems.length === 0) problems.push(...checkExamples(rule));
  return problems;
}

/** Runs the rule's own examples: each `match` must yield a finding of this rule, each `ignore` none. */
export function checkExamples(rule: Rule): string[] {
  const detector = new Detector({ rules: [toCompiled(rule)], globalAllowlist: { values: [], regexes: [] }, digest: 'check' });
  const problems: string[] = [];
  rule.examples.match.forEach((text, i) => {
    if (detector.scan(text).length === 0) problems.push(`examples.match[${i}]: no finding (${JSON.stringify(clip(text))})`);
  });
  rule.examples.ignore.forEach((text, i) => {
    if (detector.scan(text).length > 0) problems.push(`examples.ignore[${i}]: unexpected finding (${JSON.stringify(clip(text))})`);
  });
  return problems;
}

export function toCompiled(rule: Rule): CompiledRule {
  return {
    id: rule.id,
    category: rule.category,
    severity: rule.severity,
    confidence: rule.confidence,
    regex: rule.regex,
    group: rule.group,
    keywords: rule.keywords.map((k) => k.toLowerCase()),
    validator: rule.validator,
    entropy: rule.entropy,
    context: rule.context && { ...rule.context, words: rule.context.words.map((w) => w.toLowerCase()) },
    allowlist: rule.allowlist,
    minConfidence: 'low',
  };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Capture groups in an RE2 pattern: `(` not followed by `?`, outside classes and escapes. */
function countGroups(source: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
    } else if (ch === '(') {
      if (source[i + 1] !== '?') n++;
      else if (source[i + 2] === 'P' || source[i + 2] === '<') n++;
    }
  }
  return n;
}
