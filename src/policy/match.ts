import type { PolicyConfig } from '../config/schema.js';
import { globMatcher } from './glob.js';

/**
 * Policies decide what happens to a new finding. Pure: no I/O, so the same code runs in the
 * pipeline's commit and in `leakwatch policies test`. The FIRST policy (in config order) whose
 * criteria all hold decides; no policy means: record and log only.
 */

/** What the policies look at in a finding. */
export interface PolicyInput {
  ruleId: string;
  category: string;
  severity: string;
  confidence: string;
  userEmail: string | null;
  sourceKind: string;
}

export interface Decision {
  policy: string;
  alert: string[];
  delete: boolean;
  ignore: boolean;
}

export interface Explained {
  decision: Decision | null;
  /** Per policy in order: matched, or the first criterion that failed. */
  trace: { policy: string; matched: boolean; reason: string }[];
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const CONFIDENCES = ['low', 'medium', 'high'];

interface Compiled {
  config: PolicyConfig;
  tests: { name: string; ok: (f: PolicyInput) => boolean; describe: (f: PolicyInput) => string }[];
}

export class Policies {
  private readonly compiled: Compiled[];

  constructor(policies: readonly PolicyConfig[]) {
    this.compiled = policies.map((config) => ({ config, tests: criteria(config) }));
  }

  get size(): number {
    return this.compiled.length;
  }

  decide(f: PolicyInput): Decision | null {
    for (const p of this.compiled) if (p.tests.every((t) => t.ok(f))) return decision(p.config);
    return null;
  }

  /** The decision and, for each policy tried, why it matched or not (for `leakwatch policies test`). */
  explain(f: PolicyInput): Explained {
    const trace: Explained['trace'] = [];
    for (const p of this.compiled) {
      const failed = p.tests.find((t) => !t.ok(f));
      if (failed === undefined) {
        trace.push({ policy: p.config.name, matched: true, reason: p.tests.length === 0 ? 'matches every finding' : p.tests.map((t) => t.name).join(', ') });
        return { decision: decision(p.config), trace };
      }
      trace.push({ policy: p.config.name, matched: false, reason: failed.describe(f) });
    }
    return { decision: null, trace };
  }
}

function decision(p: PolicyConfig): Decision {
  return { policy: p.name, alert: [...p.actions.alert], delete: p.actions.delete, ignore: p.actions.ignore };
}

function criteria(p: PolicyConfig): Compiled['tests'] {
  const m = p.match;
  const tests: Compiled['tests'] = [];
  if (m.rules !== undefined) {
    const ok = globMatcher(m.rules);
    tests.push({ name: 'rule', ok: (f) => ok(f.ruleId), describe: (f) => `rule ${f.ruleId} is not in [${(m.rules ?? []).join(', ')}]` });
  }
  if (m.categories !== undefined) {
    const set = new Set<string>(m.categories);
    tests.push({ name: 'category', ok: (f) => set.has(f.category), describe: (f) => `category ${f.category} is not in [${[...set].join(', ')}]` });
  }
  if (m.min_severity !== undefined) {
    const min = SEVERITIES.indexOf(m.min_severity);
    tests.push({ name: 'severity', ok: (f) => SEVERITIES.indexOf(f.severity) >= min, describe: (f) => `severity ${f.severity} is below ${m.min_severity}` });
  }
  if (m.min_confidence !== undefined) {
    const min = CONFIDENCES.indexOf(m.min_confidence);
    tests.push({ name: 'confidence', ok: (f) => CONFIDENCES.indexOf(f.confidence) >= min, describe: (f) => `confidence ${f.confidence} is below ${m.min_confidence}` });
  }
  if (m.users !== undefined) {
    const ok = globMatcher(m.users, { caseInsensitive: true });
    tests.push({
      name: 'user',
      ok: (f) => f.userEmail !== null && ok(f.userEmail),
      describe: (f) => `user ${f.userEmail ?? '(unknown)'} is not in [${(m.users ?? []).join(', ')}]`,
    });
  }
  if (m.source_kinds !== undefined) {
    const set = new Set<string>(m.source_kinds);
    tests.push({ name: 'source kind', ok: (f) => set.has(f.sourceKind), describe: (f) => `source kind ${f.sourceKind} is not in [${[...set].join(', ')}]` });
  }
  return tests;
}
