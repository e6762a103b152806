/**
 * Evaluation generators for the secrets-b packs (rules/<provider>.yaml: AI providers, databases
 * and data platforms, SaaS and observability tools, key files, and the generic credential rules).
 *
 * One generator per rule. `valid(rng)` returns exactly the span the rule reports (for anchored
 * rules the value only, never the variable name) and each template carries the assignment or the
 * context words the rule needs. Values are synthetic: random characters in the provider's
 * alphabet and length, never real keys, and free of the placeholder fragments rule allowlists drop
 * ("test", "xxx", "your", "1234", ...). Everything random comes from the `rng` passed in.
 *
 * Overlaps that are by design (same span, same category): the generic rules
 * (generic-credential-assignment, bearer-token-header) also report values planted in
 * `SOMETHING_API_KEY=...` lines and `Authorization: Bearer ...` headers, connection-string-password
 * reports Neon/PlanetScale passwords planted in database URLs, and jwt reports kubeconfig
 * service-account tokens.
 */
import type { HardNegative, Rng, ValueGenerator } from '../types.js';
import { chars, int, pick } from '../rand.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const LOWER_ALNUM = LOWER + DIGITS;
const UPPER_ALNUM = UPPER + DIGITS;
const HEX = '0123456789abcdef';
const B64URL = ALNUM + '-_';
const BECH32_UPPER = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';
const PASSWORD_CHARS = ALNUM + '!#^*+=_-';

// ---------------------------------------------------------------------------------------------
// Random helpers (all driven by the corpus rng)

function bytes(rng: Rng, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rng() * 256);
  return out;
}

function b64(text: string | Buffer): string {
  return Buffer.from(text).toString('base64');
}

function b64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const c of counts.values()) {
    const p = c / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Fragments that rule allowlists treat as placeholders; random parts must not contain them. */
const PLACEHOLDERISH =
  /x{3}|\*{3}|test|exam|dummy|sample|fake|your|0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|qwer|change|redact|placeh|token|secret|passw|p@ss|t3blbkfj|akia|asia|aiza|eyj|ghp_|gho_|xox|sk_live|sk-/i;

/**
 * `make()` until the random part has at least `minEntropy` bits per character and none of the
 * placeholder fragments. Deterministic for a given rng.
 */
function random(rng: Rng, make: () => string, minEntropy = 3.6, mustHave?: RegExp): string {
  let value = make();
  for (let i = 0; i < 200; i++) {
    if (entropy(value) >= minEntropy && !PLACEHOLDERISH.test(value) && (mustHave?.test(value) ?? true)) return value;
    value = make();
  }
  return value;
}

function body(rng: Rng, alphabet: string, n: number, minEntropy = 3.6): string {
  return random(rng, () => chars(rng, alphabet, n), minEntropy);
}

/** A base64url body that does not start or end with '-' or '_' (keeps word boundaries simple). */
function urlBody(rng: Rng, n: number): string {
  return random(rng, () => chars(rng, ALNUM, 1) + chars(rng, B64URL, n - 2) + chars(rng, ALNUM, 1));
}

function uuid(rng: Rng): string {
  const h = (n: number) => chars(rng, HEX, n);
  return `${h(8)}-${h(4)}-4${h(3)}-${pick(rng, ['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
}

function hexBody(rng: Rng, n: number): string {
  return body(rng, HEX, n, 3.0);
}

const WORDS = ['orders', 'billing', 'ledger', 'ingest', 'search', 'reports', 'payments', 'catalog', 'metrics', 'etl', 'sync', 'backup'];
const TEAMS = ['acme-corp', 'northwind', 'globex', 'initech', 'umbrella-labs', 'contoso'];

// ---------------------------------------------------------------------------------------------
// Structured tokens

function sentryOrgToken(rng: Rng): string {
  const org = pick(rng, TEAMS);
  const claims = JSON.stringify({
    iat: 1_700_000_000 + int(rng, 0, 60_000_000) + int(rng, 0, 999) / 1000,
    url: 'https://sentry.io',
    region_url: pick(rng, ['https://us.sentry.io', 'https://de.sentry.io']),
    org,
  });
  return `sntrys_${b64(claims)}_${body(rng, ALNUM + '+/', 43)}`;
}

function grafanaCloudToken(rng: Rng): string {
  const claims = JSON.stringify({
    o: String(int(rng, 100_000, 999_999)),
    n: `${pick(rng, WORDS)}-${pick(rng, ['alloy', 'otel', 'ci', 'terraform'])}`,
    k: body(rng, ALNUM, 24),
    m: { r: pick(rng, ['prod-us-east-0', 'prod-eu-west-2', 'prod-ap-southeast-1']) },
  });
  return `glc_${b64(claims)}`;
}

function grafanaLegacyKey(rng: Rng): string {
  const claims = JSON.stringify({ k: body(rng, ALNUM, 32), n: `${pick(rng, WORDS)}-deployer`, id: int(rng, 1, 9) });
  return b64(claims);
}

function mapboxSecretToken(rng: Rng): string {
  const claims = JSON.stringify({ u: `${pick(rng, TEAMS)}-maps`, a: `cl${body(rng, LOWER_ALNUM, 23)}` });
  return `sk.${b64url(claims)}.${urlBody(rng, 22)}`;
}

function onePasswordServiceAccountToken(rng: Rng): string {
  const account = pick(rng, TEAMS);
  const claims = JSON.stringify({
    signInAddress: `${account}.1password.com`,
    userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: urlBody(rng, 22) },
    email: `${body(rng, LOWER_ALNUM, 13)}@1passwordserviceaccounts.com`,
    srpX: hexBody(rng, 64),
    muk: { alg: 'A256GCM', ext: true, k: urlBody(rng, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
    secretKey: onePasswordSecretKey(rng),
    throttleSecret: { seed: hexBody(rng, 64), uuid: body(rng, UPPER_ALNUM, 26) },
    deviceUuid: body(rng, LOWER_ALNUM, 26),
  });
  return `ops_${b64(claims)}`;
}

function onePasswordSecretKey(rng: Rng): string {
  const g = (n: number) => body(rng, UPPER_ALNUM, n, 2.0);
  const middle = rng() < 0.5 ? g(11) : `${g(6)}-${g(5)}`;
  return `A3-${g(6)}-${middle}-${g(5)}-${g(5)}-${g(5)}`;
}

function intercomToken(rng: Rng): string {
  const id = `${hexBody(rng, 8)}_${hexBody(rng, 4)}_${hexBody(rng, 4)}_${hexBody(rng, 4)}_${hexBody(rng, 12)}`;
  return b64(`tok:${id}:1:0`);
}

function elasticApiKey(rng: Rng): string {
  return b64(`${urlBody(rng, 20)}:${urlBody(rng, 22)}`);
}

function salesforceToken(rng: Rng): string {
  const org = `00D${body(rng, ALNUM, 12, 3.0)}`;
  const tail = random(rng, () => `AQ${chars(rng, ALNUM + '._', 92)}${chars(rng, ALNUM, 2)}`, 4.5);
  return `${org}!${tail}`;
}

function firebaseServerKey(rng: Rng): string {
  return `AAAA${body(rng, ALNUM, 7, 2.5)}:APA91b${urlBody(rng, 134)}`;
}

function pemBase64(rng: Rng): string {
  const lines: string[] = [];
  for (let i = 0; i < 8; i++) lines.push(b64(bytes(rng, 48)));
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
  return b64(pem);
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

function puttyKey(rng: Rng): string {
  if (rng() < 0.5) {
    const pub = wrap(`AAAAB3NzaC1yc2EAAAADAQABAAABAQ${b64(bytes(rng, 240))}`, 64);
    const priv = wrap(b64(bytes(rng, 640)), 64);
    return [
      'PuTTY-User-Key-File-2: ssh-rsa',
      'Encryption: none',
      `Comment: rsa-key-${pick(rng, WORDS)}`,
      `Public-Lines: ${pub.length}`,
      ...pub,
      `Private-Lines: ${priv.length}`,
      ...priv,
      `Private-MAC: ${hexBody(rng, 40)}`,
    ].join('\n');
  }
  const pub = wrap(`AAAAC3NzaC1lZDI1NTE5AAAAI${b64(bytes(rng, 33))}`, 64);
  const priv = wrap(`AAAAI${b64(bytes(rng, 33))}`, 64);
  return [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    `Comment: ed25519-key-${pick(rng, WORDS)}`,
    `Public-Lines: ${pub.length}`,
    ...pub,
    `Private-Lines: ${priv.length}`,
    ...priv,
    `Private-MAC: ${hexBody(rng, 64)}`,
  ].join('\n');
}

function kubeServiceAccountToken(rng: Rng): string {
  if (rng() < 0.5) return body(rng, ALNUM, int(rng, 32, 48));
  const header = b64url(JSON.stringify({ alg: 'RS256', kid: urlBody(rng, 43) }));
  const ns = pick(rng, ['ci', 'deploy', 'monitoring', 'default']);
  const payload = b64url(
    JSON.stringify({
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': ns,
      'kubernetes.io/serviceaccount/secret-name': `${pick(rng, WORDS)}-token-${body(rng, LOWER_ALNUM, 5, 1.5)}`,
      'kubernetes.io/serviceaccount/service-account.name': `${pick(rng, WORDS)}-deployer`,
      sub: `system:serviceaccount:${ns}:${pick(rng, WORDS)}-deployer`,
    }),
  );
  return `${header}.${payload}.${urlBody(rng, 342)}`;
}

function password(rng: Rng): string {
  return random(
    rng,
    () => chars(rng, ALNUM, 1) + chars(rng, PASSWORD_CHARS, int(rng, 14, 26)) + chars(rng, ALNUM, 1),
    3.7,
  );
}

function basicCredentials(rng: Rng): string {
  const user = `svc-${pick(rng, WORDS)}`;
  return b64(`${user}:${password(rng)}`);
}

function opaqueBearer(rng: Rng): string {
  const first = chars(rng, ALNUM.replace('e', ''), 1);
  return first + urlBody(rng, int(rng, 31, 63));
}

// ---------------------------------------------------------------------------------------------
// Generators, one per rule

export const generators: ValueGenerator[] = [
  // ----- AI providers
  {
    ruleId: 'cohere-api-key',
    valid: (rng) => body(rng, ALNUM, 40),
    templates: [
      'COHERE_API_KEY={v}',
      'import cohere\nco = cohere.ClientV2(api_key="{v}")\nresp = co.chat(model="command-r-plus", messages=msgs)',
      'my .env has cohere_api_key: "{v}" but the SDK still says unauthorized, what am I missing?',
    ],
  },
  {
    ruleId: 'mistral-api-key',
    valid: (rng) => body(rng, ALNUM, 32),
    templates: [
      'MISTRAL_API_KEY={v}',
      'from mistralai import Mistral\nclient = Mistral(api_key="{v}")',
      "mistral_api_key = '{v}'  # TODO move this to the vault before merging",
    ],
  },
  {
    ruleId: 'deepseek-api-key',
    valid: (rng) => `sk-${hexBody(rng, 32)}`,
    templates: [
      'DEEPSEEK_API_KEY={v}',
      'client = OpenAI(api_key="{v}", base_url="https://api.deepseek.com")',
      'the deepseek key {v} stopped working right after I topped up the balance',
    ],
  },
  {
    ruleId: 'together-api-key',
    valid: (rng) => `tgp_v1_${urlBody(rng, 43)}`,
    templates: [
      'TOGETHER_API_KEY={v}',
      'from together import Together\nclient = Together(api_key="{v}")',
      "here is the key for the eval runs: {v} (it's on the team plan)",
    ],
  },
  {
    ruleId: 'together-legacy-api-key',
    valid: (rng) => hexBody(rng, 64),
    templates: [
      'TOGETHER_API_KEY={v}',
      'together.api_key = "{v}"',
      "client = Together(api_key='{v}')",
    ],
  },
  {
    ruleId: 'fireworks-api-key',
    valid: (rng) => `fw_${body(rng, ALNUM, 24)}`,
    templates: [
      'FIREWORKS_API_KEY={v}',
      'fireworks key for the llama finetune: {v}',
      'curl https://api.fireworks.ai/inference/v1/chat/completions -H "Authorization: Bearer {v}" -d @body.json',
    ],
  },
  {
    ruleId: 'openrouter-api-key',
    valid: (rng) => `sk-or-v1-${hexBody(rng, 64)}`,
    templates: [
      'OPENROUTER_API_KEY={v}',
      'client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="{v}")',
      'why does {v} return 402 on openrouter? I still have credits',
    ],
  },
  {
    ruleId: 'groq-api-key',
    valid: (rng) => `gsk_${body(rng, ALNUM, 52)}`,
    templates: [
      'GROQ_API_KEY={v}',
      'client = Groq(api_key="{v}")',
      'is {v} the right format for groq? it gets rejected',
    ],
  },
  {
    ruleId: 'replicate-api-token',
    valid: (rng) => `r8_${body(rng, ALNUM, 37)}`,
    templates: [
      'export REPLICATE_API_TOKEN={v}',
      'replicate = replicate.Client(api_token="{v}")',
      'token {v} works locally but not in the container',
    ],
  },
  {
    ruleId: 'perplexity-api-key',
    valid: (rng) => `pplx-${body(rng, ALNUM, 48)}`,
    templates: [
      'PERPLEXITY_API_KEY={v}',
      'client = OpenAI(api_key="{v}", base_url="https://api.perplexity.ai")',
      'sonar calls fail with {v}, any idea why?',
    ],
  },
  {
    ruleId: 'xai-api-key',
    valid: (rng) => `xai-${body(rng, ALNUM, 80)}`,
    templates: [
      'XAI_API_KEY={v}',
      'client = OpenAI(api_key="{v}", base_url="https://api.x.ai/v1")',
      'grok returns 400 with key {v} after the model rename',
    ],
  },
  {
    ruleId: 'elevenlabs-api-key',
    valid: (rng) => `sk_${hexBody(rng, 48)}`,
    templates: [
      'ELEVENLABS_API_KEY={v}',
      'client = ElevenLabs(api_key="{v}")',
      'curl https://api.elevenlabs.io/v1/voices -H "xi-api-key: {v}"',
    ],
  },
  {
    ruleId: 'elevenlabs-legacy-api-key',
    valid: (rng) => hexBody(rng, 32),
    templates: [
      'curl -X POST https://api.elevenlabs.io/v1/text-to-speech/narrator -H "xi-api-key: {v}" -d @line.json',
      'ELEVENLABS_API_KEY={v}',
      'client = ElevenLabs(api_key="{v}")',
    ],
  },
  {
    ruleId: 'stability-api-key',
    valid: (rng) => `sk-${body(rng, ALNUM, 48)}`,
    templates: [
      'STABILITY_API_KEY={v}',
      'curl https://api.stability.ai/v2beta/stable-image/generate/core -H "authorization: Bearer {v}" -F prompt=lighthouse',
      'the stability key {v} has no credits left, can you top it up?',
    ],
  },
  {
    ruleId: 'pinecone-api-key',
    valid: (rng) => `pcsk_${body(rng, ALNUM, int(rng, 5, 6), 2.0)}_${body(rng, ALNUM, 63)}`,
    templates: [
      'PINECONE_API_KEY={v}',
      'pc = Pinecone(api_key="{v}")',
      'index upserts fail with 401 using {v}',
    ],
  },
  {
    ruleId: 'pinecone-legacy-api-key',
    valid: (rng) => uuid(rng),
    templates: [
      'PINECONE_API_KEY={v}',
      'pinecone.init(api_key="{v}", environment="us-west1-gcp")',
      'pinecone_api_key: "{v}"',
    ],
  },
  {
    ruleId: 'langsmith-api-key',
    valid: (rng) => `lsv2_${pick(rng, ['pt', 'sk'])}_${hexBody(rng, 32)}_${hexBody(rng, 10)}`,
    templates: [
      'LANGSMITH_API_KEY={v}',
      'os.environ["LANGCHAIN_API_KEY"] = "{v}"',
      'tracing stopped after I rotated to {v}, is the old endpoint still needed?',
    ],
  },
  {
    ruleId: 'wandb-api-key',
    valid: (rng) => hexBody(rng, 40),
    templates: [
      'WANDB_API_KEY={v}',
      '!wandb login {v}',
      'machine api.wandb.ai\n  login user\n  password {v}',
    ],
  },
  {
    ruleId: 'assemblyai-api-key',
    valid: (rng) => hexBody(rng, 32),
    templates: [
      'ASSEMBLYAI_API_KEY={v}',
      'aai.settings.api_key = "{v}"',
      "assemblyai_api_key: '{v}'",
    ],
  },
  {
    ruleId: 'deepgram-api-key',
    valid: (rng) => hexBody(rng, 40),
    templates: [
      'DEEPGRAM_API_KEY={v}',
      'deepgram = DeepgramClient("{v}")',
      '{"deepgram_api_key": "{v}", "model": "nova-2"}',
    ],
  },

  // ----- Databases and data platforms
  {
    ruleId: 'mongodb-atlas-private-key',
    valid: (rng) => uuid(rng),
    templates: [
      'export MONGODB_ATLAS_PRIVATE_KEY={v}',
      'atlas_private_key: "{v}"',
      '{"atlasPublicKey": "qhzmwtrb", "atlasPrivateKey": "{v}"}',
    ],
  },
  {
    ruleId: 'mongodb-atlas-service-account-secret',
    valid: (rng) => `mdb_sa_sk_${body(rng, ALNUM, 40)}`,
    templates: [
      'MONGODB_ATLAS_CLIENT_SECRET={v}',
      'the atlas client secret is {v}, the client id is in the ticket',
      'client_secret: "{v}"',
    ],
  },
  {
    ruleId: 'planetscale-token',
    valid: (rng) => `pscale_${pick(rng, ['tkn', 'pw', 'oauth'])}_${urlBody(rng, 43)}`,
    templates: [
      'PLANETSCALE_SERVICE_TOKEN={v}',
      'pscale auth login --service-token {v} --service-token-id ci-deployer',
      'the branch password is {v} and the host is aws.connect.psdb.cloud',
    ],
  },
  {
    ruleId: 'supabase-secret-key',
    valid: (rng) => (rng() < 0.5 ? `sbp_${hexBody(rng, 40)}` : `sb_secret_${urlBody(rng, 31)}`),
    templates: [
      'SUPABASE_ACCESS_TOKEN={v}',
      'supabase login --token {v}',
      'the supabase key {v} leaked in the CI log, rotate it please',
    ],
  },
  {
    ruleId: 'neon-api-key',
    valid: (rng) => body(rng, LOWER_ALNUM, 64),
    templates: [
      'NEON_API_KEY={v}',
      'neon_api_key: "{v}"',
      'const neon = createApiClient({ apiKey: process.env.X }); // neonApiKey = "{v}"',
    ],
  },
  {
    ruleId: 'neon-database-password',
    valid: (rng) => `npg_${body(rng, ALNUM, 12, 3.2)}`,
    templates: [
      'PGPASSWORD={v} psql -h ep-cool-darkness-a1b2c3d4.eu-central-1.aws.neon.tech -U neondb_owner neondb',
      'DATABASE_URL=postgresql://neondb_owner:{v}@ep-cool-darkness-a1b2c3d4.eu-central-1.aws.neon.tech/neondb?sslmode=require',
      'neon gave me the password {v} for the new branch',
    ],
  },
  {
    ruleId: 'redis-cloud-api-key',
    valid: (rng) => `${pick(rng, ['A', 'S'])}${body(rng, LOWER_ALNUM, 50)}`,
    templates: [
      'REDIS_CLOUD_API_SECRET={v}',
      'curl -s https://api.redislabs.com/v1/subscriptions -H "x-api-secret-key: {v}"',
      'rediscloud_secret_key: "{v}"',
    ],
  },
  {
    ruleId: 'databricks-token',
    valid: (rng) => `dapi${hexBody(rng, 32)}${rng() < 0.3 ? `-${int(rng, 2, 3)}` : ''}`,
    templates: [
      'DATABRICKS_TOKEN={v}',
      '[DEFAULT]\nhost = https://adb-fake.azuredatabricks.net\ntoken = {v}',
      'the job runs as a service principal with token {v}',
    ],
  },
  {
    ruleId: 'snowflake-connection-password',
    valid: (rng) => password(rng),
    templates: [
      'engine = create_engine("snowflake://etl_user:{v}@xy12345.eu-west-1/analytics/public?warehouse=etl_wh")',
      'SNOWFLAKE_URL=snowflake://svc_dbt:{v}@acme-prod/raw',
      'why does snowflake://looker:{v}@acme-analytics/reporting fail with 390100?',
    ],
  },
  {
    ruleId: 'clickhouse-cloud-api-secret',
    valid: (rng) => `4b1d${body(rng, ALNUM, 38)}`,
    templates: [
      'CLICKHOUSE_KEY_SECRET={v}',
      'curl --user "$KEY_ID:{v}" https://api.clickhouse.cloud/v1/organizations',
      'the clickhouse cloud api secret is {v}',
    ],
  },
  {
    ruleId: 'clickhouse-connection-password',
    valid: (rng) => password(rng),
    templates: [
      'CLICKHOUSE_URL=clickhouse://default:{v}@ch-prod.acme-corp.internal:8443/analytics',
      'client = clickhouse_connect.get_client(dsn="clickhouses://reporting:{v}@kp9x2.eu-west-1.aws.clickhouse.cloud:8443/default")',
      'the DSN clickhouse://ingest:{v}@clickhouse-0.clickhouse:9000/events works from the pod only',
    ],
  },
  {
    ruleId: 'elastic-api-key',
    valid: (rng) => elasticApiKey(rng),
    templates: [
      'curl -H "Authorization: ApiKey {v}" https://search-prod.es.eu-west-1.aws.found.io:9243/_cat/indices',
      'ELASTIC_API_KEY={v}',
      'es_api_key: "{v}"',
    ],
  },
  {
    ruleId: 'algolia-admin-api-key',
    valid: (rng) => hexBody(rng, 32),
    templates: [
      'ALGOLIA_ADMIN_API_KEY={v}',
      'algolia_admin_key: "{v}"',
      "const ALGOLIA_WRITE_API_KEY = '{v}';",
    ],
  },
  {
    ruleId: 'firebase-cloud-messaging-server-key',
    valid: (rng) => firebaseServerKey(rng),
    templates: [
      'curl https://fcm.googleapis.com/fcm/notification -H "Authorization: key={v}" -H "Content-Type: application/json"',
      'FCM_SERVER_KEY={v}',
      'the legacy server key {v} stopped working after the June migration',
    ],
  },
  {
    ruleId: 'contentful-personal-access-token',
    valid: (rng) => `CFPAT-${urlBody(rng, 43)}`,
    templates: [
      'CONTENTFUL_MANAGEMENT_TOKEN={v}',
      'contentful space export --space-id k8f2m1 --management-token {v}',
      'client = contentful.createClient({ accessToken: "{v}" })',
    ],
  },

  // ----- SaaS and observability
  {
    ruleId: 'datadog-api-key',
    valid: (rng) => hexBody(rng, 32),
    templates: [
      'DD_API_KEY={v}',
      'curl -X POST "https://api.datadoghq.eu/api/v2/series" -H "DD-API-KEY: {v}" -d @metrics.json',
      'datadog_api_key: "{v}"',
    ],
  },
  {
    ruleId: 'datadog-app-key',
    valid: (rng) => hexBody(rng, 40),
    templates: [
      'DD_APP_KEY={v}',
      'curl "https://api.datadoghq.com/api/v1/monitor" -H "DD-APPLICATION-KEY: {v}"',
      'datadog_application_key = "{v}"',
    ],
  },
  {
    ruleId: 'new-relic-api-key',
    valid: (rng) => (rng() < 0.7 ? `NRAK-${body(rng, UPPER_ALNUM, 27)}` : `NRAA-${hexBody(rng, 27)}`),
    templates: [
      'NEW_RELIC_API_KEY={v}',
      'curl https://api.newrelic.com/graphql -H "API-Key: {v}" -d @query.json',
      'the user key {v} belongs to the SRE rota bot',
    ],
  },
  {
    ruleId: 'new-relic-browser-key',
    valid: (rng) => `NRJS-${hexBody(rng, 19)}`,
    templates: [
      'licenseKey:"{v}",applicationID:"601234"',
      'NEW_RELIC_BROWSER_KEY={v}',
      'the browser agent snippet has {v} in it, is that fine to commit?',
    ],
  },
  {
    ruleId: 'new-relic-insights-key',
    valid: (rng) => `${pick(rng, ['NRII', 'NRIQ'])}-${urlBody(rng, 32)}`,
    templates: [
      'curl -X POST https://insights-collector.eu01.nr-data.net/v1/events -H "X-Insert-Key: {v}"',
      'NEW_RELIC_INSERT_KEY={v}',
      'insights query key {v} is read-only, right?',
    ],
  },
  {
    ruleId: 'new-relic-license-key',
    valid: (rng) => (rng() < 0.5 ? `${hexBody(rng, 36)}NRAL` : `eu01xx${hexBody(rng, 30)}NRAL`),
    templates: [
      'NEW_RELIC_LICENSE_KEY={v}',
      'license_key: {v}',
      'newrelic.ini still has license_key = {v} from the old subscription',
    ],
  },
  {
    ruleId: 'sentry-org-token',
    valid: (rng) => sentryOrgToken(rng),
    templates: [
      'SENTRY_AUTH_TOKEN={v}',
      'sentry-cli --auth-token {v} releases new v2.3.1',
      'the org token {v} is the one the sourcemap upload uses',
    ],
  },
  {
    ruleId: 'sentry-user-token',
    valid: (rng) => `sntryu_${hexBody(rng, 64)}`,
    templates: [
      'SENTRY_AUTH_TOKEN={v}',
      'curl https://sentry.io/api/0/projects/ -H "Authorization: Bearer {v}"',
      'my personal sentry token {v} has project:write',
    ],
  },
  {
    ruleId: 'sentry-dsn',
    valid: (rng) => hexBody(rng, 32),
    templates: [
      'SENTRY_DSN=https://{v}@o450912.ingest.us.sentry.io/5731',
      'Sentry.init({ dsn: "https://{v}@o77120.ingest.sentry.io/42", tracesSampleRate: 0.2 })',
      'events from https://{v}@sentry.acme-corp.net/7 never show up',
    ],
  },
  {
    ruleId: 'grafana-cloud-token',
    valid: (rng) => grafanaCloudToken(rng),
    templates: [
      'GRAFANA_CLOUD_TOKEN={v}',
      'basic_auth:\n  username: 882301\n  password: {v}',
      'the access policy token {v} only has metrics:write',
    ],
  },
  {
    ruleId: 'grafana-service-account-token',
    valid: (rng) => `glsa_${body(rng, ALNUM, 32)}_${hexBody(rng, 8)}`,
    templates: [
      'GRAFANA_SERVICE_ACCOUNT_TOKEN={v}',
      'curl -H "Authorization: Bearer {v}" https://grafana.acme-corp.net/api/dashboards/uid/ops',
      'the terraform provider uses auth = "{v}"',
    ],
  },
  {
    ruleId: 'grafana-api-key',
    valid: (rng) => grafanaLegacyKey(rng),
    templates: [
      'GRAFANA_API_KEY={v}',
      'curl -H "Authorization: Bearer {v}" https://grafana.acme-corp.net/api/search',
      'old grafana 8 key {v} still works on the legacy instance',
    ],
  },
  {
    ruleId: 'honeycomb-api-key',
    valid: (rng) => {
      const r = rng();
      if (r < 0.4) return body(rng, ALNUM, 22);
      if (r < 0.7) return hexBody(rng, 32);
      return `hcaik_${body(rng, LOWER_ALNUM, 58)}`;
    },
    templates: [
      'HONEYCOMB_API_KEY={v}',
      'OTEL_EXPORTER_OTLP_HEADERS="x-honeycomb-team={v}"',
      'curl https://api.honeycomb.io/1/auth -H "X-Honeycomb-Team: {v}"',
    ],
  },
  {
    ruleId: 'pagerduty-api-key',
    valid: (rng) =>
      rng() < 0.5
        ? `u+${random(rng, () => chars(rng, ALNUM + '_-', 17) + chars(rng, ALNUM, 1))}`
        : random(rng, () => chars(rng, ALNUM, 1) + chars(rng, ALNUM + '_-', 18) + chars(rng, ALNUM, 1)),
    templates: [
      'PAGERDUTY_API_KEY={v}',
      'pagerduty_token: "{v}"',
      "pd_api_key = '{v}'",
    ],
  },
  {
    ruleId: 'pagerduty-token-header',
    valid: (rng) => random(rng, () => chars(rng, ALNUM, 1) + chars(rng, ALNUM + '_-', 18) + chars(rng, ALNUM, 1)),
    templates: [
      'curl -H "Authorization: Token token={v}" https://api.pagerduty.com/incidents',
      'headers = {"Authorization": "Token token={v}"}  # pagerduty REST v2',
      'our pagerduty sync sends Authorization: Token token={v} and gets 401',
    ],
  },
  {
    ruleId: 'pagerduty-routing-key',
    valid: (rng) => hexBody(rng, 32),
    templates: [
      'curl -X POST https://events.pagerduty.com/v2/enqueue -d \'{"routing_key": "{v}", "event_action": "trigger"}\'',
      'PAGERDUTY_ROUTING_KEY={v}',
      'receivers:\n- name: pagerduty\n  pagerduty_configs:\n  - routing_key: {v}',
    ],
  },
  {
    ruleId: 'splunk-hec-token',
    valid: (rng) => (rng() < 0.5 ? uuid(rng) : uuid(rng).toUpperCase()),
    templates: [
      'curl -k https://splunk-hec.acme-corp.net:8088/services/collector/event -H "Authorization: Splunk {v}" -d \'{"event": "deploy done"}\'',
      'SPLUNK_HEC_TOKEN={v}',
      'hec_token: "{v}"',
    ],
  },
  {
    ruleId: 'okta-api-token',
    valid: (rng) => `00${urlBody(rng, 40)}`,
    templates: [
      'curl -H "Authorization: SSWS {v}" "https://acme.okta.com/api/v1/users?limit=25"',
      'OKTA_API_TOKEN={v}',
      'okta_api_token: "{v}"',
    ],
  },
  {
    ruleId: 'auth0-client-secret',
    valid: (rng) => urlBody(rng, 64),
    templates: [
      'AUTH0_CLIENT_SECRET={v}',
      'auth0:\n  domain: acme.eu.auth0.com\n  client_id: 7dJ4wQmZ2pL9sK1vX8cB3nR6tY0uH5gF\n  client_secret: {v}',
      "new AuthenticationClient({ domain: 'acme.us.auth0.com', clientSecret: '{v}' })",
    ],
  },
  {
    ruleId: 'asana-personal-access-token',
    valid: (rng) =>
      rng() < 0.5
        ? `2/120${chars(rng, DIGITS, 13)}/120${chars(rng, DIGITS, 13)}:${hexBody(rng, 32)}`
        : `1/120${chars(rng, DIGITS, 10)}:${hexBody(rng, 32)}`,
    templates: [
      'ASANA_PAT={v}',
      'asana_access_token: "{v}"',
      "client = asana.Client.access_token('{v}')",
    ],
  },
  {
    ruleId: 'linear-api-key',
    valid: (rng) => (rng() < 0.8 ? `lin_api_${body(rng, ALNUM, 40)}` : `lin_oauth_${hexBody(rng, 64)}`),
    templates: [
      'LINEAR_API_KEY={v}',
      'curl https://api.linear.app/graphql -H "Authorization: {v}" -d @issues.json',
      'the linear key {v} is scoped to the platform team',
    ],
  },
  {
    ruleId: 'notion-api-token',
    valid: (rng) =>
      rng() < 0.6 ? `ntn_${chars(rng, DIGITS, 11)}${body(rng, ALNUM, 35)}` : `secret_${body(rng, ALNUM, 43)}`,
    templates: [
      'NOTION_TOKEN={v}',
      'notion = Client(auth="{v}")',
      'the integration secret {v} was shared with the whole workspace',
    ],
  },
  {
    ruleId: 'airtable-personal-access-token',
    valid: (rng) => `pat${body(rng, ALNUM, 14, 3.2)}.${hexBody(rng, 64)}`,
    templates: [
      'AIRTABLE_API_KEY={v}',
      'curl https://api.airtable.com/v0/appQ2x9/Tasks -H "Authorization: Bearer {v}"',
      'airtable PAT {v} has data.records:write on the CRM base',
    ],
  },
  {
    ruleId: 'hubspot-private-app-token',
    valid: (rng) => `pat-${pick(rng, ['na1', 'na2', 'eu1'])}-${uuid(rng)}`,
    templates: [
      'HUBSPOT_ACCESS_TOKEN={v}',
      'curl https://api.hubapi.com/crm/v3/objects/contacts -H "Authorization: Bearer {v}"',
      'the private app token {v} only has crm.objects.contacts.read',
    ],
  },
  {
    ruleId: 'salesforce-access-token',
    valid: (rng) => salesforceToken(rng),
    templates: [
      'curl https://acme.my.salesforce.com/services/data/v60.0/sobjects -H "Authorization: Bearer {v}"',
      'SF_ACCESS_TOKEN={v}',
      'sf org display gives me the access token {v} for the sandbox',
    ],
  },
  {
    ruleId: 'zendesk-api-token',
    valid: (rng) => body(rng, ALNUM, 40),
    templates: [
      'ZENDESK_API_TOKEN={v}',
      'zendesk_token: "{v}"',
      'zendesk.api_token = "{v}"',
    ],
  },
  {
    ruleId: 'intercom-access-token',
    valid: (rng) => intercomToken(rng),
    templates: [
      'INTERCOM_ACCESS_TOKEN={v}',
      'curl https://api.intercom.io/conversations -H "Authorization: Bearer {v}"',
      'intercom token {v} belongs to the support bot app',
    ],
  },
  {
    ruleId: 'dropbox-short-lived-token',
    valid: (rng) => `sl.${rng() < 0.3 ? 'u.' : ''}${urlBody(rng, int(rng, 136, 180))}`,
    templates: [
      'DROPBOX_ACCESS_TOKEN={v}',
      'dbx = dropbox.Dropbox("{v}")',
      'the dropbox token {v} expires in four hours, then the sync fails',
    ],
  },
  {
    ruleId: 'box-api-token',
    valid: (rng) => body(rng, ALNUM, 32),
    templates: [
      'BOX_DEVELOPER_TOKEN={v}',
      'box_client_secret: "{v}"',
      'BOX_CLIENT_SECRET={v}',
    ],
  },
  {
    ruleId: 'figma-personal-access-token',
    valid: (rng) => `figd_${urlBody(rng, 40)}`,
    templates: [
      'FIGMA_TOKEN={v}',
      'curl -H "X-Figma-Token: {v}" https://api.figma.com/v1/files/k3J9mQ',
      'figma PAT {v} is needed for the icon export script',
    ],
  },
  {
    ruleId: 'typeform-personal-access-token',
    valid: (rng) => `tfp_${body(rng, ALNUM, 44)}_${body(rng, ALNUM, 14, 3.2)}`,
    templates: [
      'TYPEFORM_TOKEN={v}',
      'curl https://api.typeform.com/forms -H "Authorization: Bearer {v}"',
      'typeform token {v} can read responses for every workspace',
    ],
  },
  {
    ruleId: 'postman-api-key',
    valid: (rng) => `PMAK-${hexBody(rng, 24)}-${hexBody(rng, 34)}`,
    templates: [
      'POSTMAN_API_KEY={v}',
      'curl https://api.getpostman.com/collections -H "X-Api-Key: {v}"',
      'newman run https://api.getpostman.com/collections/8812?apikey={v}',
    ],
  },
  {
    ruleId: 'mapbox-secret-token',
    valid: (rng) => mapboxSecretToken(rng),
    templates: [
      'MAPBOX_DOWNLOADS_TOKEN={v}',
      'mapbox upload acme.tiles tiles.mbtiles --token {v}',
      'the secret token {v} has uploads:write, do not ship it in the app',
    ],
  },
  {
    ruleId: 'segment-public-api-token',
    valid: (rng) => `sgp_${body(rng, ALNUM, 64)}`,
    templates: [
      'SEGMENT_PUBLIC_API_TOKEN={v}',
      'curl https://api.segmentapis.com/sources -H "Authorization: Bearer {v}"',
      'segment token {v} has workspace owner access',
    ],
  },
  {
    ruleId: 'segment-write-key',
    valid: (rng) => body(rng, ALNUM, 32),
    templates: [
      'SEGMENT_WRITE_KEY={v}',
      'segment_write_key: "{v}"',
      'const segmentWriteKey = "{v}";',
    ],
  },
  {
    ruleId: 'mixpanel-api-secret',
    valid: (rng) => body(rng, ALNUM, 32),
    templates: [
      'MIXPANEL_API_SECRET={v}',
      'mixpanel_service_account_secret: "{v}"',
      'MIXPANEL_SECRET={v}',
    ],
  },
  {
    ruleId: 'amplitude-api-key',
    valid: (rng) => hexBody(rng, 32),
    templates: [
      'AMPLITUDE_SECRET_KEY={v}',
      'amplitude_api_key: "{v}"',
      'AMPLITUDE_API_KEY={v}',
    ],
  },
  {
    ruleId: 'launchdarkly-sdk-key',
    valid: (rng) => `sdk-${uuid(rng)}`,
    templates: [
      'LAUNCHDARKLY_SDK_KEY={v}',
      'ldclient.set_config(Config("{v}"))',
      'the launchdarkly server sdk key {v} is for the production environment',
    ],
  },
  {
    ruleId: 'launchdarkly-api-token',
    valid: (rng) => `api-${uuid(rng)}`,
    templates: [
      'curl https://app.launchdarkly.com/api/v2/flags/default -H "Authorization: {v}"',
      'LAUNCHDARKLY_ACCESS_TOKEN={v}',
      'ld_api_key: "{v}"',
    ],
  },
  {
    ruleId: '1password-service-account-token',
    valid: (rng) => onePasswordServiceAccountToken(rng),
    templates: [
      'OP_SERVICE_ACCOUNT_TOKEN={v}',
      'export OP_SERVICE_ACCOUNT_TOKEN="{v}"\nop read op://ci/deploy/credential',
      'the 1Password automation token {v} can read the ci vault',
    ],
  },
  {
    ruleId: '1password-secret-key',
    valid: (rng) => onePasswordSecretKey(rng),
    templates: [
      'my 1Password secret key is {v}, I need to set up the new laptop',
      'Secret Key: {v}',
      'emergency kit says {v}, is that enough to sign in?',
    ],
  },
  {
    ruleId: 'age-secret-key',
    valid: (rng) => `AGE-SECRET-KEY-1${body(rng, BECH32_UPPER, 58)}`,
    templates: [
      '# created: 2024-11-02T10:14:55Z\n# public key: age1qz8m5c7wq0sxn3\n{v}',
      'SOPS_AGE_KEY={v}',
      'the age identity for the secrets repo is {v}',
    ],
  },
  {
    ruleId: 'kubernetes-kubeconfig-token',
    valid: (rng) => kubeServiceAccountToken(rng),
    templates: [
      'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://k8s-api.internal.acme-corp.net:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: ci-deployer\ncurrent-context: prod\nusers:\n- name: ci-deployer\n  user:\n    token: {v}',
      'my kubeconfig:\nusers:\n- name: deployer\n  user:\n    token: {v}\nand kubectl says Unauthorized',
      'current-context: staging\nusers:\n- name: gitlab-runner\n  user:\n    token: "{v}"',
    ],
  },
  {
    ruleId: 'kubernetes-bootstrap-token',
    valid: (rng) =>
      random(rng, () => `${chars(rng, LOWER_ALNUM, 6)}.${chars(rng, LOWER_ALNUM, 16)}`, 3.2, /[0-9]/),
    templates: [
      'kubeadm join k8s-api.internal.acme-corp.net:6443 --token {v} --discovery-token-unsafe-skip-ca-verification',
      'kubeadm token create prints {v}, but the worker still cannot join',
      'bootstrapTokens:\n- token: "{v}"\n  ttl: 24h0m0s',
    ],
  },
  {
    ruleId: 'kubernetes-client-key-data',
    valid: (rng) => pemBase64(rng),
    templates: [
      'users:\n- name: admin\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\n    client-key-data: {v}',
      'client-key-data: {v}',
      'my kubeconfig has client-key-data: "{v}" is that safe to paste?',
    ],
  },
  {
    ruleId: 'putty-private-key',
    valid: (rng) => puttyKey(rng),
    templates: [
      'here is the .ppk from the jump host, can you convert it to OpenSSH?\n{v}',
      '{v}',
      'WinSCP refuses this key:\n{v}\nany idea?',
    ],
  },

  // ----- Generic credentials
  {
    ruleId: 'generic-credential-assignment',
    valid: (rng) => password(rng),
    templates: [
      'DB_PASSWORD={v}',
      '{"username": "svc_reports", "api_key": "{v}"}',
      "password: '{v}'",
      'client_secret = "{v}"',
      'export AUTH_TOKEN={v}',
    ],
  },
  {
    ruleId: 'basic-auth-header',
    valid: (rng) => basicCredentials(rng),
    templates: [
      'curl -H "Authorization: Basic {v}" https://jenkins.acme-corp.internal/api/json',
      'headers = {"Authorization": "Basic {v}"}',
      'Proxy-Authorization: Basic {v}',
    ],
  },
  {
    ruleId: 'bearer-token-header',
    valid: (rng) => opaqueBearer(rng),
    templates: [
      'curl -H "Authorization: Bearer {v}" https://api.internal-billing.io/v2/invoices',
      'fetch(url, { headers: { Authorization: "Bearer {v}" } })',
      'the request fails with 401 although the header is Authorization: Bearer {v} as in the docs',
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Hard negatives: look-alikes no shipped rule may report

export const hardNegatives: HardNegative[] = [
  {
    category: 'secret',
    reason: 'environment variable reference instead of a password',
    text: (rng) => `environment:\n  - POSTGRES_USER=${pick(rng, WORDS)}\n  - POSTGRES_PASSWORD=\${POSTGRES_PASSWORD}\n  - API_KEY=\${${pick(rng, ['COHERE', 'MISTRAL', 'DEEPGRAM'])}_API_KEY}`,
  },
  {
    category: 'secret',
    reason: '.env.example placeholders',
    text: (rng) =>
      `${pick(rng, ['COHERE_API_KEY=your_cohere_api_key_here', 'MISTRAL_API_KEY=<your-mistral-key>', 'DD_API_KEY=<DATADOG_API_KEY>'])}\n` +
      'OKTA_API_TOKEN=changeme\nAUTH0_CLIENT_SECRET=your-auth0-client-secret',
  },
  {
    category: 'secret',
    reason: 'truncated keys quoted in prose',
    text: (rng) =>
      `my groq key starts with gsk_${body(rng, ALNUM, 12)}... and the databricks one with dapi${hexBody(rng, 10)}, the rest is in the vault`,
  },
  {
    category: 'secret',
    reason: 'RFC 7617 documentation example of basic auth',
    text: () => 'the RFC example is Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ== (Aladdin, open sesame)',
  },
  {
    category: 'secret',
    reason: 'git SHA and UUID next to credential words, without an assignment',
    text: (rng) =>
      `the token refresh fix landed in commit ${hexBody(rng, 40)}, see request ${uuid(rng)} in splunk for the 502s`,
  },
  {
    category: 'secret',
    reason: 'bearer and basic headers with template variables',
    text: (rng) =>
      pick(rng, [
        'curl -H "Authorization: Bearer $ACCESS_TOKEN" https://api.internal-billing.io/v2/invoices',
        'headers = {"Authorization": f"Bearer {token}"}',
        'fetch(url, { headers: { Authorization: `Bearer ${session.accessToken}` } })',
        'curl -H "Authorization: Basic <base64 of user:password>" https://jenkins.acme-corp.internal',
      ]),
  },
  {
    category: 'secret',
    reason: 'templated secrets in config management',
    text: (rng) =>
      `${pick(rng, ['password', 'db_password', 'api_key'])}: "{{ vault_${pick(rng, WORDS)}_password }}"\n` +
      'client_secret: ENC[AES256_GCM,data:3q8=,iv:Zx0=,tag:Pq1=,type:str]\n' +
      "token: ${{ secrets.DEPLOY_TOKEN }}",
  },
  {
    category: 'secret',
    reason: 'secrets read from the environment in code',
    text: (rng) =>
      pick(rng, [
        'api_key = os.environ["COHERE_API_KEY"]\nclient = cohere.ClientV2(api_key=api_key)',
        'const token = process.env.LINEAR_API_KEY;\nconst secret = settings.AUTH0_CLIENT_SECRET;',
        'password = get_secret("prod/db/password")',
      ]),
  },
  {
    category: 'secret',
    reason: 'bcrypt hash of a password, not the password',
    text: (rng) => `hashed_password: $2b$12$${body(rng, ALNUM + './', 53)}`,
  },
  {
    category: 'secret',
    reason: 'kubeadm documentation token and a CA cert hash',
    text: (rng) =>
      `kubeadm join k8s-api:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:${hexBody(rng, 64)}`,
  },
  {
    category: 'secret',
    reason: 'public identifiers that look like keys (age recipient, Mapbox public token shape, LaunchDarkly client id)',
    text: (rng) =>
      `encrypt to age1${body(rng, 'qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)} and set clientSideID: '${hexBody(rng, 24)}' in the frontend`,
  },
  {
    category: 'secret',
    reason: 'low-entropy and masked values in assignments',
    text: (rng) =>
      pick(rng, [
        'DD_API_KEY=00000000000000000000000000000000',
        'api_key: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
        'password = "****************"',
        'ZENDESK_API_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ]),
  },
  {
    category: 'secret',
    reason: 'hex digests in the position of a key, without a provider name',
    text: (rng) =>
      `sha256 of the build: ${hexBody(rng, 64)}\nmd5: ${hexBody(rng, 32)}\nversion 4.${int(rng, 0, 9)}.${int(rng, 0, 20)}`,
  },
  {
    category: 'secret',
    reason: 'Sentry URLs and DSN without a key',
    text: (rng) => `see https://sentry.io/organizations/${pick(rng, TEAMS)}/issues/${int(rng, 1000, 9999)}/ for the stack trace`,
  },
  {
    category: 'secret',
    reason: 'documentation examples of provider keys',
    text: () =>
      'the docs use y_NbAkKc66ryYTWUXYEu as the PagerDuty example and sk-proj-... for OpenAI keys',
  },
  {
    category: 'secret',
    reason: 'integrity hashes and package versions',
    text: (rng) =>
      `"integrity": "sha512-${b64(bytes(rng, 64))}", "version": "2.${int(rng, 0, 9)}.${int(rng, 0, 30)}"`,
  },
];
