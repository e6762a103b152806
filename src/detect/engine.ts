import type { CompiledRule, CompiledRuleSet } from '../rules/compiled.js';
import type { ConfidenceLevel } from '../rules/schema.js';
import { compileRegex, compileSet, stringOffset, type RegexMatcher, type SetMatcher } from './regex.js';
import { validators, type Validator } from './validators/index.js';
import { shannonEntropy } from './entropy.js';
import { Allowlist } from './allowlist.js';
import { hasContextWord } from './context.js';
import { confidenceAtLeast, maxConfidence } from './confidence.js';
import { maskValue } from './mask.js';

/** One detection, in JavaScript string offsets of the scanned text. Carries no raw value. */
export interface Detection {
  ruleId: string;
  start: number;
  end: number;
  confidence: ConfidenceLevel;
  preview: string;
}

interface PreparedRule {
  spec: CompiledRule;
  regex: RegexMatcher;
  validator: Validator | null;
  allowlist: Allowlist;
}

/**
 * Pure detection: no I/O, no logging, so the same object runs in workers, in `rules test` and
 * in unit tests. Order: set prefilter -> keywords -> regex -> group -> validator -> entropy ->
 * allowlists -> context -> confidence floor.
 */
export class Detector {
  private readonly rules: PreparedRule[];
  private readonly set: SetMatcher | null;
  private readonly global: Allowlist;
  private readonly needsLowercase: boolean;

  constructor(ruleSet: CompiledRuleSet) {
    this.rules = ruleSet.rules.map((spec) => {
      const validator = spec.validator === null ? null : validators[spec.validator];
      if (validator === undefined) throw new Error(`rule ${spec.id}: unknown validator ${spec.validator}`);
      return { spec, regex: compileRegex(spec.regex, spec.group), validator, allowlist: new Allowlist(spec.allowlist) };
    });
    this.set = this.rules.length > 0 ? compileSet(this.rules.map((r) => r.spec.regex)) : null;
    this.global = new Allowlist(ruleSet.globalAllowlist);
    this.needsLowercase = this.rules.some((r) => r.spec.keywords.length > 0);
  }

  scan(text: string): Detection[] {
    if (this.set === null || text.length === 0) return [];
    const buf = Buffer.from(text, 'utf8');
    const hits = this.set.match(buf);
    if (hits.length === 0) return [];
    const ascii = buf.length === text.length;
    const lower = this.needsLowercase ? text.toLowerCase() : '';
    const out: Detection[] = [];
    for (const index of hits.sort((a, b) => a - b)) {
      const rule = this.rules[index];
      if (rule === undefined) continue;
      const { keywords } = rule.spec;
      if (keywords.length > 0 && !keywords.some((k) => lower.includes(k))) continue;
      for (const m of rule.regex.matchAll(buf)) {
        const start = ascii ? m.start : stringOffset(buf, m.start);
        const end = ascii ? m.end : start + stringOffset(buf.subarray(m.start), m.end - m.start);
        const detection = this.judge(rule, text, start, end);
        if (detection !== null) out.push(detection);
      }
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  }

  private judge(rule: PreparedRule, text: string, start: number, end: number): Detection | null {
    const { spec } = rule;
    const value = text.slice(start, end);
    if (value.length === 0) return null;
    if (rule.validator !== null && !rule.validator(value)) return null;
    if (spec.entropy !== null && shannonEntropy(value) < spec.entropy) return null;
    if (rule.allowlist.allows(value) || this.global.allows(value)) return null;
    let confidence = spec.confidence;
    if (spec.context !== null) {
      const near = hasContextWord(text, start, end, spec.context.words, spec.context.window);
      if (near) confidence = maxConfidence(confidence, spec.context.confidence);
      else if (spec.context.required) return null;
    }
    if (!confidenceAtLeast(confidence, spec.minConfidence)) return null;
    return { ruleId: spec.id, start, end, confidence, preview: maskValue(value) };
  }
}
