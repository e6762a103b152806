/** Uniform random in [0, 1), seeded by the corpus generator. */
export type Rng = () => number;

/** How the evaluation corpus plants values of one rule. */
export interface ValueGenerator {
  ruleId: string;
  /** A realistic valid value as people paste it: exactly the span the rule reports. */
  valid(rng: Rng): string;
  /**
   * Chat sentences with `{v}` where the value goes. Where the rule needs context words to fire
   * (context.required, or low confidence without them), the sentence carries them.
   */
  templates: string[];
}

/** A look-alike no shipped rule may report, already inside its sentence. */
export interface HardNegative {
  /** The category it imitates: pii | financial | secret | health | custom. */
  category: string;
  reason: string;
  text(rng: Rng): string;
}
