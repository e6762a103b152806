import type { CompiledRule, CompiledRuleSet } from '../rules/compiled.js';
import type { ConfidenceLevel } from '../rules/schema.js';
import { compileRegex, compileSet, stringOffset, type RegexMatcher, type SetMatcher } from './regex.js';
import { validators, type Validator } from './validators/index.js';
import { shannonEntropy } from './entropy.js';
import { Allowlist, normaliseAllowValue } from './allowlist.js';
import { createHmac } from 'node:crypto';
import { hasContextWord } from './context.js';
import { confidenceAtLeast, maxConfidence } from './confidence.js';
import { maskValue } from './mask.js';
import { ExactDataSet } from './exact-data.js';

/** One detection, in JavaScript string offsets of the scanned text. Carries no raw value. */
export interface Detection {
  ruleId: string;
  start: number;
  end: number;
  confidence: ConfidenceLevel;
  preview: string;
  /**
   * HMAC-SHA256 of the normalised value with the database's secret salt (hex), when the
   * detector has a salt: lets a false positive be suppressed by value without storing it.
   */
  valueHash?: string;
}

interface Part {
  /** Index of the text in the caller's array. */
  index: number;
  text: string;
  /** Its UTF-8 bytes: a view into the chunk, valid while that chunk is scanned. */
  buf: Buffer;
  /** Byte offset of this text in the chunk. */
  start: number;
  /** The text lowercased, made when a keyword rule first needs it. */
  lower?: string;
}

/** Texts are packed into chunks of about this many bytes (perf-notes: 4-16 KiB is the sweet spot). */
const CHUNK_BYTES = 8192;
/**
 * Ungated regexes per RE2.Set. RE2 builds a set's DFA lazily and keeps it between calls, so a big
 * set is slow only while it warms up: the 29 shape rules in one set take 128 ms on their first
 * 4.7 MB and 14 ms on each later pass, against 36 ms a pass in sets of 8 (measured on this machine
 * with the evaluation corpus). Workers are long-lived, so warm cost is what counts; the cap keeps
 * a catalogue with many custom ungated regexes from outgrowing RE2's DFA memory budget.
 */
const FREE_SET_SIZE = 32;
/** The scratch buffer chunks are encoded into; one grown past SCRATCH_KEEP_BYTES is dropped after use. */
const SCRATCH_BYTES = 64 * 1024;
const SCRATCH_KEEP_BYTES = 1024 * 1024;

/**
 * A gate literal as an RE2.Set pattern. Keywords are case-insensitive substrings (the rule's
 * keyword check in emit is `includes`). Required context words must be whole words (context.ts),
 * so their pattern asserts \b on each edge that is an ASCII word character: "tel" then does not
 * open the phone rules on "hotel" or "tell". An edge that is not a word character gets no
 * assertion, which only makes the gate looser, never stricter than the rule.
 */
function gatePattern(word: string, wholeWord: boolean): string {
  const body = escapeLiteral(word);
  if (!wholeWord) return `(?i)${body}`;
  const edge = (ch: string): string => (/[0-9A-Za-z_]/.test(ch) ? '\\b' : '');
  return `(?i)${edge(word[0] as string)}${body}${edge(word[word.length - 1] as string)}`;
}

function escapeLiteral(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The part containing chunk byte offset `at` (binary search over part starts). */
function partAt(parts: readonly Part[], at: number): number {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((parts[mid] as Part).start <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface PreparedRule {
  spec: CompiledRule;
  regex: RegexMatcher;
  validator: Validator | null;
  allowlist: Allowlist;
  exactData: ExactDataSet | null;
}

/**
 * Pure detection: no I/O, no logging, so the same object runs in workers, in `rules test` and
 * in unit tests. Order: set prefilter -> keywords -> regex -> group -> validator -> entropy ->
 * allowlists -> context -> confidence floor.
 */
export class Detector {
  private readonly rules: PreparedRule[];
  /** Literal gates (keywords, and the words of required context) of the gated rules. */
  private readonly gateSet: SetMatcher | null;
  /** For each gate literal, the rules whose first gate group contains it. */
  private readonly gateRules: number[][];
  /**
   * For each rule, its gate groups as lists of gate literal indexes: keywords, and the words of a
   * required context. The rule can fire in a chunk only if every group has a literal there.
   */
  private readonly gateGroups: number[][][];
  /** The regexes of rules without any gate, in sets of FREE_SET_SIZE (with their rule indexes). */
  private readonly freeSets: { set: SetMatcher; rules: number[] }[];
  private readonly global: Allowlist;
  private scratch: Buffer = Buffer.allocUnsafe(SCRATCH_BYTES);

  /** @param valueSalt the database's secret for value hashes (triage suppressions); none: no hashes. */
  constructor(ruleSet: CompiledRuleSet, private readonly valueSalt: string | null = null) {
    this.rules = ruleSet.rules.map((spec) => {
      const validator = spec.validator === null ? null : validators[spec.validator];
      if (validator === undefined) throw new Error(`rule ${spec.id}: unknown validator ${spec.validator}`);
      const exactData = spec.exactData ? new ExactDataSet(spec.exactData.salt, spec.exactData.hashes) : null;
      return { spec, regex: compileRegex(spec.regex, spec.group), validator, allowlist: new Allowlist(spec.allowlist), exactData };
    });
    // Prefilter in two parts (perf-notes; bench/engine.ts): a rule that can only fire when some
    // literal occurs (its keywords, and the words of a required context) waits behind one RE2.Set
    // of all such literals; the rules with no literal share small sets of their regexes.
    const literals = new Map<string, number>();
    const literal = (pattern: string): number => {
      let index = literals.get(pattern);
      if (index === undefined) {
        index = literals.size;
        literals.set(pattern, index);
      }
      return index;
    };
    const free: number[] = [];
    this.gateGroups = this.rules.map(({ spec }, index) => {
      const groups: number[][] = [];
      if (spec.keywords.length > 0) groups.push(spec.keywords.map((w) => literal(gatePattern(w, false))));
      if (spec.context?.required) groups.push(spec.context.words.map((w) => literal(gatePattern(w, true))));
      if (groups.length === 0) free.push(index);
      return groups;
    });
    this.gateRules = [...literals.keys()].map(() => []);
    this.gateGroups.forEach((groups, index) => {
      for (const g of new Set(groups[0] ?? [])) (this.gateRules[g] as number[]).push(index);
    });
    this.gateSet = literals.size > 0 ? compileSet([...literals.keys()]) : null;
    this.freeSets = [];
    for (let k = 0; k < free.length; k += FREE_SET_SIZE) {
      const rules = free.slice(k, k + FREE_SET_SIZE);
      this.freeSets.push({ set: compileSet(rules.map((i) => (this.rules[i] as PreparedRule).spec.regex)), rules });
    }
    this.global = new Allowlist(ruleSet.globalAllowlist);
  }

  scan(text: string): Detection[] {
    return this.scanMany([text])[0] as Detection[];
  }

  /**
   * Scans many texts at once. Small texts are packed into chunks of about CHUNK_BYTES joined by
   * newlines, so the set prefilter and each hit rule run once per chunk rather than once per
   * message (perf-notes: per-call overhead dominates on message-sized inputs). Matches are mapped
   * back to their message; one that runs across a message boundary is discarded and that rule is
   * run again on the messages it touched, so the result equals scanning each text alone.
   */
  scanMany(texts: readonly string[]): Detection[][] {
    const out: Detection[][] = texts.map(() => []);
    if (this.rules.length === 0) return out;
    let i = 0;
    while (i < texts.length) {
      const parts: Part[] = [];
      let size = 0;
      do {
        // Each text is encoded straight into the scratch buffer, newline-separated: no per-text
        // Buffer and no concatenation copy (fewer allocations, so less GC contending with the
        // other worker threads). A UTF-16 code unit takes at most 3 UTF-8 bytes.
        const text = texts[i] as string;
        const room = size + text.length * 3 + 1;
        if (room > this.scratch.length) {
          const grown = Buffer.allocUnsafe(Math.max(room, this.scratch.length * 2));
          this.scratch.copy(grown, 0, 0, size);
          this.scratch = grown;
        }
        const length = this.scratch.write(text, size, 'utf8');
        parts.push({ index: i, text, buf: this.scratch.subarray(size, size + length), start: size });
        size += length;
        this.scratch[size++] = 0x0a;
        i++;
      } while (i < texts.length && size < CHUNK_BYTES);
      this.scanChunk(parts, this.scratch.subarray(0, size - 1), out);
    }
    // A huge text (an extracted file) grew the scratch buffer: do not keep that memory.
    if (this.scratch.length > SCRATCH_KEEP_BYTES) this.scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
    for (const list of out) list.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
    return out;
  }

  private scanChunk(parts: Part[], chunk: Buffer, out: Detection[][]): void {
    const candidates = new Set<number>();
    if (this.gateSet !== null) {
      const hit = new Set(this.gateSet.match(chunk));
      for (const g of hit) {
        for (const r of this.gateRules[g] as number[]) {
          if (candidates.has(r)) continue;
          const groups = this.gateGroups[r] as number[][];
          if (groups.every((group) => group.some((l) => hit.has(l)))) candidates.add(r);
        }
      }
    }
    for (const { set, rules } of this.freeSets) for (const f of set.match(chunk)) candidates.add(rules[f] as number);
    for (const index of candidates) {
      const rule = this.rules[index] as PreparedRule;
      const rescan = new Set<number>();
      for (const m of rule.regex.matchAll(chunk)) {
        const k = partAt(parts, m.start);
        const part = parts[k] as Part;
        if (m.end > part.start + part.buf.length) {
          for (let j = k; j < parts.length && (parts[j] as Part).start < m.end; j++) rescan.add(j);
          continue;
        }
        this.emit(rule, part, m.start - part.start, m.end - part.start, out);
      }
      for (const k of rescan) {
        const part = parts[k] as Part;
        out[part.index] = (out[part.index] as Detection[]).filter((d) => d.ruleId !== rule.spec.id);
        for (const m of rule.regex.matchAll(part.buf)) this.emit(rule, part, m.start, m.end, out);
      }
    }
  }

  private emit(rule: PreparedRule, part: Part, byteStart: number, byteEnd: number, out: Detection[][]): void {
    // The chunk's gate opened this rule; its keywords must also be in this very text.
    const { keywords } = rule.spec;
    if (keywords.length > 0) {
      part.lower ??= part.text.toLowerCase();
      const lower = part.lower;
      if (!keywords.some((k) => lower.includes(k))) return;
    }
    const ascii = part.buf.length === part.text.length;
    const start = ascii ? byteStart : stringOffset(part.buf, byteStart);
    const end = ascii ? byteEnd : start + stringOffset(part.buf.subarray(byteStart), byteEnd - byteStart);
    const detection = this.judge(rule, part.text, start, end);
    if (detection !== null) (out[part.index] as Detection[]).push(detection);
  }

  private judge(rule: PreparedRule, text: string, start: number, end: number): Detection | null {
    const { spec } = rule;
    const value = text.slice(start, end);
    if (value.length === 0) return null;
    if (rule.validator !== null && !rule.validator(value)) return null;
    if (rule.exactData !== null && !rule.exactData.has(value)) return null;
    if (spec.entropy !== null && shannonEntropy(value) < spec.entropy) return null;
    if (rule.allowlist.allows(value) || this.global.allows(value)) return null;
    let confidence = spec.confidence;
    if (spec.context !== null) {
      const near = hasContextWord(text, start, end, spec.context.words, spec.context.window);
      if (near) confidence = maxConfidence(confidence, spec.context.confidence);
      else if (spec.context.required) return null;
    }
    if (!confidenceAtLeast(confidence, spec.minConfidence)) return null;
    const detection: Detection = { ruleId: spec.id, start, end, confidence, preview: maskValue(value) };
    if (this.valueSalt !== null) detection.valueHash = createHmac('sha256', this.valueSalt).update(normaliseAllowValue(value)).digest('hex');
    return detection;
  }
}
