/**
 * Text for the objects beyond chats, assembled piece by piece so that every planted value's span
 * is known from how the text was built (never searched for afterwards). Filler comes from the
 * chat text generator (nothing a rule could match); values come from the file plant helpers, so
 * they are the same shapes the shipped rules are measured on.
 */
import type { Rng } from '../random.js';
import type { Fragment, Kind, Span } from '../plants.js';
import { fill } from '../text.js';
import { type Fit, type PlantContext, decoyLine, plantLine } from '../files/plant-text.js';
import type { TextField } from './model.js';

export function clean(text: string): TextField {
  return { text, spans: [] };
}

export class FieldBuilder {
  private text = '';
  private readonly spans: Span[] = [];

  constructor(private readonly sep = ' ') {}

  /** Continues an existing field (its spans kept). */
  static from(field: TextField, sep = ' '): FieldBuilder {
    const b = new FieldBuilder(sep);
    b.text = field.text;
    b.spans.push(...field.spans);
    return b;
  }

  add(s: string): this {
    if (s !== '') this.text += this.text === '' ? s : this.sep + s;
    return this;
  }

  /** Appends a fragment; its spans move by where it lands. Blocks (keys, .env) get blank lines around. */
  fragment(f: Fragment | null): this {
    if (!f) return this;
    const sep = this.text === '' ? '' : f.block ? '\n\n' : this.sep;
    const offset = this.text.length + sep.length;
    this.text += sep + f.text;
    for (const s of f.spans) this.spans.push({ ...s, start: s.start + offset, end: s.end + offset });
    return this;
  }

  done(): TextField {
    return { text: this.text, spans: this.spans };
  }
}

/** A labelled planted value ("SSN: 536-22-8141", "AWS_ACCESS_KEY_ID=AKIA...") that fits `fit`. */
export function planted(rng: Rng, ctx: PlantContext, fit: Fit, around: { prefix?: string; suffix?: string; kinds?: readonly Kind[] } = {}): Fragment {
  return plantLine(rng, fit, ctx, around);
}

/** A decoy sentence that fits one line, or null when none came out short enough. */
export function decoy(rng: Rng): Fragment | null {
  return decoyLine(rng, 'line');
}

/** Filler from templates with safe slots ({team}, {product} ...). */
export function sentence(rng: Rng, templates: readonly string[]): string {
  return fill(rng, rng.pick(templates));
}

/** Concatenates the text of `parts`, keeping the spans of the fragments. */
export function joined(parts: readonly (string | Fragment | null)[], sep = ' '): TextField {
  const b = new FieldBuilder(sep);
  for (const p of parts) {
    if (typeof p === 'string') b.add(p);
    else b.fragment(p);
  }
  return b.done();
}
