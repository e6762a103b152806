/**
 * Sentences that carry a planted value or a decoy, with the exact span of the sensitive part.
 * The span is computed from the pieces around the value, never searched for afterwards, so a
 * value that happens to occur twice cannot shift an offset.
 */
import { type Rng, ALNUM } from './random.js';
import * as v from './values.js';
import * as t from './tokens.js';

export type Category = 'pii' | 'financial' | 'secret';

export const KINDS = [
  ['email-address', 'pii'], ['payment-card', 'financial'], ['us-ssn', 'pii'], ['iban', 'financial'], ['phone-number', 'pii'],
  ['aws-access-key-id', 'secret'], ['github-token', 'secret'], ['openai-api-key', 'secret'], ['slack-token', 'secret'],
  ['stripe-secret-key', 'secret'], ['google-api-key', 'secret'], ['anthropic-api-key', 'secret'], ['jwt', 'secret'],
  ['private-key', 'secret'], ['connection-string-password', 'secret'],
] as const satisfies readonly (readonly [string, Category])[];

export type Kind = (typeof KINDS)[number][0];
const CATEGORY = Object.fromEntries(KINDS) as Record<Kind, Category>;

export function categoryOf(kind: Kind): Category {
  return CATEGORY[kind];
}

export interface Span {
  start: number;
  end: number;
  kind: Kind;
  category: Category;
  value: string;
  /** Set on decoys only: why a correct rule must not report it. */
  reason?: string;
}

/** A sentence with its spans; `block` ones are set apart by blank lines (keys, .env files). */
export interface Fragment {
  text: string;
  spans: Span[];
  block: boolean;
}

function frag(template: string, kind: Kind, value: string, reason?: string, around?: { before: string; after: string }): Fragment {
  const i = template.indexOf('{V}');
  if (i < 0) throw new Error(`template without {V}: ${template}`);
  const before = template.slice(0, i) + (around?.before ?? '');
  const text = before + value + (around?.after ?? '') + template.slice(i + 3);
  const span: Span = { start: before.length, end: before.length + value.length, kind, category: CATEGORY[kind], value };
  if (reason !== undefined) span.reason = reason;
  return { text, spans: [span], block: template.includes('\n') };
}

type Maker = (rng: Rng, ctx: { personName: string; nowS: number }) => Fragment;

const PLANTS: Record<Kind, Maker> = {
  'email-address': (rng) => frag(rng.pick([
    'Forward the signed contract to {V} once legal approves.', 'Can you add {V} to the distribution list for the monthly report?',
    'The customer contact is {V}, please draft a reply to her.', 'My personal address is {V} in case the HR portal keeps bouncing.',
  ]), 'email-address', v.emailAddress(rng)),
  'payment-card': (rng) => frag(rng.pick([
    'Can you check why the charge on card {V} failed yesterday?', 'The customer read me their card number {V} over the phone. How do I log this safely?',
    'Refund the duplicate payment back to {V} please.', 'Corporate card: {V}, can you fill in the booking form for the hotel?',
  ]), 'payment-card', v.paymentCard(rng)),
  'us-ssn': (rng) => frag(rng.pick([
    'Her SSN is {V}, can you pre-fill the benefits enrollment form?', 'For the background check I need to send my social security number {V}, is email OK?',
    'Employee record: Jordan Miles, SSN {V}, starts next Monday.',
  ]), 'us-ssn', v.usSsn(rng)),
  iban: (rng) => frag(rng.pick([
    'Please wire the deposit to IBAN {V} (account holder: Lena Fischer).', 'Our supplier changed their bank details to {V}, can you update the payment template?',
    'Refund to this account please: {V}',
  ]), 'iban', v.iban(rng)),
  'phone-number': (rng) => frag(rng.pick([
    'Call me back at {V} after lunch.', 'The hotel front desk number is {V} if the booking fails.', 'Customer callback number: {V}, she prefers mornings.',
  ]), 'phone-number', v.phoneNumber(rng)),
  'aws-access-key-id': (rng) => frag(rng.pick([
    "here's my .env:\nAWS_ACCESS_KEY_ID={V}\nAWS_DEFAULT_REGION=eu-west-1\nwhy does boto3 still say access denied?",
    'I exported AWS_ACCESS_KEY_ID={V} but the CLI keeps using the wrong profile, why?', 'The access key {V} belongs to the old deploy user, can we rotate it?',
  ]), 'aws-access-key-id', t.awsAccessKeyId(rng)),
  'github-token': (rng) => frag(rng.pick([
    'export GITHUB_TOKEN={V}\nthen the release workflow fails with a 403, any idea?', 'My personal access token is {V}, why can it not push to the repo?',
  ]), 'github-token', t.githubToken(rng)),
  'openai-api-key': (rng) => frag(rng.pick([
    'client = OpenAI(api_key="{V}")\nThis returns a 401 even though the key is new.', 'OPENAI_API_KEY={V}\nshould this go into the CI secrets or the repo config?',
  ]), 'openai-api-key', t.openaiApiKey(rng)),
  'slack-token': (rng) => frag(rng.pick([
    'SLACK_BOT_TOKEN={V}\nThe bot can post but not read channel history.', 'Our Slack app token is {V}, which scopes does it need for reactions?',
  ]), 'slack-token', t.slackToken(rng)),
  'stripe-secret-key': (rng) => frag(rng.pick([
    'stripe.api_key = "{V}"\nWhy are the webhooks still failing in production?', 'The restricted key {V} cannot list refunds, what permission is missing?',
  ]), 'stripe-secret-key', t.stripeSecretKey(rng)),
  'google-api-key': (rng) => frag(rng.pick([
    'This URL works in the browser but not in the app: https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key={V}',
    'GOOGLE_MAPS_API_KEY={V} is set in the config, but the map stays grey.',
  ]), 'google-api-key', t.googleApiKey(rng)),
  'anthropic-api-key': (rng) => frag(rng.pick([
    'ANTHROPIC_API_KEY={V}\nIs it fine to share this key between the two services?', 'The eval harness reads the key {V} from the environment, but requests are rejected.',
  ]), 'anthropic-api-key', t.anthropicApiKey(rng)),
  jwt: (rng, ctx) => frag(rng.pick([
    'The request sends Authorization: Bearer {V} and the gateway answers 401, is the token expired?',
    'Can you decode this token and tell me which claims it has?\n{V}',
  ]), 'jwt', t.jwt(rng, ctx.personName, ctx.nowS - rng.int(3600, 60 * 86_400))),
  'private-key': (rng) => frag(rng.pick([
    'Here is the deploy key from the server, why does ssh reject it?\n\n{V}\n\nThe file permissions look right.',
    'Can you convert this key to the format our library expects?\n\n{V}',
  ]), 'private-key', t.privateKey(rng)),
  'connection-string-password': (rng) => {
    const c = t.connectionString(rng);
    return frag(rng.pick([
      'DATABASE_URL={V}\nThe migration tool says authentication failed.', 'Can you explain why {V} times out from the staging cluster?',
      'Our connection string is {V} and I want to enable pooling, how?',
    ]), 'connection-string-password', c.password, undefined, { before: c.before, after: c.after });
  },
};

type DecoyMaker = (rng: Rng) => Fragment;

const DECOYS: readonly DecoyMaker[] = [
  (rng) => frag(rng.pick(['Where is order number {V}? The customer says it never arrived.', 'Tracking number {V} has not moved since Monday.']),
    'payment-card', v.luhnInvalidNumber(rng), 'Luhn-invalid 16-digit order or tracking number'),
  (rng) => frag('For the sandbox checkout, use the test card {V} with any future expiry.', 'payment-card', v.testPan(rng), 'published test card number'),
  (rng) => {
    const s = v.invalidSsn(rng);
    return frag(rng.pick(['The form should reject the SSN {V}, right?', 'Our test fixtures still contain the social security number {V}.']), 'us-ssn', s.value, s.why);
  },
  (rng) => frag('Is {V} a valid IBAN? The bank portal rejected it twice.', 'iban', v.ibanWrongCheck(rng), 'IBAN with wrong mod-97 check digits'),
  () => frag('The documentation uses {V} as the example access key id.', 'aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE', 'AWS documentation example key'),
  (rng) => frag(rng.pick(['Put OPENAI_API_KEY={V} in your .env file and restart the service.', 'The sample config ships with {V} as a placeholder.']),
    'openai-api-key', 'sk-proj-XXXXXXXXXXXXXXXXXXXXXXXX', 'placeholder key'),
  (rng) => frag('The key that starts with {V} was rotated last week.', 'openai-api-key', `sk-...${rng.chars(ALNUM, 4)}`, 'truncated key shown in prose'),
  (rng) => {
    const [url, pw, reason] = rng.pick([
      ['For local development use postgres://user:{V}@localhost/db and nothing else.', 'password', 'the literal placeholder "password"'],
      ['A typical setting is DATABASE_URL=postgres://user:{V}@host/db with the value taken from the environment.', '${DB_PASSWORD}', 'environment variable reference'],
      ['Replace the credentials in postgres://user:{V}@host with your own.', '<password>', 'angle-bracket placeholder'],
    ] as const);
    return frag(url, 'connection-string-password', pw, reason);
  },
  (rng) => frag(rng.pick(['Use {V} as the sender address in the documentation.', 'In the screenshots, replace the real address with {V}.']),
    'email-address', v.reservedEmail(rng), 'reserved example domain'),
];

/** Hands out kinds in shuffled rounds, so every kind gets the same share of plants. */
export class Cycler<T> {
  private round: T[] = [];
  constructor(private readonly rng: Rng, private readonly items: readonly T[]) {}
  next(): T {
    if (this.round.length === 0) this.round = this.rng.shuffle([...this.items]);
    return this.round.pop() as T;
  }
}

export const KIND_IDS: readonly Kind[] = KINDS.map(([k]) => k);
export const DECOY_MAKERS = DECOYS;

export function plantFragment(kind: Kind, rng: Rng, ctx: { personName: string; nowS: number }): Fragment {
  return PLANTS[kind](rng, ctx);
}

export function decoyFragment(maker: DecoyMaker, rng: Rng): Fragment {
  return maker(rng);
}

/**
 * A bare value of `kind` for files, with the text a rule needs right around it (the URL around a
 * connection string's password); files write their own labels.
 */
export function plantValue(kind: Kind, rng: Rng, ctx: { personName: string; nowS: number }): { before: string; value: string; after: string } {
  const bare = (value: string) => ({ before: '', value, after: '' });
  switch (kind) {
    case 'email-address': return bare(v.emailAddress(rng));
    case 'payment-card': return bare(v.paymentCard(rng));
    case 'us-ssn': return bare(v.usSsn(rng));
    case 'iban': return bare(v.iban(rng));
    case 'phone-number': return bare(v.phoneNumber(rng));
    case 'aws-access-key-id': return bare(t.awsAccessKeyId(rng));
    case 'github-token': return bare(t.githubToken(rng));
    case 'openai-api-key': return bare(t.openaiApiKey(rng));
    case 'slack-token': return bare(t.slackToken(rng));
    case 'stripe-secret-key': return bare(t.stripeSecretKey(rng));
    case 'google-api-key': return bare(t.googleApiKey(rng));
    case 'anthropic-api-key': return bare(t.anthropicApiKey(rng));
    case 'jwt': return bare(t.jwt(rng, ctx.personName, ctx.nowS - rng.int(3600, 60 * 86_400)));
    case 'private-key': return bare(t.privateKey(rng));
    case 'connection-string-password': {
      const c = t.connectionString(rng);
      return { before: c.before, value: c.password, after: c.after };
    }
  }
}
