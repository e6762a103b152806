/**
 * Planted values as files write them: a label a rule can use as context ("SSN: 536-22-8141",
 * "AWS_ACCESS_KEY_ID=AKIA...") plus the value, drawn from the same generators as message plants.
 * Each file format admits only values that survive it intact (`Fit`): no line breaks in a cell,
 * no '&' or '<' where XML would escape them, nothing long enough for a PDF line to wrap.
 */
import { type Rng } from '../random.js';
import { type Fragment, type Kind, type Span, KIND_IDS, categoryOf, decoyFragment, plantValue, DECOY_MAKERS } from '../plants.js';
import { FIRST_NAMES, LAST_NAMES } from '../values.js';

export interface PlantContext {
  nowS: number;
}

/** Which values a place in a file can hold. */
export type Fit = 'text' | 'line' | 'pdf' | 'markup' | 'json';

const LABELS: Record<Kind, readonly string[]> = {
  'email-address': ['Email', 'Contact email', 'Billing contact email'],
  'payment-card': ['Card number', 'Corporate card', 'Card on file'],
  'us-ssn': ['SSN', 'Social security number', 'Employee SSN'],
  iban: ['IBAN', 'Bank account (IBAN)', 'Payee IBAN'],
  'phone-number': ['Phone', 'Mobile phone', 'Callback phone'],
  'aws-access-key-id': ['AWS_ACCESS_KEY_ID'],
  'github-token': ['GITHUB_TOKEN'],
  'openai-api-key': ['OPENAI_API_KEY'],
  'slack-token': ['SLACK_BOT_TOKEN'],
  'stripe-secret-key': ['STRIPE_SECRET_KEY'],
  'google-api-key': ['GOOGLE_MAPS_API_KEY'],
  'anthropic-api-key': ['ANTHROPIC_API_KEY'],
  jwt: ['Session token', 'Bearer token'],
  'private-key': ['Deploy key', 'Server private key'],
  'connection-string-password': ['DATABASE_URL'],
};

/** Labels that read as variable names take '=', the others ': '. */
export function labelFor(rng: Rng, kind: Kind): { label: string; sep: string } {
  const label = rng.pick(LABELS[kind]);
  return { label, sep: /^[A-Z_]+$/.test(label) ? '=' : ': ' };
}

function fits(fit: Fit, s: string): boolean {
  switch (fit) {
    case 'text': return true;
    case 'line': return !s.includes('\n');
    case 'pdf': return !s.includes('\n') && s.length <= 100;
    case 'markup': return !/[\n&<>"]/.test(s);
    case 'json': return !/[\n"\\]/.test(s);
  }
}

export interface PlantedPiece {
  kind: Kind;
  /** before + value + after: what the file holds around the label. */
  before: string;
  value: string;
  after: string;
}

export const PII_KINDS: readonly Kind[] = ['email-address', 'payment-card', 'us-ssn', 'iban', 'phone-number'];
export const SECRET_KINDS: readonly Kind[] = KIND_IDS.filter((k) => !PII_KINDS.includes(k));
/** Secrets that live in environment variables (their labels are variable names). */
export const ENV_KINDS: readonly Kind[] = SECRET_KINDS.filter((k) => /^[A-Z_]+$/.test((LABELS[k] as readonly string[])[0] as string));

/** A value whose text (with its surroundings) fits `fit`; tries `from` in a random order. */
export function drawValue(rng: Rng, fit: Fit, ctx: PlantContext, from: readonly Kind[] = KIND_IDS): PlantedPiece {
  const kinds = rng.shuffle([...from]);
  for (const kind of kinds) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const person = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      const p = plantValue(kind, rng, { personName: person, nowS: ctx.nowS });
      if (fits(fit, p.before + p.value + p.after)) return { kind, ...p };
    }
  }
  throw new Error(`no planted value fits ${fit}`);
}

export function spanOf(piece: PlantedPiece, start: number): Span {
  return { start, end: start + piece.value.length, kind: piece.kind, category: categoryOf(piece.kind), value: piece.value };
}

/** "Label: value" (or "LABEL=value"), with optional text before and after it. */
export function labelled(rng: Rng, piece: PlantedPiece, around: { prefix?: string; suffix?: string } = {}): Fragment {
  const { label, sep } = labelFor(rng, piece.kind);
  const head = `${around.prefix ?? ''}${label}${piece.kind === 'private-key' ? ':\n' : sep}${piece.before}`;
  return { text: head + piece.value + piece.after + (around.suffix ?? ''), spans: [spanOf(piece, head.length)], block: piece.value.includes('\n') };
}

/** A labelled value that fits `fit`, in one call. */
export function plantLine(rng: Rng, fit: Fit, ctx: PlantContext, around: { prefix?: string; suffix?: string; kinds?: readonly Kind[] } = {}): Fragment {
  return labelled(rng, drawValue(rng, fit, ctx, around.kinds), around);
}

/** A decoy sentence (a number failing its checksum, a documented example key ...) that fits `fit`. */
export function decoyLine(rng: Rng, fit: Fit): Fragment | null {
  for (let attempt = 0; attempt < 6; attempt++) {
    const f = decoyFragment(rng.pick(DECOY_MAKERS), rng);
    if (fits(fit, f.text)) return f;
  }
  return null;
}

/** The value alone, as a spreadsheet or JSON field holds it (no label in the same text). */
export function bare(piece: PlantedPiece): Fragment {
  return { text: piece.before + piece.value + piece.after, spans: [spanOf(piece, piece.before.length)], block: false };
}
