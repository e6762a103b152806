import { z } from 'zod';

/** The rule-pack format (see README "Rule format"). Strict: a misspelt key is an error. */

export const CATEGORIES = ['pii', 'financial', 'secret', 'health', 'custom'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type ConfidenceLevel = (typeof CONFIDENCES)[number];

const allowlistSchema = z.strictObject({
  /** Sensitive parts to ignore, compared case-insensitively after removing spaces and dashes. */
  values: z.array(z.string().min(1)).default([]),
  /** RE2 regexes tested against the sensitive part. */
  regexes: z.array(z.string().min(1)).default([]),
});

const contextSchema = z.strictObject({
  words: z.array(z.string().min(1)).min(1),
  window: z.number().int().positive().max(1000).default(40),
  confidence: z.enum(CONFIDENCES).default('high'),
  required: z.boolean().default(false),
});

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, single dashes)'),
  description: z.string().min(1),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  confidence: z.enum(CONFIDENCES).default('medium'),
  regex: z.string().min(1),
  group: z.number().int().nonnegative().default(0),
  keywords: z.array(z.string().min(1)).default([]),
  validator: z.string().min(1).nullable().default(null),
  entropy: z.number().nonnegative().max(8).nullable().default(null),
  context: contextSchema.nullable().default(null),
  allowlist: allowlistSchema.prefault({}),
  examples: z.strictObject({
    match: z.array(z.string().min(1)).min(1, 'every rule needs at least one example that must match'),
    ignore: z.array(z.string().min(1)).min(1, 'every rule needs at least one look-alike that must not match'),
  }),
});

export const rulePackSchema = z.strictObject({
  /** Optional pack-wide allowlist, applied to every rule of every pack. */
  allowlist: allowlistSchema.optional(),
  rules: z.array(ruleSchema).min(1),
});

export type Rule = z.infer<typeof ruleSchema>;
export type RulePack = z.infer<typeof rulePackSchema>;

/** JSON Schema of a rule pack, for editors (yaml-language-server). */
export function rulePackJsonSchema(): unknown {
  return z.toJSONSchema(rulePackSchema, { io: 'input' });
}
